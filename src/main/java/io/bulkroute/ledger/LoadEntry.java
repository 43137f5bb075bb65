package io.bulkroute.ledger;

import java.time.Instant;

/**
 * One load as the ledger holds it: its source's fingerprint, the parameters it was started with (so a
 * resumed load cuts its input into the same batches again), and who holds it.
 */
public record LoadEntry(String loadId, String sourceName, String sourcePath, String displayName, long sourceSize,
                        String sourceSha256, String object, String operation, String externalId, String api,
                        int batchSize, long batchMaxBytes, boolean serial, long jobMaxBytes, long records,
                        String outDir, String state, String error, String owner, Instant leaseUntil,
                        Instant startedAt) {

    /** A new load, RUNNING from now. */
    public static LoadEntry starting(String loadId, String sourceName, String sourcePath, String displayName, long sourceSize,
                                     String sourceSha256, String object, String operation, String externalId, String api,
                                     int batchSize, long batchMaxBytes, boolean serial, long jobMaxBytes, long records,
                                     String outDir) {
        return new LoadEntry(loadId, sourceName, sourcePath, displayName, sourceSize, sourceSha256, object, operation,
                externalId, api, batchSize, batchMaxBytes, serial, jobMaxBytes, records, outDir, "RUNNING", null, null,
                null, Instant.now());
    }

    /** It failed, and its jobs may not have been ended yet: a resume ends them and finishes it as FAILED. */
    public boolean isFailing() {
        return Ledger.FAILING.equals(state);
    }
}
