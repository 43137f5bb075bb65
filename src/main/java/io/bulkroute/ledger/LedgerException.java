package io.bulkroute.ledger;

/** The ledger could not record what a load did: the load stops rather than go on unrecorded. */
public class LedgerException extends RuntimeException {
    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
