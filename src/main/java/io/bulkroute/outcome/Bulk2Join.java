package io.bulkroute.outcome;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.bulkroute.input.CsvRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a Bulk 2.0 job's results to the rows that were uploaded, in bounded memory. Salesforce answers 2.0 results
 * in no particular order and identifies a row only by echoing its values, so a result is matched to a row by the
 * hash of its values, identical rows taking identical results one each, and the job's outcome rows come out in
 * input order, duplicates included. {@link HashJoin} keeps about 25 bytes a row in memory, a partition of the job at
 * a time if the job is too big for its share of the heap; a job it cannot take (too many partitions, a hash
 * collision) is joined by {@link BucketJoin} on disk.
 */
public final class Bulk2Join {
    private static final Logger LOG = LoggerFactory.getLogger(Bulk2Join.class);

    public enum Kind { SUCCESS, FAILED, UNPROCESSED }

    private final Path dir;
    private final int maxRows;
    private final long maxBytes;

    public Bulk2Join(Path dir) {
        this(dir, RowIndex.MAX_ROWS, Long.MAX_VALUE);
    }

    /** With a lower cap on the rows an index holds, so that tests reach the partitions and the bucket join. */
    Bulk2Join(Path dir, int maxRows) {
        this(dir, maxRows, Long.MAX_VALUE);
    }

    private Bulk2Join(Path dir, int maxRows, long maxBytes) {
        this.dir = dir;
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
    }

    /** With at most {@code bytes} of heap for its index, so that a benchmark can measure a partitioned join. */
    public static Bulk2Join withIndexBytes(Path dir, long bytes) {
        return new Bulk2Join(dir, RowIndex.MAX_ROWS, bytes);
    }

    /** Results of one kind: {@code sf__} columns to take (0 for unprocessed) before the echoed row. */
    public interface ResultSource {
        InputStream open(Kind kind) throws Exception;
    }

    /**
     * Joins {@code spool} (the exact upload: header and rows) with the three result sets and writes
     * the job's outcome parts ({@code success}, {@code failed}, {@code unprocessed}; no header).
     * @return counts of succeeded, failed and unprocessed rows
     */
    public long[] join(Path spool, ResultSource results, Path success, Path failed, Path unprocessed) throws Exception {
        return join(spool, null, results, success, failed, unprocessed);
    }

    /** The same, from the rows {@code ahead} hashed, if it could; without them otherwise. */
    public long[] join(Path spool, Ahead ahead, ResultSource results, Path success, Path failed, Path unprocessed)
            throws Exception {
        Files.createDirectories(dir);
        try {
            return new HashJoin(dir, maxRows, maxBytes).join(spool, ahead == null ? null : ahead.take(), results,
                    success, failed, unprocessed);
        } catch (HashJoin.Fallback e) {
            LOG.info("Joining {} on disk: {}", spool.getFileName(), e.getMessage());
            return new BucketJoin(dir).join(spool, results, success, failed, unprocessed);
        }
    }
    /**
     * Begins the join's first pass on {@code executor}: the rows of {@code spool} hashed, while Salesforce processes
     * the job. Close what {@link #join} has not taken.
     */
    public Ahead ahead(Path spool, Executor executor) {
        return new Ahead(CompletableFuture.supplyAsync(() -> {
            try {
                Files.createDirectories(dir);
                return SpoolRows.hash(spool, Files.createTempFile(dir, "row-hashes", ".bin"));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor));
    }

    /** A job's rows being hashed ahead of its join, taken by one join at most. */
    public static final class Ahead implements AutoCloseable {
        private final CompletableFuture<SpoolRows> rows;
        private final AtomicBoolean taken = new AtomicBoolean();

        private Ahead(CompletableFuture<SpoolRows> rows) {
            this.rows = rows;
        }

        /** The rows once hashed; null if taken before or they could not be (the join then hashes them itself). */
        private SpoolRows take() {
            if (!taken.compareAndSet(false, true)) {
                return null;
            }
            try {
                return rows.join();
            } catch (RuntimeException e) {
                LOG.debug("The rows hashed ahead are not there: {}", e.getMessage());
                return null;
            }
        }

        /** Lets go of the rows if no join took them, now or once they are hashed. */
        @Override
        public void close() {
            if (taken.compareAndSet(false, true)) {
                rows.thenAccept(r -> {
                    try {
                        r.close();
                    } catch (IOException e) {
                        LOG.debug("Could not delete {}: {}", r, e.getMessage());
                    }
                });
            }
        }
    }

    /**
     * Every row of {@code spool} as unprocessed, with no results to read and nothing made on disk but the parts:
     * what a job whose results cannot be read (or never will be) leaves, even when the join itself could not run.
     * @return counts of succeeded, failed and unprocessed rows: 0, 0 and the rows
     */
    public static long[] allUnprocessed(Path spool, Path success, Path failed, Path unprocessed) throws IOException {
        Files.deleteIfExists(success);
        Files.deleteIfExists(failed);
        long n = 0;
        try (CsvRows rows = new CsvRows(spool);
             Writer out = Files.newBufferedWriter(unprocessed, StandardCharsets.UTF_8);
             SequenceWriter csv = CsvRows.MAPPER.writerFor(String[].class)
                     .with(CsvSchema.emptySchema().withLineSeparator("\n")).writeValues(out)) {
            rows.next();
            String[] row;
            while ((row = rows.next()) != null) {
                csv.write(row);
                n++;
            }
        }
        return new long[] {0, 0, n};
    }
}
