package io.bulkroute.stream;

import io.bulkroute.model.BulkHeaders;

import io.bulkroute.ledger.Ledger;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.LoadFailedException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a stream ends: its completion signal was in a group just sent, or a batch failed for good (the stream then
 * refuses records and sends itself an end signal); and, once its jobs were followed, it takes no more records.
 * Both are written to the ledger, so a restart takes the stream up again as one that ends.
 */
public final class StreamEnd {
    private static final Logger LOG = LoggerFactory.getLogger(StreamEnd.class);

    private Ledger ledger;

    /**
     * After a group's batches: true when the stream ends now (its end signal was in this group). A batch that failed
     * for good fails the stream (property bulkStreamFailing): an end signal is to be sent (header bulkLoadId).
     */
    public boolean afterBatches(Exchange exchange) {
        StreamLoad stream = exchange.getProperty(StreamLoad.PROPERTY, StreamLoad.class);
        StreamLoad.Group group = exchange.getProperty(StreamBatches.GROUP, StreamLoad.Group.class);
        LoadFailedException failure = stream.load().getStepFailure();
        exchange.getIn().setHeader(BulkHeaders.LOAD_ID, stream.loadId());
        exchange.setProperty(BulkHeaders.ENDED_BY, "failure");
        exchange.setProperty(BulkHeaders.STREAM_FAILING, !group.ends() && failure != null && stream.failing());
        if (failure != null) {
            LOG.error("Load {}: the stream fails: {}", stream.loadId(), failure.getMessage());
        }
        if (group.ends()) {
            ledger.streamRecords().ending(stream.loadId(), stream.endedBy());
            LOG.info("Load {}: stream ended by {} after {} records in {} batches", stream.loadId(), stream.endedBy(),
                    stream.load().getRecordsCut(), stream.load().getBatchCount());
        }
        return group.ends();
    }

    /**
     * The stream takes no more records; later messages for its load go to the dead-letter channel. Written
     * before the load's outcome: a crash between the two is taken up again as a stream that ends.
     */
    public void ended(Exchange exchange) {
        StreamLoad stream = exchange.getProperty(StreamLoad.PROPERTY, StreamLoad.class);
        stream.ended();
        ledger.streamRecords().ended(stream.loadId(), stream.endedBy());
        exchange.setProperty(LoadContext.PROPERTY, stream.load());
    }

    public void setLedger(Ledger ledger) {
        this.ledger = ledger;
    }
}
