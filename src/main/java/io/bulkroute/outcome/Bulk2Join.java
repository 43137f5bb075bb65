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
 * input order, duplicates included. A job has at most a few million rows: {@link HashJoin} keeps about 30 bytes
 * a row in memory; a job it cannot take (too many rows, a hash collision) is joined by {@link BucketJoin} on disk.
 */
public final class Bulk2Join {
    private static final Logger LOG = LoggerFactory.getLogger(Bulk2Join.class);

    public enum Kind { SUCCESS, FAILED, UNPROCESSED }

    private final Path dir;
    private final int maxRows;

    public Bulk2Join(Path dir) {
        this(dir, RowIndex.MAX_ROWS);
    }

    /** With a lower cap on the rows joined in memory, so that tests reach the bucket join. */
    Bulk2Join(Path dir, int maxRows) {
        this.dir = dir;
        this.maxRows = maxRows;
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
            return new HashJoin(dir, maxRows).join(spool, results, success, failed, unprocessed);
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
