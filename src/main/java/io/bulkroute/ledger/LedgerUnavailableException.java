package io.bulkroute.ledger;

/** The ledger's database cannot be reached or migrated: the service does not start without it. */
public class LedgerUnavailableException extends IllegalStateException {
    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
