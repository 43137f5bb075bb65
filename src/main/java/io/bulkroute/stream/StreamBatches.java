package io.bulkroute.stream;

import io.bulkroute.model.BulkHeaders;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * How the aggregator gathers a stream's records into a batch: each record is appended to the group's journal (on
 * disk, not in memory), and the group is complete when the batch is full (bulk.batch-size records or about
 * bulk.batch-max-bytes), or when the stream ends. The aggregated exchange carries only the group.
 */
public final class StreamBatches implements AggregationStrategy {
    /** Exchange property of the aggregated exchange: its {@link StreamLoad.Group}. */
    static final String GROUP = BulkHeaders.STREAM_GROUP;
    /** Exchange property the completion predicate reads. */
    static final String DONE = BulkHeaders.BATCH_DONE;

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        StreamRecord record = newExchange.getProperty(StreamRecord.PROPERTY, StreamRecord.class);
        Exchange aggregated = oldExchange == null ? newExchange : oldExchange;
        StreamLoad.Group group = aggregated.getProperty(GROUP, StreamLoad.Group.class);
        if (group == null) {
            group = record.stream().newGroup();
            aggregated.setProperty(GROUP, group);
            aggregated.setProperty(StreamLoad.PROPERTY, record.stream());
        }
        record.stream().add(group, record);
        aggregated.setProperty(DONE, group.done());
        return aggregated;
    }
}
