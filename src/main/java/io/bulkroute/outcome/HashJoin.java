package io.bulkroute.outcome;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.bulkroute.outcome.Bulk2Join.Kind;
import io.bulkroute.outcome.Bulk2Join.ResultSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bulk 2.0 join in three streaming passes over bytes: the spool's rows into a {@link RowIndex}; each result set's
 * echoed values against it, a result claiming the first unclaimed row with its values (in the order success, failed,
 * unprocessed, as {@link BucketJoin} pairs them), its {@code sf__} values spilled to a file; then the spool again, in
 * input order, each row written to the part of its result. Gives up ({@link Fallback}) rather than risk a wrong join:
 * too many rows for the index, a hash collision, or CSV it cannot read exactly as Jackson does.
 */
final class HashJoin {
    private static final Logger LOG = LoggerFactory.getLogger(HashJoin.class);
    /**
     * Per row, its outcome in a long: the kind of the result that claimed it in the low two bits (0 for none, else
     * {@link Kind#ordinal()} + 1), and above them where its {@code sf__} values are in the spill file.
     */
    private static final int KIND_BITS = 2;
    private static final long KIND_MASK = (1 << KIND_BITS) - 1;
    private static final long SUCCESS = Kind.SUCCESS.ordinal() + 1;
    private static final long FAILED = Kind.FAILED.ordinal() + 1;

    /** This join cannot be trusted for this job; the bucket join can. */
    static final class Fallback extends Exception {
        Fallback(String why) {
            super(why, null, false, false);
        }
    }

    private final Path dir;
    private final int maxRows;

    HashJoin(Path dir, int maxRows) {
        this.dir = dir;
        this.maxRows = Math.min(maxRows, RowIndex.MAX_ROWS);
    }

    long[] join(Path spool, ResultSource results, Path success, Path failed, Path unprocessed) throws Exception {
        int capacity = SpoolLines.count(spool);
        if (capacity > maxRows) {
            throw new Fallback("more than " + maxRows + " rows");
        }
        long bytes = (long) capacity * RowIndex.BYTES_PER_ROW;
        if (!JoinMemory.reserve(bytes)) {
            throw new Fallback("no heap left for the index of " + capacity + " rows");
        }
        try {
            RowIndex index = index(spool, capacity);
            int rows = index.rows();
            try (SpillFile spill = new SpillFile(Files.createTempFile(dir, "sf-values", ".bin"))) {
                long[] outcomes = new long[rows];
                long unmatched = 0;
                for (Kind kind : Kind.values()) {
                    try (InputStream in = results.open(kind)) {
                        unmatched += claim(index, kind, in, spill, outcomes);
                    }
                }
                index = null; // the index is done with: let it go before the spool is read again
                if (unmatched > 0) {
                    LOG.debug("{} results of job {} match no row left: they are left out", unmatched, spool.getFileName());
                }
                spill.finish();
                return write(spool, rows, outcomes, spill, success, failed, unprocessed);
            }
        } catch (CsvScanner.Unsupported e) {
            throw new Fallback(e.getMessage());
        } catch (RowIndex.Collision e) {
            throw new Fallback("two rows share a hash");
        } finally {
            JoinMemory.release(bytes);
        }
    }

    private static RowIndex index(Path spool, int capacity) throws IOException, Fallback, RowIndex.Collision {
        RowIndex index = new RowIndex(capacity);
        RowKey key = new RowKey();
        try (CsvScanner in = new CsvScanner(Files.newInputStream(spool))) {
            in.next();
            while (in.next()) {
                key.of(in.bytes(), in.ends(), 0, in.fields());
                if (!index.add(key.hash, key.check)) {
                    throw new Fallback("more rows than lines");
                }
            }
        }
        index.build();
        return index;
    }

