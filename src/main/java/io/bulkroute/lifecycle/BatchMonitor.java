package io.bulkroute.lifecycle;

import io.bulkroute.model.BulkHeaders;

import java.util.List;
import java.util.Map;

import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.PollBackoff;
import io.bulkroute.model.V1Job;
import io.bulkroute.salesforce.LostBatches;
import io.bulkroute.salesforce.RetryPolicy;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.salesforce.api.dto.bulk.BatchInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each status poll ({@code getAllBatches}) of the job being followed into its batches, logs progress, and decides whether
 * to poll again and after how long (exchange properties {@code bulkMonitoring}, {@code bulkPollDelay}, set in
 * {@code loop}: the exchange's properties).
 */
public final class BatchMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(BatchMonitor.class);

    /** Before the first poll: each follow has a backoff of its own, with the load's settings. */
    public void start(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load, @ExchangeProperty(V1Job.PROPERTY) V1Job job,
                      @ExchangeProperties Map<String, Object> loop) {
        PollBackoff backoff = load.getBackoff().fresh();
        loop.put(BulkHeaders.BACKOFF, backoff);
        loop.put(BulkHeaders.MONITORING, job.getBatches().stream().anyMatch(b -> b.isSubmitted() && !b.isEnded()));
        loop.put(BulkHeaders.POLL_DELAY, backoff.first());
    }

    /** One answer of {@code getAllBatches}: the job's batches. */
    public void update(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load, @ExchangeProperty(V1Job.PROPERTY) V1Job job,
                       @ExchangeProperty(BulkHeaders.BACKOFF) PollBackoff backoff, @Body List<BatchInfo> infos,
                       @ExchangeProperties Map<String, Object> loop, CamelContext camel) {
        List<BatchRef> lost = job.getBatches().stream().filter(b -> !b.isSubmitted() && b.isAnswerMayBeLost()).toList();
        if (!lost.isEmpty() && infos.stream().anyMatch(info -> job.batchById(info.getId()) == null)) {
            LostBatches.match(camel, load, job, lost, infos, RetryPolicy.ONCE);
        }
        long processed = 0;
        for (BatchInfo info : infos) {
            BatchRef ref = job.batchById(info.getId());
            if (ref == null) {
                LOG.warn("Load {}: job {} has a batch {} this load did not submit, whose request is none of the load's",
                        load.getLoadId(), job.getId(), info.getId());
                continue;
            }
            ref.update(info.getState().value(), info.getStateMessage());
            processed += info.getNumberRecordsProcessed();
        }
        List<BatchRef> submitted = job.getBatches().stream().filter(BatchRef::isSubmitted).toList();
        long ended = submitted.stream().filter(BatchRef::isEnded).count();
        long records = submitted.stream().mapToLong(BatchRef::getRecords).sum();
        long total = Math.max(1, load.getTotalRecords());
        LOG.info("Load {}: job {}: {}/{} batches ended, {} records processed ({}%)", load.getLoadId(), job.getId(),
                ended, submitted.size(), processed, processed * 100 / total);
        loop.put(BulkHeaders.MONITORING, ended < submitted.size());
        loop.put(BulkHeaders.POLL_DELAY, backoff.after(processed, records));
    }
}
