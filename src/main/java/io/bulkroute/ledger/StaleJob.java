package io.bulkroute.ledger;

import java.time.Instant;

/** A job still Open long after it was opened with no live load behind it, and how many batches it was given. */
public record StaleJob(String jobId, String api, String loadId, Instant openedAt, long batches) {
}