    /** Claims a row for each result of one kind; returns how many found none. */
    private static long claim(RowIndex index, Kind kind, InputStream results, SpillFile spill, long[] outcomes)
            throws IOException, RowIndex.Collision {
        int skip = kind == Kind.UNPROCESSED ? 0 : 2;
        Claims claims = new Claims(index, kind.ordinal() + 1, outcomes);
        RowKey key = new RowKey();
        try (CsvScanner in = new CsvScanner(results)) {
            if (!in.next()) {
                return 0;
            }
            while (in.next()) {
                if (in.fields() < skip) {
                    throw new CsvScanner.Unsupported(kind + " result with " + in.fields() + " columns");
                }
                key.of(in.bytes(), in.ends(), skip, in.fields());
                claims.add(key, skip == 0 ? 0 : spill.append(in.bytes(), in.start(0), in.end(0), in.start(1), in.end(1)));
            }
        }
        claims.flush();
        return claims.unmatched;
    }

    /** Results waiting to claim their rows, a batch at a time, so that the batch's reads of the index overlap. */
    private static final class Claims {
        private final RowIndex index;
        private final long code;
        private final long[] outcomes;
        private final long[] hashes = new long[RowIndex.TOUCH];
        private final int[] checks = new int[RowIndex.TOUCH];
        private final long[] offsets = new long[RowIndex.TOUCH];
        private int size;
        private long unmatched;
        private long sink;

        Claims(RowIndex index, long code, long[] outcomes) {
            this.index = index;
            this.code = code;
            this.outcomes = outcomes;
        }

        void add(RowKey key, long offset) throws RowIndex.Collision {
            hashes[size] = key.hash;
            checks[size] = key.check;
            offsets[size++] = offset;
            if (size == hashes.length) {
                flush();
            }
        }

        void flush() throws RowIndex.Collision {
            for (int i = 0; i < size; i++) {
                int row = index.touch(hashes[i]);
                if (row >= 0) {
                    sink += outcomes[row];
                }
            }
            for (int i = 0; i < size; i++) {
                int row = index.claim(hashes[i], checks[i]);
                if (row < 0) {
                    unmatched++;
                } else {
                    outcomes[row] = offsets[i] << KIND_BITS | code;
                }
            }
            size = 0;
        }
    }

    /** Reads the spilled values of a batch of rows, all at once, so that the batch waits for memory once. */
    private static void touch(SpillFile spill, long[] outcomes, int from, int to) {
        for (int row = from; row < to; row++) {
            long outcome = outcomes[row];
            if ((outcome & KIND_MASK) == SUCCESS || (outcome & KIND_MASK) == FAILED) {
                spill.touch(outcome >>> KIND_BITS);
            }
        }
    }

    private static long[] write(Path spool, int rows, long[] outcomes, SpillFile spill, Path success, Path failed,
                                Path unprocessed) throws IOException {
        long[] counts = new long[3];
        long written = 0;
        try (CsvScanner in = new CsvScanner(Files.newInputStream(spool));
             CsvPartWriter s = new CsvPartWriter(success);
             CsvPartWriter f = new CsvPartWriter(failed);
             CsvPartWriter u = new CsvPartWriter(unprocessed)) {
            in.next();
            while (in.next()) {
                if (written >= rows) {
                    written++; // the spool changed under the join: counted, to fail below
                    continue;
                }
                if (written % RowIndex.TOUCH == 0) {
                    touch(spill, outcomes, (int) written, (int) Math.min(rows, written + RowIndex.TOUCH));
                }
                long outcome = outcomes[(int) written++];
                long kind = outcome & KIND_MASK;
                CsvPartWriter out = u;
                if (kind == SUCCESS || kind == FAILED) {
                    out = kind == SUCCESS ? s : f;
                    spill.read(outcome >>> KIND_BITS);
                    out.value(spill.first(), 0, spill.firstLength());
                    out.value(spill.second(), 0, spill.secondLength());
                    counts[(int) kind - 1]++;
                } else {
                    counts[2]++;
                }
                byte[] bytes = in.bytes();
                for (int field = 0; field < in.fields(); field++) {
                    out.value(bytes, in.start(field), in.end(field));
                }
                out.endRow();
            }
        }
        if (written != rows) {
            throw new IllegalStateException("joined " + written + " rows of " + rows);
        }
        return counts;
    }
}
