package io.bulkroute.lifecycle;

import io.bulkroute.model.BulkHeaders;

import io.bulkroute.model.JobRef;
import io.bulkroute.salesforce.Bulk2Http;

import java.util.Map;

import io.bulkroute.model.LoadContext;
import io.bulkroute.salesforce.LostJobSweeper;
import io.bulkroute.salesforce.RetryPolicy;
import io.bulkroute.salesforce.SalesforceCalls;
import io.bulkroute.salesforce.SalesforceFailure;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What several steps of a 2.0 job do alike: read the job, stream its data, abort it when the load stops,
 * give it up when Salesforce can no longer tell us about it, and tell the sweeper when it has ended. The
 * current job rides on the exchange as {@link #PROPERTY}.
 */
public final class Bulk2Jobs {
    private static final Logger LOG = LoggerFactory.getLogger(Bulk2Jobs.class);
    public static final String PROPERTY = BulkHeaders.JOB;
    private RetryPolicy retries = new RetryPolicy();
    private LostJobSweeper sweeper = new LostJobSweeper();
    private String apiVersion = "62.0";

    /** A job of the load failed for good, or the load itself did: no more jobs are opened, the running ones end. */
    static boolean stopping(LoadContext load) {
        return load.getStepFailure() != null || load.isFailed();
    }

    /** {@code bulk2GetJob}, made once: the error handler retries the step around it. */
    Job get(CamelContext camel, LoadContext load, JobRef ref) {
        return SalesforceCalls.of(camel).call(load, "bulk2GetJob", null, Map.of("jobId", ref.getId()), Job.class);
    }

    /**
     * Aborts one job, retrying transient faults; a job already ended keeps its state. Never throws. A job that was
     * closed and cannot be aborted is followed to its end; an Open one that cannot be leaves its load unfinished.
     */
    void abort(CamelContext camel, LoadContext load, JobRef ref) {
        SalesforceCalls calls = SalesforceCalls.of(camel);
        try {
            Job job = retries.call(() -> calls.callOnce(load, "bulk2AbortJob", Map.of("jobId", ref.getId()), Job.class));
            ref.setState(stateOf(job));
            if (!ref.isUploaded()) {
                ref.setNeverClosed(true);
            }
            LOG.warn("Load {}: job {} aborted", load.getLoadId(), ref.getId());
        } catch (RuntimeException e) {
            SalesforceFailure failure = SalesforceFailure.of(e);
            if (failure.jobStateRefused()) {
                ref.setState(failure.jobState());
            } else if (failure.isNotFound()) {
                gone(load, ref, e);
            } else if (!ref.isUploaded()) {
                // an Open job never ends by itself: the load stays unfinished, and the resume that ends it aborts it
                LOG.error("Load {}: job {} could not be aborted ({}); resume the load to abort it", load.getLoadId(),
                        ref.getId(), failure.describe());
                load.leaveForResume();
            } else {
                LOG.error("Load {}: job {} could not be aborted: {}", load.getLoadId(), ref.getId(), failure.describe());
            }
        }
    }

    /** A job Salesforce no longer knows (deleted by someone else), or can no longer tell us about: its rows are unprocessed. */
    static void gone(LoadContext load, JobRef ref, RuntimeException e) {
        SalesforceFailure failure = SalesforceFailure.of(e);
        if (failure.isNotFound()) {
            ref.setState("Deleted");
        } else {
            // it may still be there once the faults pass: a resume follows it again
            load.leaveForResume();
        }
        ref.setErrorMessage("The job could not be followed to its end: " + failure.describe());
        LOG.error("Load {}: job {} cannot be followed any more ({}); its records are counted unprocessed", load.getLoadId(),
                ref.getId(), failure.describe());
    }

    /** The state as Salesforce spells it: the DTO's enum keeps that spelling only in its Jackson annotation. */
    static String stateOf(Job job) {
        return switch (job.getState()) {
            case OPEN -> "Open";
            case CLOSED -> "Closed";
            case UPLOAD_COMPLETE -> "UploadComplete";
            case IN_PROGRESS -> "InProgress";
            case ABORTED -> "Aborted";
            case JOB_COMPLETE -> "JobComplete";
            case FAILED -> "Failed";
        };
    }

    /** The upload and the result downloads, streamed. */
    Bulk2Http http(CamelContext camel) {
        return new Bulk2Http(camel, apiVersion);
    }

    RetryPolicy retries() {
        return retries;
    }

    LostJobSweeper sweeper() {
        return sweeper;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public void setSweeper(LostJobSweeper sweeper) {
        this.sweeper = sweeper;
    }

    public void setRetryPolicy(RetryPolicy retries) {
        this.retries = retries;
    }
}
