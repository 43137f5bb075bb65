package io.bulkroute.ledger;

import java.time.Instant;

import io.bulkroute.model.LoadRequest;

/**
 * One load as the ledger holds it: the request it was started with (so a resumed load cuts its input into the same
 * batches again), its source's fingerprint ({@code sourceName}: the file's own name, with its size and SHA-256),
 * how many records it holds, and who holds it. A listing's entries have {@code finishedAt} too.
 */
public record LoadEntry(String loadId, LoadRequest request, String sourceName, long sourceSize, String sourceSha256,
                        long records, String state, String error, String owner, Instant leaseUntil, Instant startedAt,
                        Instant finishedAt) {

    /** A new load, RUNNING from now. */
    public static LoadEntry starting(String loadId, LoadRequest request, String sourceName, long sourceSize,
                                     String sourceSha256, long records) {
        return new LoadEntry(loadId, request, sourceName, sourceSize, sourceSha256, records, Ledger.RUNNING, null, null, null,
                Instant.now(), null);
    }

    /** It failed, and its jobs may not have been ended yet: a resume ends them and finishes it as FAILED. */
    public boolean isFailing() {
        return Ledger.FAILING.equals(state);
    }

    /** Neither RUNNING nor FAILING: its outcome is written. */
    public boolean isFinished() {
        return !Ledger.RUNNING.equals(state) && !isFailing();
    }
}
