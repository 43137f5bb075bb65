package io.bulkroute.salesforce;

import io.bulkroute.model.Api;

import java.time.Instant;
import java.util.Map;

import io.bulkroute.model.LoadContext;
import io.bulkroute.model.V1Job;
import io.bulkroute.salesforce.LostJobSweeper.LostCreate;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.salesforce.api.dto.bulk.JobInfo;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobTypeEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens, closes and aborts Bulk 1.0 jobs so that a job this application opened is never left Open:
 * <ul>
 * <li>closing and aborting are idempotent: after a retry whose first answer was lost, "Closing already
 * Closed Job not allowed" means the close took effect. A job that someone else aborted is not an error
 * of ours: its queued batches end NotProcessed and are accounted for.</li>
 * <li>a {@code createJob} whose answer was lost (a dropped connection, a timeout) may have opened a job
 * all the same, whose id nobody knows. Once a later attempt has opened the load's job, the
 * {@link LostJobSweeper} finds every such orphan and aborts it.</li>
 * </ul>
 */
public final class JobControl {
    private static final Logger LOG = LoggerFactory.getLogger(JobControl.class);
    private String onFailure = "abort";
    private LostJobSweeper sweeper = new LostJobSweeper();
    private RetryPolicy retries = new RetryPolicy();

    /** {@code abort} (the default) or {@code close}: what to do with the job of a load that failed. */
    public void setOnFailure(String onFailure) {
        this.onFailure = onFailure == null || onFailure.isBlank() ? "abort" : onFailure.trim();
    }

    /** {@code createJob} with the body's JobInfo; a failed attempt is remembered, for {@link #abortOrphans}. */
    public JobInfo open(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load, @ExchangeProperty(V1Job.PROPERTY) V1Job v1Job,
                        @Body JobInfo wanted, CamelContext camel) {
        Instant attempt = Instant.now();
        try {
            JobInfo job = sweeper.create(
                    () -> SalesforceCalls.of(camel).call(load, "createJob", wanted, Map.of(), JobInfo.class));
            sweeper.opened(job.getId());
            v1Job.setCreatedById(job.getCreatedById());
            return job;
        } catch (RuntimeException e) {
            if (SalesforceFailure.of(e).answerMayBeLost()) {
                // the call may have taken effect although no answer came back
                v1Job.createAnswerLost(attempt);
            }
            throw e;
        }
    }

    /**
     * Aborts the jobs that {@code createJob} attempts whose answer was lost may have opened: once the load's job
     * is open, and again when a load fails (its job may never have opened). Each call is retried on its own, so
     * under faults the sweep does not have to get all its calls through in one go.
     */
    public void abortOrphans(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load,
                             @ExchangeProperty(V1Job.PROPERTY) V1Job job, CamelContext camel) {
        Instant since = load == null || job == null ? null : job.getCreateAnswerLostSince();
        // a 2.0 load's lost creates are swept by its own steps (Bulk2JobSteps), among 2.0 jobs
        if (since == null || !Api.V1.is(load.getApi())) {
            return;
        }
        // the load's own job says who we are; without one, the session does
        String me = job.getCreatedById() != null ? job.getCreatedById() : SalesforceCalls.userId(camel);
        sweeper.sweep(SalesforceCalls.of(camel), load,
                LostCreate.of(JobTypeEnum.CLASSIC, load.getRequest(), me, since), retries);
        job.orphansHandled();
    }

    /** The completion signal has been reached: no more batches will come. */
    public void close(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load, @ExchangeProperty(V1Job.PROPERTY) V1Job job,
                      CamelContext camel) {
        change(SalesforceCalls.of(camel), load, job, "closeJob", "Closed");
    }

    /** After a failure: abort the job (or close it, with {@code bulk.on-failure=close}) so it is never left Open. */
    public void endAfterFailure(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load,
                                @ExchangeProperty(V1Job.PROPERTY) V1Job job, CamelContext camel) {
        if (load == null || job == null || job.getId() == null) {
            return;
        }
        SalesforceCalls salesforce = SalesforceCalls.of(camel);
        if ("Closed".equals(job.getState()) && !"close".equals(onFailure)) {
            change(salesforce, load, job, "abortJob", "Aborted");
        } else if (!"Closed".equals(job.getState()) && !"Aborted".equals(job.getState())) {
            change(salesforce, load, job, "close".equals(onFailure) ? "closeJob" : "abortJob",
                    "close".equals(onFailure) ? "Closed" : "Aborted");
        }
    }

    private void change(SalesforceCalls salesforce, LoadContext load, V1Job v1Job, String operation, String target) {
        try {
            JobInfo job = salesforce.call(load, operation, null, Map.of("jobId", v1Job.getId()), JobInfo.class);
            v1Job.setState(job.getState().value());
            LOG.info("Load {}: job {} is {}", load.getLoadId(), v1Job.getId(), v1Job.getState());
        } catch (RuntimeException e) {
            SalesforceFailure failure = SalesforceFailure.of(e);
            if (failure.jobAlreadyIn(target)) {
                v1Job.setState(target);
            } else if (failure.jobAlreadyIn("Aborted")) {
                v1Job.setState("Aborted");
                LOG.warn("Load {}: job {} was aborted by someone else", load.getLoadId(), v1Job.getId());
            } else {
                throw e;
            }
        }
        sweeper.ended(v1Job.getId());
    }

    public void setSweeper(LostJobSweeper sweeper) {
        this.sweeper = sweeper;
    }

    public void setRetryPolicy(RetryPolicy retries) {
        this.retries = retries;
    }
}
