package io.bulkroute.outcome;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
        Files.createDirectories(dir);
        try {
            return new HashJoin(dir, maxRows, maxBytes).join(spool, results, success, failed, unprocessed);
        } catch (HashJoin.Fallback e) {
            LOG.info("Joining {} on disk: {}", spool.getFileName(), e.getMessage());
            return new BucketJoin(dir).join(spool, results, success, failed, unprocessed);
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
