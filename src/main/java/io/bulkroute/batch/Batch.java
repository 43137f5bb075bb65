package io.bulkroute.batch;

import java.nio.file.Path;

/**
 * One cut of the input: the CSV bytes to upload (header included) and the spool file that keeps
 * the same bytes on disk, so results can be joined to the rows by position after the job ends.
 */
public record Batch(int index, byte[] csv, int records, long firstLine, long lastLine, Path spool) {
}
