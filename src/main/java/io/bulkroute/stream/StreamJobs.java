package io.bulkroute.stream;

import java.time.Instant;

import io.bulkroute.model.Batch;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.V1Job;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bulk 1.0 jobs of a stream: the one being filled, its limits (a job takes at most bulk.stream.job-max-batches
 * batches and is closed after bulk.stream.job-max-age, and the stream goes on in a new job), and which job each
 * batch went to.
 */
public final class StreamJobs {
    private static final Logger LOG = LoggerFactory.getLogger(StreamJobs.class);

    private StreamRegistry registry;

    /** True when the job being filled has reached its limits. */
    public boolean jobAtLimit(@ExchangeProperty(StreamLoad.PROPERTY) StreamLoad stream,
                              @ExchangeProperty(V1Job.PROPERTY) V1Job job) {
        LoadContext load = stream.load();
        if (job == null || job.getId() == null || !"Open".equals(job.getState())) {
            return false;
        }
        boolean full = job.getBatchCount() >= stream.jobMaxBatches();
        boolean old = job.getOpenedAt().plus(registry.jobMaxAge()).isBefore(Instant.now());
        if (full || old) {
            LOG.info("Load {}: job {} has {}; closing it, the stream goes on in a new job", load.getLoadId(), job.getId(),
                    full ? job.getBatchCount() + " batches" : "been open since " + job.getOpenedAt());
        }
        return full || old;
    }

    /** The job to open for the stream's next batches: the one being filled was opened before (see LoadContext). */
    public V1Job jobToOpen(@ExchangeProperty(StreamLoad.PROPERTY) StreamLoad stream) {
        return stream.load().getNextV1Job();
    }

    /** The batch about to be sent belongs to the job now open, or, when none could be opened, to none. */
    public void assign(@ExchangeProperty(StreamLoad.PROPERTY) StreamLoad stream, @ExchangeProperty(V1Job.PROPERTY) V1Job job,
                       @Body Batch batch) {
        LoadContext load = stream.load();
        stream.assign(load.batchOfPiece(batch.index()), job,
                load.getStepFailure() == null && job != null && "Open".equals(job.getState()));
    }

    public void setRegistry(StreamRegistry registry) {
        this.registry = registry;
    }
}
