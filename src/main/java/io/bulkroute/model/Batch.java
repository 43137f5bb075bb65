package io.bulkroute.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cut of the input (a Bulk 1.0 batch or a Bulk 2.0 job): its rows are written to a spool file,
 * header included, exactly as they are uploaded, so results can be joined to them afterwards.
 */
public record Batch(int index, int records, long bytes, long firstLine, long lastLine, Path spool) {

    /** The upload's bytes; only for batches small enough to hold (Bulk 1.0: at most 10 MB). */
    public byte[] csv() {
        try {
            return Files.readAllBytes(spool);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read batch " + index + " from " + spool, e);
        }
    }
}
