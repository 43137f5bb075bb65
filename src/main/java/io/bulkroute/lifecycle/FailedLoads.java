package io.bulkroute.lifecycle;

import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;


import io.bulkroute.model.JobRef;
import io.bulkroute.outcome.ResultJoiner;
import io.bulkroute.salesforce.RetryPolicy;
import io.bulkroute.salesforce.SalesforceFailure;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a load that failed after its job was opened: its jobs are aborted (or closed), what was submitted is
 * followed to its end and joined (route {@code bulk-end-failed-load}), in an exchange of its own. The
 * failed exchange is in its error handler, where Camel retries nothing and takes any new failure for a
 * circular one; the new exchange gets the usual retries. When even they run out, the load is settled
 * with what is known: every row not yet in an outcome file is unprocessed, with the reason, the report
 * says FAILED, and the ledger keeps the load unfinished (FAILING) with its spools, so {@code resume}
 * follows its jobs again and writes its exact outcome.
 */
public final class FailedLoads extends AsyncProcessorSupport {
    private static final Logger LOG = LoggerFactory.getLogger(FailedLoads.class);
    /** Set on the exchange that ends a failed load: its own failures are not handled as a new load failure. */
    public static final String ENDING = RetryPolicy.ENDING_FAILED_LOAD;

    private Loads loads;
    private volatile AsyncProducer producer;

    /**
     * Asynchronous: the failure may have been met on one of the HTTP client's own threads, which must not wait
     * for the calls the ending makes through that same client.
     */
    @Override
    public boolean process(Exchange failed, AsyncCallback callback) {
        LoadContext load = failed.getProperty(LoadContext.PROPERTY, LoadContext.class);
        // a load that failed before its input was read has nothing to end; one that was followed has ended
        if (load == null || load.getOutcomes() == null || load.getFinishedAt() != null) {
            callback.done(true);
            return true;
        }
        Exchange ending = new DefaultExchange(failed.getContext());
        ending.setProperty(LoadContext.PROPERTY, load);
        ending.setProperty(ENDING, Boolean.TRUE);
        AsyncProducer producer;
        try {
            producer = producer(failed.getContext());
        } catch (Exception e) {
            settle(load, e);
            callback.done(true);
            return true;
        }
        return producer.process(ending, doneSync -> {
            try {
                if (ending.getException() != null && load.getFinishedAt() == null) {
                    settle(load, ending.getException());
                }
            } catch (RuntimeException e) {
                LOG.error("Load {}: its outcome could not be written: {}", load.getLoadId(), SalesforceFailure.of(e).describe());
            } finally {
                callback.done(doneSync);
            }
        });
    }

    private AsyncProducer producer(CamelContext camel) throws Exception {
        AsyncProducer p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    AsyncProducer created = camel.getEndpoint("direct:bulk-end-failed-load").createAsyncProducer();
                    created.start();
                    producer = created;
                }
                p = producer;
            }
        }
        return p;
    }

    /** The rows no outcome file holds yet are unprocessed, with the reason; the load stays to be resumed. */
    private void settle(LoadContext load, Exception e) {
        String reason = "the failed load could not be followed to its end (" + SalesforceFailure.of(e).describe()
                + "); resume it to follow its jobs again";
        LOG.error("Load {}: {}", load.getLoadId(), reason);
        for (BatchRef batch : load.getBatches()) {
            if (batch.getRowsWritten() < batch.getRecords()) {
                batch.update(batch.getState(), reason);
                ResultJoiner.unprocessedFrom(load, batch, batch.getRowsWritten());
            }
        }
        // their rows are written unprocessed as the load finishes (LoadEnd.settleUnjoined), with this reason
        for (JobRef job : load.getJobs()) {
            if (!job.isCollected()) {
                job.setErrorMessage(reason);
            }
        }
        load.leaveForResume();
        loads.finish(load, false);
    }

    public void setLoads(Loads loads) {
        this.loads = loads;
    }
}
