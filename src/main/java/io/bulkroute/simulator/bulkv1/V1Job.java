package io.bulkroute.simulator.bulkv1;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.bulkroute.simulator.org.Operation;
import io.bulkroute.simulator.processing.Workers;

/** A Bulk 1.0 job: Open until closed or aborted, with the batches added to it. */
final class V1Job {
    final String id;
    final String object;
    final Operation operation;
    final String externalIdFieldName;
    final String concurrencyMode;
    final String contentType;
    final String apiVersion;
    final String createdById;
    final Instant created = Instant.now();
    volatile Instant modified = created;
    volatile String state = "Open";
    final List<V1Batch> batches = new CopyOnWriteArrayList<>();
    /** Serial jobs run their batches one after another on this chain; null for Parallel jobs. */
    final Workers.SerialChain serial;

    V1Job(String id, String object, Operation operation, String externalIdFieldName, String concurrencyMode,
          String contentType, String apiVersion, String createdById, Workers.SerialChain serial) {
        this.id = id;
        this.object = object;
        this.operation = operation;
        this.externalIdFieldName = externalIdFieldName;
        this.concurrencyMode = concurrencyMode;
        this.contentType = contentType;
        this.apiVersion = apiVersion;
        this.createdById = createdById;
        this.serial = serial;
    }

    long count(String batchState) {
        return batches.stream().filter(b -> b.state.equals(batchState)).count();
    }

    long recordsProcessed() {
        return batches.stream().mapToLong(b -> b.processed).sum();
    }

    long recordsFailed() {
        return batches.stream().mapToLong(b -> b.failed).sum();
    }

    long processingMillis() {
        return batches.stream().mapToLong(b -> b.processingMillis).sum();
    }
}
