package io.bulkroute.trigger.http;

import io.bulkroute.model.BulkHeaders;

import java.util.LinkedHashMap;
import java.util.Map;

import io.bulkroute.input.BadMessageException;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Counts the records of one {@code POST /api/loads/{id}/records} call as its split takes them: those the
 * stream took (on disk before the answer) and those it refused (to the dead-letter channel, with the reason).
 * The answer's body is the tally.
 */
public final class RecordTally implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange tally, Exchange record) {
        if (tally == null) {
            tally = record.copy();
            tally.getIn().setBody(new LinkedHashMap<>(Map.of("taken", 0L, "refused", 0L)));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = tally.getIn().getBody(Map.class);
        if (record.getIn().getHeader(BulkHeaders.MESSAGE_KEY) == null) {
            // a blank line: no record
            return tally;
        }
        if (record.getException() != null || record.getProperty(Exchange.EXCEPTION_CAUGHT) != null
                && !Boolean.TRUE.equals(record.getProperty(BadMessageException.REJECTED, Boolean.class))) {
            // not on disk (a full disk, the ledger): the call fails, for the client to send its records again
            Throwable failure = record.getException() != null ? record.getException()
                    : record.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            throw new IllegalStateException("A record could not be taken: " + failure.getMessage(), failure);
        }
        String key = Boolean.TRUE.equals(record.getProperty(BadMessageException.REJECTED, Boolean.class)) ? "refused" : "taken";
        counts.merge(key, 1L, (a, b) -> (Long) a + (Long) b);
        return tally;
    }
}
