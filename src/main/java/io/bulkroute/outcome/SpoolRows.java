package io.bulkroute.outcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.bulkroute.input.CsvScanner;

/**
 * The first pass of the Bulk 2.0 hash join: a job's uploaded rows hashed in input order to a file, with how many
 * fall in each bucket. It needs nothing but the spool, so it can run while Salesforce processes the job.
 */
final class SpoolRows implements AutoCloseable {

    final RecordFile hashes;
    /** Rows by {@link Partitions#bucket}. */
    final int[] buckets;
    final int rows;

    private SpoolRows(RecordFile hashes, int[] buckets) {
        this.hashes = hashes;
        this.buckets = buckets;
        this.rows = (int) hashes.records();
    }

    /** Hashes the rows of {@code spool} (after its header) to {@code file}; gives up on what the join cannot take. */
    static SpoolRows hash(Path spool, Path file) throws IOException, HashJoin.Fallback {
        RecordFile hashes = new RecordFile(file, false);
        try {
            int[] buckets = new int[Partitions.FINE];
            RowKey key = new RowKey();
            try (CsvScanner in = new CsvScanner(Files.newInputStream(spool))) {
                in.next();
                while (in.next()) {
                    key.of(in.bytes(), in.ends(), 0, in.fields());
                    hashes.append(key.hash, key.check);
                    buckets[Partitions.bucket(key.hash)]++;
                    if (hashes.records() > RowOutcomes.MAX_ROWS) {
                        throw new HashJoin.Fallback("more than " + RowOutcomes.MAX_ROWS + " rows");
                    }
                }
            }
            hashes.finish();
            return new SpoolRows(hashes, buckets);
        } catch (IOException | HashJoin.Fallback | RuntimeException e) {
            hashes.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        hashes.close();
    }
}
