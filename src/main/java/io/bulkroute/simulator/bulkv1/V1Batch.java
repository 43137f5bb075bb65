package io.bulkroute.simulator.bulkv1;

import java.nio.file.Path;
import java.time.Instant;

/** A Bulk 1.0 batch: its uploaded CSV and results live in the spool, its state and counters here. */
final class V1Batch {
    final String id;
    final V1Job job;
    final Path request;
    final Path result;
    final Instant created = Instant.now();
    volatile Instant modified = created;
    volatile String state = "Queued";
    volatile String stateMessage;
    volatile long processed;
    volatile long failed;
    volatile long processingMillis;

    V1Batch(String id, V1Job job, Path request, Path result) {
        this.id = id;
        this.job = job;
        this.request = request;
        this.result = result;
    }

    synchronized void moveTo(String newState, String message) {
        state = newState;
        stateMessage = message;
        modified = Instant.now();
    }

    boolean ended() {
        return state.equals("Completed") || state.equals("Failed") || state.equals("NotProcessed");
    }
}
