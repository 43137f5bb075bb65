package io.bulkroute.outcome;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.bulkroute.input.CsvScanner;
import io.bulkroute.outcome.Bulk2Join.Kind;
import io.bulkroute.outcome.Bulk2Join.ResultSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bulk 2.0 join in streaming passes over bytes: the spool's rows hashed to a file ({@link SpoolRows}, maybe
 * ahead, while the job ran); each result set's echoed values hashed to another, its {@code sf__} values spilled
 * ({@link SpillFile}); then, in as much heap as the joins running at once leave ({@link JoinMemory}), a partition at
 * a time ({@link Partitions}: one if the job's index fits), the partition's rows put in a {@link RowIndex} and its
 * results claiming them, a result the first unclaimed row with its values (in the order success, failed,
 * unprocessed, as {@link BucketJoin} pairs them), what each row got sorted by row range ({@link RowOutcomes}); then
 * the spool again, in input order, each row written to the part of its result. The results are claimed from their
 * file, not as they are read: interleaved with reading them, the index's lines left the processor's cache between
 * claims, and a whole job joined a quarter slower. No file of the join is memory-mapped: a map's pages would count
 * in the process's resident memory. Gives up ({@link Fallback}) rather than risk a wrong join or one too slow: more
 * than {@link Partitions#MAX} partitions, a hash collision, or CSV it cannot read exactly as Jackson does.
 */
final class HashJoin {
    private static final Logger LOG = LoggerFactory.getLogger(HashJoin.class);
    /**
     * Per result, in the claims file, what it gives the row it claims: its kind in the low two bits
     * ({@link Kind#ordinal()} + 1), and above them where its {@code sf__} values are in the spill file.
     */
    private static final int KIND_BITS = 2;
    private static final long KIND_MASK = (1 << KIND_BITS) - 1;
    private static final long SUCCESS = Kind.SUCCESS.ordinal() + 1;
    private static final long FAILED = Kind.FAILED.ordinal() + 1;
    /** Heap a row of a partition takes: its index, and its row number in the job. */
    static final int BYTES_PER_ROW = RowIndex.BYTES_PER_ROW + Integer.BYTES;

    /** This join cannot be trusted for this job; the bucket join can. */
    static final class Fallback extends Exception {
        Fallback(String why) {
            super(why, null, false, false);
        }
    }

    private final Path dir;
    private final int maxRows;
    private final long maxBytes;
    /** Partitions of the last join, for tests. */
    private int partitions;

    HashJoin(Path dir, int maxRows) {
        this(dir, maxRows, Long.MAX_VALUE);
    }

    /** With at most {@code maxRows} rows in an index and {@code maxBytes} of heap, if less than the shared budget. */
    HashJoin(Path dir, int maxRows, long maxBytes) {
        this.dir = dir;
        this.maxRows = Math.min(maxRows, RowIndex.MAX_ROWS);
        this.maxBytes = maxBytes;
    }

    long[] join(Path spool, ResultSource results, Path success, Path failed, Path unprocessed) throws Exception {
        return join(spool, null, results, success, failed, unprocessed);
    }

    /** The same, from the spool's rows hashed ahead if {@code ahead} is not null (closed here either way). */
    long[] join(Path spool, SpoolRows ahead, ResultSource results, Path success, Path failed, Path unprocessed)
            throws Exception {
        try (SpoolRows rows = ahead != null ? ahead : SpoolRows.hash(spool, temp("row-hashes"));
             SpillFile spill = new SpillFile(temp("sf-values"));
             RowOutcomes outcomes = new RowOutcomes(dir, rows.rows)) {
            long unmatched = claim(spool, rows, results, spill, outcomes);
            if (unmatched > 0) {
                LOG.debug("{} results of job {} match no row left: they are left out", unmatched, spool.getFileName());
            }
            outcomes.finish();
            return write(spool, rows.rows, outcomes, success, failed, unprocessed);
        } catch (CsvScanner.Unsupported e) {
            throw new Fallback(e.getMessage());
        } catch (RowIndex.Collision e) {
            throw new Fallback("two rows share a hash");
        }
    }

    int partitions() {
        return partitions;
    }

    private Path temp(String name) throws IOException {
        return Files.createTempFile(dir, name, ".bin");
    }

    /** Hashes the results of one kind to the claims file, each with the outcome it gives the row it claims. */
    private static void hash(Kind kind, InputStream results, SpillFile spill, RecordFile claims) throws IOException {
        int skip = kind == Kind.UNPROCESSED ? 0 : 2;
        long code = kind.ordinal() + 1;
        RowKey key = new RowKey();
        try (CsvScanner in = new CsvScanner(results)) {
            if (!in.next()) {
                return;
            }
            while (in.next()) {
                if (in.fields() < skip) {
                    throw new CsvScanner.Unsupported(kind + " result with " + in.fields() + " columns");
                }
                key.of(in.bytes(), in.ends(), skip, in.fields());
                long offset = skip == 0 ? 0 : spill.append(in.bytes(), in.start(0), in.end(0), in.start(1), in.end(1));
                claims.append(key.hash, key.check, offset << KIND_BITS | code);
            }
        }
    }

    /**
     * Has each result claim its row, a partition at a time, in as much heap as the join could have; returns how many
     * found none. The heap is reserved before the results are read, so that a job that cannot have enough gives up
     * before it reads them.
     */
    private long claim(Path spool, SpoolRows rows, ResultSource results, SpillFile spill, RowOutcomes outcomes)
            throws Exception {
        long reserved = JoinMemory.reserveUpTo(Math.min(maxBytes, (long) Math.max(rows.rows, 1) * BYTES_PER_ROW));
        try {
            // a job in one partition needs no row numbers beside its index
            boolean whole = reserved >= (long) rows.rows * RowIndex.BYTES_PER_ROW && rows.rows <= maxRows;
            int capacity = whole ? Math.max(rows.rows, 1) : (int) Math.min(maxRows, reserved / BYTES_PER_ROW);
            Partitions partitions = Partitions.plan(rows.buckets, capacity);
            if (partitions == null) {
                throw new Fallback("the heap left holds " + capacity + " rows, too few for " + rows.rows + " rows in "
                        + Partitions.MAX + " partitions");
            }
            long needed = (long) partitions.largest() * (whole ? RowIndex.BYTES_PER_ROW : BYTES_PER_ROW);
            JoinMemory.release(reserved - needed);
            reserved = needed;
            this.partitions = partitions.count();
            LOG.debug("Joining the {} rows of {} in {} partitions", rows.rows, spool.getFileName(), partitions.count());
            try (RecordFile claims = new RecordFile(temp("claims"), true)) {
                claimAll(results, spill, claims);
                claims.finish();
                spill.finish();
                RowIndex index = new RowIndex(partitions.largest());
                // a row's number in the job, by its number in the index; in a job of one partition, the same
                int[] rowOf = partitions.count() == 1 ? null : new int[partitions.largest()];
                long unmatched = 0;
                for (int p = 0; p < partitions.count(); p++) {
                    index(rows, partitions, p, index, rowOf);
                    Claims batch = new Claims(index, rowOf, spill.reader(), outcomes);
                    RecordFile.Reader result = claims.read();
                    while (result.next()) {
                        if (partitions.of(result.a()) == p) {
                            batch.add(result.a(), result.b(), result.c());
                        }
                    }
                    batch.flush();
                    unmatched += batch.unmatched;
                }
                return unmatched;
            }
        } finally {
            JoinMemory.release(reserved);
        }
    }

    /** Every result set in turn, success, failed, unprocessed: the order in which results claim identical rows. */
    private static void claimAll(ResultSource results, SpillFile spill, RecordFile claims) throws Exception {
        for (Kind kind : Kind.values()) {
            try (InputStream in = results.open(kind)) {
                hash(kind, in, spill, claims);
            }
        }
    }

    /** Puts the rows of partition {@code p} in the index, noting each one's number in the job if {@code rowOf}. */
    private static void index(SpoolRows rows, Partitions partitions, int p, RowIndex index, int[] rowOf)
            throws IOException, RowIndex.Collision {
        index.clear();
        RecordFile.Reader row = rows.hashes.read();
        for (int n = 0; row.next(); n++) {
            if (partitions.of(row.a()) == p) {
                if (rowOf != null) {
                    rowOf[index.rows()] = n;
                }
                index.add(row.a(), row.b());
            }
        }
        index.build();
    }

    /** Results waiting to claim their rows, a batch at a time, so that the batch's reads of the index overlap. */
    private static final class Claims {
        private final RowIndex index;
        private final int[] rowOf;
        private final SpillFile.Reader values;
        private final RowOutcomes outcomes;
        private final long[] hashes = new long[RowIndex.TOUCH];
        private final int[] checks = new int[RowIndex.TOUCH];
        private final long[] codes = new long[RowIndex.TOUCH];
        private int size;
        private long unmatched;
        private long sink;

        Claims(RowIndex index, int[] rowOf, SpillFile.Reader values, RowOutcomes outcomes) {
            this.index = index;
            this.rowOf = rowOf;
            this.values = values;
            this.outcomes = outcomes;
        }

        void add(long hash, int check, long outcome) throws RowIndex.Collision, IOException {
            hashes[size] = hash;
            checks[size] = check;
            codes[size++] = outcome;
            if (size == hashes.length) {
                flush();
            }
        }

        void flush() throws RowIndex.Collision, IOException {
            for (int i = 0; i < size; i++) {
                int row = index.touch(hashes[i]);
                if (row >= 0 && rowOf != null) {
                    sink += rowOf[row];
                }
            }
            for (int i = 0; i < size; i++) {
                int row = index.claim(hashes[i], checks[i]);
                long kind = codes[i] & KIND_MASK;
                if (row < 0) {
                    unmatched++;
                } else if (kind == SUCCESS || kind == FAILED) {
                    values.at(codes[i] >>> KIND_BITS);
                    outcomes.add(rowOf == null ? row : rowOf[row], (int) kind, values.bytes(), values.start(),
                            values.length());
                }
            }
            size = 0;
        }
    }

    private static long[] write(Path spool, int rows, RowOutcomes outcomes, Path success, Path failed, Path unprocessed)
            throws IOException {
        long[] counts = new long[3];
        long written = 0;
        try (CsvScanner in = new CsvScanner(Files.newInputStream(spool));
             CsvPartWriter s = new CsvPartWriter(success);
             CsvPartWriter f = new CsvPartWriter(failed);
             CsvPartWriter u = new CsvPartWriter(unprocessed)) {
            RowOutcomes.Rows claimed = outcomes.inRowOrder();
            in.next();
            while (in.next()) {
                if (written >= rows) {
                    written++; // the spool changed under the join: counted, to fail below
                    continue;
                }
                written++;
                int kind = claimed.next();
                CsvPartWriter out = u;
                if (kind == SUCCESS || kind == FAILED) {
                    out = kind == SUCCESS ? s : f;
                    out.value(claimed.bytes(), claimed.firstStart(), claimed.firstEnd());
                    out.value(claimed.bytes(), claimed.secondStart(), claimed.secondEnd());
                    counts[kind - 1]++;
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
