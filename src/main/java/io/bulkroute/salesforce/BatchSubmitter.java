package io.bulkroute.salesforce;

import java.util.List;
import java.util.Map;

import io.bulkroute.model.Batch;
import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.V1Job;
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

    /** The batch in the body, to the job being filled. */
    public void submit(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load, @ExchangeProperty(V1Job.PROPERTY) V1Job job,
                       @Body Batch batch, CamelContext camel) {
        SalesforceCalls salesforce = SalesforceCalls.of(camel);
        BatchRef ref = load.batchOfPiece(batch.index());
        if (ref.isSubmitted()) {
            return;
        }
        // a batch whose earlier answer was lost is not declared unsent here: it is looked for before the job
        // is followed (LostBatches), since Salesforce may have taken it
        if (job.getEndedBeforeSubmission() != null) {
            ref.update(ref.getState(), "not sent: the job was " + job.getEndedBeforeSubmission()
                    + " before the batch could be submitted");
            return;
        }
        if (load.getStepFailure() != null) {
            // another batch failed for good: the load fails, no more batches are sent
            ref.update(ref.getState(), "not sent: " + load.getStepFailure().getMessage());
            return;
        }
        String jobId = job.getId();
        if (ref.isAnswerMayBeLost()) {
            if (LostBatches.match(camel, load, job, List.of(ref), null, RetryPolicy.ONCE) > 0) {
                // accepted before: not sent again
                return;
            }
        }
        BatchInfo info;
        try {
            info = salesforce.call(load, "createBatch", batch.csv(), Map.of("jobId", jobId, "contentType", "CSV"),
                    BatchInfo.class);
        } catch (RuntimeException e) {
            if (jobEnded(salesforce, load, job, e)) {
                ref.update(ref.getState(), "not sent: the job was " + job.getEndedBeforeSubmission()
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
        load.ledger().batchSubmitted(load.getLoadId(), batch.index(), job.getId(), info.getId());
        ref.update(info.getState().value(), info.getStateMessage());
        LOG.info("Load {}: batch {} of {} records accepted as {}", load.getLoadId(), batch.index(), batch.records(), info.getId());
    }

    /**
     * A batch refused with {@code InvalidJobState} because the job was aborted (by someone else, or by
     * this load after it failed) is not an error of the upload: the job's own state says what happened.
     */
    private static boolean jobEnded(SalesforceCalls salesforce, LoadContext load, V1Job v1Job, RuntimeException refusal) {
        if (!"InvalidJobState".equals(SalesforceFailure.of(refusal).code())) {
            return false;
        }
        JobInfo job = salesforce.call(load, "getJob", null, Map.of("jobId", v1Job.getId()), JobInfo.class);
        if (job.getState() != JobStateEnum.ABORTED) {
            return false;
        }
        if (v1Job.getEndedBeforeSubmission() == null) {
            LOG.warn("Load {}: job {} was aborted before all batches were sent; the batches not sent are unprocessed",
                    load.getLoadId(), v1Job.getId());
        }
        v1Job.endedBeforeSubmission(job.getState().value());
        return true;
    }

}
