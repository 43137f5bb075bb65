package io.bulkroute.input;

import io.bulkroute.model.BulkHeaders;

/** A message no load can take (not CSV, not JSON, no load id, a load that has ended): it goes to the dead-letter channel. */
public final class BadMessageException extends RuntimeException {
    public BadMessageException(String reason) {
        super(reason);
    }

    /** Marks the exchange for the dead-letter channel: its envelope names this reason. */
    public static void reject(org.apache.camel.Exchange exchange, String reason) {
        exchange.setProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, new BadMessageException(reason));
        exchange.setProperty(REJECTED, true);
    }

    /** Exchange property: the message was rejected (see {@link #reject}). */
    public static final String REJECTED = BulkHeaders.REJECTED;
}
