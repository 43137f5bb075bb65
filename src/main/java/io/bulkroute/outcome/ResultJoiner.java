package io.bulkroute.outcome;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import io.bulkroute.input.CsvRows;
import io.bulkroute.input.CsvScanner;
import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a Bulk 1.0 batch's results to the rows that were submitted in it. Salesforce answers one
 * result line per submitted record, in submission order, so the n-th result belongs to the n-th
 * row of the batch's spool file, which holds the exact bytes uploaded. A batch's rows are joined into parts beside its
 * spool, then appended to the outcome files whole: a join that fails half way leaves nothing behind, and the batch's
 * rows stay to be written unprocessed (or joined again) from the first.
 */
public final class ResultJoiner {
    private static final Logger LOG = LoggerFactory.getLogger(ResultJoiner.class);

    private ResultJoiner() {
    }

    public static void join(LoadContext load, BatchRef batch, InputStream results) {
        Path copy = part(batch.getSpool(), "results-copy");
        try {
            join(load, batch, twice(results, copy));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot join the results of batch " + batch.getId(), e);
        } finally {
            delete(copy);
        }
    }

    /** Joins results kept in a file. */
    public static void join(LoadContext load, BatchRef batch, Path results) {
        join(load, batch, () -> Files.newInputStream(results));
    }

    private static void join(LoadContext load, BatchRef batch, Answers answers) {
        Path spool = batch.getSpool();
        Path success = part(spool, "success");
        Path failed = part(spool, "failed");
        Path unprocessed = part(spool, "unprocessed");
        try {
            long[] counts;
            try {
                counts = BatchResultJoin.join(spool, answers.open(), success, failed, unprocessed);
            } catch (CsvScanner.Unsupported e) {
                LOG.info("Load {}: batch {} joined row by row: {}", load.getLoadId(), batch.getId(), e.getMessage());
                try (InputStream again = answers.open()) {
                    joinRows(load, batch, again);
                }
                return;
            }
            load.getOutcomes().appendParts(success, failed, unprocessed, new long[] {counts[1], counts[2], counts[3]});
            batch.rowsWritten(counts[1] + counts[2] + counts[3]);
            warnIfShort(load, batch, counts[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot join the results of batch " + batch.getId(), e);
        } finally {
            for (Path p : List.of(success, failed, unprocessed)) {
                delete(p);
            }
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", p, e.getMessage());
        }
    }

    /**
     * The results, readable a second time should the join on bytes give up: camel-salesforce hands them over
     * buffered (a stream that can be reset); any other stream is copied to disk first.
     */
    private static Answers twice(InputStream results, Path copy) throws IOException {
        if (results.markSupported()) {
            results.mark(Integer.MAX_VALUE);
            return () -> {
                results.reset();
                return new FilterInputStream(results) {
                    @Override
                    public void close() {
                        // the caller's stream: it closes it
                    }
                };
            };
        }
        Files.copy(results, copy, StandardCopyOption.REPLACE_EXISTING);
        return () -> Files.newInputStream(copy);
    }

    private interface Answers {
        InputStream open() throws IOException;
    }

    private static Path part(Path spool, String kind) {
        return spool.resolveSibling(spool.getFileName() + "." + kind);
    }

    /** The join on parsed rows, straight into the outcome files: for input the join on bytes cannot promise to read. */
    static void joinRows(LoadContext load, BatchRef batch, InputStream results) {
        var out = load.getOutcomes();
        try (CsvRows rows = new CsvRows(batch.getSpool()); CsvRows answers = new CsvRows("results of batch " + batch.getId(), results)) {
            rows.next();
            int[] columns = BatchResultJoin.columns(answers.next());
            int id = columns[0];
            int success = columns[1];
            int created = columns[2];
            int error = columns[3];
            String[] row;
            long joined = 0;
            while ((row = rows.next()) != null) {
                String[] result = answers.next();
                if (result == null) {
                    out.unprocessed(row);
                    batch.rowWritten();
                    continue;
                }
                joined++;
                if (Boolean.parseBoolean(result[success])) {
                    out.succeeded(result[id], Boolean.parseBoolean(result[created]), row);
                } else {
                    out.failed(result[id], result[error], row);
                }
                batch.rowWritten();
            }
            warnIfShort(load, batch, joined);
        }
    }

    private static void warnIfShort(LoadContext load, BatchRef batch, long joined) {
        if (joined < batch.getRecords()) {
            LOG.warn("Load {}: batch {} answered {} results for {} records; the rest are unprocessed",
                    load.getLoadId(), batch.getId(), joined, batch.getRecords());
        }
    }

    /** Every row of a batch that Salesforce did not process (Failed, NotProcessed, never submitted). */
    public static void unprocessed(LoadContext load, BatchRef batch) {
        unprocessedFrom(load, batch, 0);
    }

    /** The rows of a batch from the {@code first}-th on (0-based) are unprocessed: those not yet written. */
    public static void unprocessedFrom(LoadContext load, BatchRef batch, long first) {
        try (CsvRows rows = new CsvRows(batch.getSpool())) {
            rows.next();
            String[] row;
            long index = 0;
            while ((row = rows.next()) != null) {
                if (index++ >= first) {
                    load.getOutcomes().unprocessed(row);
                    batch.rowWritten();
                }
            }
        }
    }
}
