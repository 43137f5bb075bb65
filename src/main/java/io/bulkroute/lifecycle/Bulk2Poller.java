package io.bulkroute.lifecycle;

import io.bulkroute.model.BulkHeaders;

import io.bulkroute.model.JobRef;

import io.bulkroute.model.LoadContext;
import io.bulkroute.model.PollBackoff;
import io.bulkroute.model.PollPolicy;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows an uploaded 2.0 job with {@code bulk2GetJob} until it ends, backing off between polls
 * ({@code bulk.poll.*}): the loop of routes/load-v2.camel.yaml polls while {@code bulkMonitoring} holds,
 * {@code bulkPollDelay} apart. Those two, and the backoff between them, are exchange properties the steps set for
 * the loop ({@code loop}: the exchange's properties).
 */
public final class Bulk2Poller {
    private static final Logger LOG = LoggerFactory.getLogger(Bulk2Poller.class);
    private PollPolicy pollPolicy = new PollPolicy();
    private Bulk2Jobs jobs = new Bulk2Jobs();

    /** Before the first poll; a job never uploaded has nothing to follow. */
    public void startMonitoring(@ExchangeProperty(Bulk2Jobs.PROPERTY) JobRef ref, @ExchangeProperties Map<String, Object> loop) {
        PollBackoff backoff = pollPolicy.start();
        loop.put(BulkHeaders.BACKOFF, backoff);
        loop.put(BulkHeaders.MONITORING, ref.getId() != null && ref.isUploaded() && !ref.isNeverClosed()
                && !ref.getState().equals("Deleted"));
        loop.put(BulkHeaders.POLL_DELAY, backoff.first());
    }

    /**
     * One {@code bulk2GetJob} (after aborting the job if the load is stopping). A failure goes to the error
     * handler, which retries transient ones; in a load that has already failed (its failure handling follows
     * what its jobs left) a call is retried here, and a job that cannot be followed any more ends its follow
     * with its rows unprocessed.
     */
    public void poll(@ExchangeProperty(Bulk2Jobs.PROPERTY) JobRef ref, @ExchangeProperty(LoadContext.PROPERTY) LoadContext load,
                     @ExchangeProperty(BulkHeaders.BACKOFF) PollBackoff backoff, @ExchangeProperties Map<String, Object> loop,
                     CamelContext camel) {
        if (Bulk2Jobs.stopping(load) && !ref.isEnded()) {
            // another job failed: this one is aborted, and followed until it has settled
            jobs.abort(camel, load, ref);
        }
        Job job;
        if (load.isFailed()) {
            try {
                job = jobs.retries().call(() -> jobs.get(camel, load, ref));
            } catch (RuntimeException e) {
                Bulk2Jobs.gone(load, ref, e);
                loop.put(BulkHeaders.MONITORING, false);
                return;
            }
        } else {
            job = jobs.get(camel, load, ref);
        }
        ref.setState(Bulk2Jobs.stateOf(job));
        ref.setErrorMessage(job.getErrorMessage());
        long processed = job.getNumberRecordsProcessed() == null ? 0 : job.getNumberRecordsProcessed();
        long failed = job.getNumberRecordsFailed() == null ? 0 : job.getNumberRecordsFailed();
        ref.progress(processed, failed);
        LOG.info("Load {}: job {} {}: {} of {} records processed ({}%), {} failed", load.getLoadId(), ref.getId(),
                ref.getState(), processed, ref.getRecords(), processed * 100 / Math.max(1, ref.getRecords()), failed);
        loop.put(BulkHeaders.MONITORING, !ref.isEnded());
        loop.put(BulkHeaders.POLL_DELAY, backoff.after(processed, ref.getRecords()));
    }

    public void setPollPolicy(PollPolicy pollPolicy) {
        this.pollPolicy = pollPolicy;
    }

    public void setJobs(Bulk2Jobs jobs) {
        this.jobs = jobs;
    }
}
