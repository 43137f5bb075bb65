package io.bulkroute.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.bulkroute.model.BatchRef;

/** One Bulk 1.0 job of a record stream and the batches sent to it (null job: batches that could not be sent to any). */
final class JobPart {
    private final String jobId;
    private final Instant openedAt;
    private final List<BatchRef> batches = new ArrayList<>();

    JobPart(String jobId, Instant openedAt) {
        this.jobId = jobId;
        this.openedAt = openedAt;
    }

    String jobId() {
        return jobId;
    }

    Instant openedAt() {
        return openedAt;
    }

    synchronized void add(BatchRef batch) {
        batches.add(batch);
    }

    synchronized List<BatchRef> batches() {
        return new ArrayList<>(batches);
    }

    synchronized int size() {
        return batches.size();
    }
}
