package io.bulkroute.ledger;

import java.time.Instant;

/** One Salesforce job as the ledger holds it: the load and piece it belongs to (piece 0: a 1.0 load's job) and its last known state. */
public record JobEntry(String jobId, String loadId, String api, int piece, String state, Instant openedAt, Instant updatedAt) {
}
