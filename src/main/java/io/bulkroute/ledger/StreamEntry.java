package io.bulkroute.ledger;

import java.time.Duration;
import java.time.Instant;

/**
 * A record stream as the ledger holds it, beside its load: where its journals are ({@code workDir}), the trigger's
 * parameters a restarted service needs to take it up again, and whether it still takes records
 * ({@code OPEN}, {@code ENDING} once its completion signal is in, {@code ENDED}).
 */
public record StreamEntry(String loadId, String source, String workDir, String externalId, int batchSize,
                          Duration idleTimeout, int jobMaxBatches, String state, String endedBy, Instant startedAt,
                          Instant endedAt) {
    public static final String OPEN = "OPEN";
    public static final String ENDING = "ENDING";
    public static final String ENDED = "ENDED";

    /** A new stream, OPEN from now. */
    public static StreamEntry opening(String loadId, String source, String workDir, String externalId, int batchSize,
                                      Duration idleTimeout, int jobMaxBatches) {
        return new StreamEntry(loadId, source, workDir, externalId, batchSize, idleTimeout, jobMaxBatches, OPEN, null,
                Instant.now(), null);
    }

    /** Its completion signal was in (ENDING or ENDED): what is left is sent, then its jobs are closed and followed. */
    public boolean isEnding() {
        return ENDING.equals(state) || ENDED.equals(state);
    }
}
