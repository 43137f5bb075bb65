package io.bulkroute.salesforce;

import java.util.List;
import java.util.Map;

import io.bulkroute.model.Batch;
import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.salesforce.api.dto.bulk.BatchInfo;
import org.apache.camel.component.salesforce.api.dto.bulk.JobInfo;
import org.apache.camel.component.salesforce.api.dto.bulk.JobStateEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits one batch with {@code createBatch}, never twice: when an earlier attempt's answer may have
 * been lost (a dropped connection after Salesforce accepted the batch, or a crash: the ledger holds the
 * batch as cut but not as accepted), the job's batch list is checked first, and a batch we do not know
 * whose request has the same SHA-256 is taken as ours.
 */
public final class BatchSubmitter {
    private static final Logger LOG = LoggerFactory.getLogger(BatchSubmitter.class);

    /** The batch in the body, to the load's job. */
    public void submit(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load, @Body Batch batch, CamelContext camel) {
        SalesforceCalls salesforce = SalesforceCalls.of(camel);
        BatchRef ref = load.getBatches().get(batch.index() - 1);
        if (ref.isSubmitted()) {
            return;
        }
        // a batch whose earlier answer was lost is not declared unsent here: it is looked for before the job
        // is followed (LostBatches), since Salesforce may have taken it
        if (load.getJobEndedBeforeSubmission() != null) {
            ref.update(ref.getState(), "not sent: the job was " + load.getJobEndedBeforeSubmission()
                    + " before the batch could be submitted");
            return;
        }
        if (load.getStepFailure() != null) {
            // another batch failed for good: the load fails, no more batches are sent
            ref.update(ref.getState(), "not sent: " + load.getStepFailure().getMessage());
            return;
        }
        String jobId = load.getJobId();
        if (ref.isAnswerMayBeLost()) {
            if (LostBatches.match(camel, load, List.of(ref), null, RetryPolicy.ONCE) > 0) {
                // accepted before: not sent again
                return;
            }
        }
        BatchInfo info;
        try {
            info = salesforce.call(load, "createBatch", batch.csv(), Map.of("jobId", jobId, "contentType", "CSV"),
                    BatchInfo.class);
        } catch (RuntimeException e) {
            if (jobEnded(salesforce, load, e)) {
                ref.update(ref.getState(), "not sent: the job was " + load.getJobEndedBeforeSubmission()
                        + " before the batch could be submitted");
                return;
            }
            if (SalesforceFailure.of(e).answerMayBeLost()) {
                // Salesforce may have accepted the batch: the retry checks the job's batches first
                ref.answerMayBeLost();
            }
            throw e;
        }
        ref.setId(info.getId());
        load.ledger().batchSubmitted(load.getLoadId(), batch.index(), load.getJobId(), info.getId());
        ref.update(info.getState().value(), info.getStateMessage());
        LOG.info("Load {}: batch {} of {} records accepted as {}", load.getLoadId(), batch.index(), batch.records(), info.getId());
    }

    /**
     * A batch refused with {@code InvalidJobState} because the job was aborted (by someone else, or by
     * this load after it failed) is not an error of the upload: the job's own state says what happened.
     */
    private static boolean jobEnded(SalesforceCalls salesforce, LoadContext load, RuntimeException refusal) {
        if (!"InvalidJobState".equals(SalesforceFailure.of(refusal).code())) {
            return false;
        }
        JobInfo job = salesforce.call(load, "getJob", null, Map.of("jobId", load.getJobId()), JobInfo.class);
        if (job.getState() != JobStateEnum.ABORTED) {
            return false;
        }
        if (load.getJobEndedBeforeSubmission() == null) {
            LOG.warn("Load {}: job {} was aborted before all batches were sent; the batches not sent are unprocessed",
                    load.getLoadId(), load.getJobId());
        }
        load.jobEndedBeforeSubmission(job.getState().value());
        return true;
    }

}
