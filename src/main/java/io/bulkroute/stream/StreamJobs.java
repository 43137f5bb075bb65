package io.bulkroute.stream;

import java.time.Instant;

import io.bulkroute.model.Batch;
import io.bulkroute.model.LoadContext;
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
    public boolean jobAtLimit(@ExchangeProperty(StreamLoad.PROPERTY) StreamLoad stream) {
        JobPart part = stream.currentPart();
        LoadContext load = stream.load();
        if (part == null || !"Open".equals(load.getJobState())) {
            return false;
        }
        boolean full = part.size() >= stream.jobMaxBatches();
        boolean old = part.openedAt().plus(registry.jobMaxAge()).isBefore(Instant.now());
        if (full || old) {
            LOG.info("Load {}: job {} has {}; closing it, the stream goes on in a new job", load.getLoadId(), part.jobId(),
                    full ? part.size() + " batches" : "been open since " + part.openedAt());
        }
        return full || old;
    }

    /** The load's job was just opened: the stream's batches go to it from now on. */
    public void jobOpened(@ExchangeProperty(StreamLoad.PROPERTY) StreamLoad stream) {
        stream.jobOpened(stream.load().getJobId());
    }

    /** The batch about to be sent belongs to the job now open, or, when none could be opened, to none. */
    public void assign(@ExchangeProperty(StreamLoad.PROPERTY) StreamLoad stream, @Body Batch batch) {
        LoadContext load = stream.load();
        stream.assign(load.getBatches().get(batch.index() - 1),
                load.getStepFailure() == null && "Open".equals(load.getJobState()));
    }

    public void setRegistry(StreamRegistry registry) {
        this.registry = registry;
    }
}
