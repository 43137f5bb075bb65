package io.bulkroute.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.bulkroute.input.CsvLine;
import io.bulkroute.outcome.Bulk2Join.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-memory 2.0 join writes, byte for byte, what the bucket join writes: on values with quotes, commas, line
 * breaks, blanks, backslashes, long and non-ASCII text, empty values; identical rows with different results; rows
 * without a result and results without a row; results in shuffled order, quoted and ended unlike the upload; whole or
 * cut into partitions to fit a small heap. Jobs it cannot index (more than 64 partitions, a hash collision) go to
 * the bucket join, with the same outcome.
 */
class HashJoinTest {
    private static final String[] VALUES = {"Acme", "", " ", "with, comma", "say \"hi\"", "two\nlines", "crlf\r\nend",
            " lead", "trail ", "back\\slash", "Société Générale", "日本語の会社", "😀 emoji", "a-much-longer-value-than-24-chars",
            "exactly twenty-four char", "#hash", "-", "+1 555 0100", "\"", ",", "x"};

    @TempDir
    Path work;

    @Test
    void writesWhatTheBucketJoinWrites() throws Exception {
        Job job = job(new Random(3), 3_000);
        long[] expected = new BucketJoin(work.resolve("buckets")).join(job.spool, job::open, part("b-success"),
                part("b-failed"), part("b-unprocessed"));
        Files.createDirectories(work.resolve("hash"));
        long[] counts = new HashJoin(work.resolve("hash"), RowIndex.MAX_ROWS).join(job.spool, job::open, part("h-success"),
                part("h-failed"), part("h-unprocessed"));

        assertThat(counts).containsExactly(expected);
        assertThat(expected[0]).isGreaterThan(1_000);
        assertThat(expected[1]).isGreaterThan(300);
        assertThat(expected[2]).isGreaterThan(300);
        for (String part : List.of("success", "failed", "unprocessed")) {
            assertThat(Files.readAllBytes(part("h-" + part))).as(part).isEqualTo(Files.readAllBytes(part("b-" + part)));
        }
        try (Stream<Path> left = Files.list(work.resolve("hash"))) {
            assertThat(left).as("spill file").isEmpty();
        }
    }

    /** A job too big for the heap it may have is joined a partition at a time, to the same bytes. */
    @Test
    void aPartitionedJoinWritesWhatTheBucketJoinWrites() throws Exception {
        Job job = job(new Random(4), 3_000);
        long[] expected = new BucketJoin(work.resolve("buckets")).join(job.spool, job::open, part("b-success"),
                part("b-failed"), part("b-unprocessed"));
        for (int rowsAnIndex : new int[] {2_000, 800, 300, 100}) {
            Path dir = Files.createDirectories(work.resolve("hash-" + rowsAnIndex));
            HashJoin join = new HashJoin(dir, RowIndex.MAX_ROWS, (long) rowsAnIndex * HashJoin.BYTES_PER_ROW);
            long[] counts = join.join(job.spool, job::open, part("h-success"), part("h-failed"), part("h-unprocessed"));

            assertThat(join.partitions()).as("partitions of %d rows", rowsAnIndex).isBetween(3_000 / rowsAnIndex + 1, 64);
            assertThat(counts).containsExactly(expected);
            for (String part : List.of("success", "failed", "unprocessed")) {
                assertThat(Files.readAllBytes(part("h-" + part))).as(part).isEqualTo(Files.readAllBytes(part("b-" + part)));
            }
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left).as("temporary files").isEmpty();
            }
        }
    }

    /**
     * The spool's rows hashed ahead, on another thread while the job runs, join to the same bytes, whole or
     * partitioned; rows hashed ahead that no join takes (the job failed on the way) leave nothing behind once let go.
     */
    @Test
    void rowsHashedAheadJoinToTheSameBytes() throws Exception {
        Job job = job(new Random(5), 3_000);
        long[] expected = new BucketJoin(work.resolve("buckets")).join(job.spool, job::open, part("b-success"),
                part("b-failed"), part("b-unprocessed"));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        for (long bytes : new long[] {Long.MAX_VALUE, 700L * HashJoin.BYTES_PER_ROW}) {
            Path dir = work.resolve("ahead-" + bytes);
            Bulk2Join join = Bulk2Join.withIndexBytes(dir, bytes);
            try (Bulk2Join.Ahead ahead = join.ahead(job.spool, executor)) {
                long[] counts = join.join(job.spool, ahead, job::open, part("h-success"), part("h-failed"),
                        part("h-unprocessed"));
                assertThat(counts).containsExactly(expected);
            }
            for (String part : List.of("success", "failed", "unprocessed")) {
                assertThat(Files.readAllBytes(part("h-" + part))).as(part).isEqualTo(Files.readAllBytes(part("b-" + part)));
            }
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left).as("temporary files").isEmpty();
            }
        }
        Path dir = work.resolve("let-go");
        new Bulk2Join(dir).ahead(job.spool, executor).close();
        executor.shutdown();
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("temporary files").isEmpty();
        }
    }

    /**
     * A job of many row ranges (outcomes are kept a range of rows to a file), some of its errors longer than any
     * buffer of the join, joins to the bucket join's bytes, whole and partitioned, and leaves no file behind.
     */
    @Test
    void manyRowRangesAndLongErrorsJoinToTheSameBytes() throws Exception {
        Job job = job(new Random(6), 40_000, 0, 997);
        long[] expected = new BucketJoin(work.resolve("buckets")).join(job.spool, job::open, part("b-success"),
                part("b-failed"), part("b-unprocessed"));
        assertThat(Files.readString(part("b-failed"))).contains("x".repeat(100_000));
        for (long bytes : new long[] {Long.MAX_VALUE, 12_000L * HashJoin.BYTES_PER_ROW}) {
            Path dir = Files.createDirectories(work.resolve("ranges-" + bytes));
            HashJoin join = new HashJoin(dir, RowIndex.MAX_ROWS, bytes);
            long[] counts = join.join(job.spool, job::open, part("h-success"), part("h-failed"), part("h-unprocessed"));

            assertThat(join.partitions()).isEqualTo(bytes == Long.MAX_VALUE ? 1 : 4);
            assertThat(counts).containsExactly(expected);
            for (String part : List.of("success", "failed", "unprocessed")) {
                assertThat(Files.readAllBytes(part("h-" + part))).as(part).isEqualTo(Files.readAllBytes(part("b-" + part)));
            }
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left).as("temporary files").isEmpty();
            }
        }
    }

    /** Copies of a row hash alike, so they land in one partition, and take their results one each, in order. */
    @Test
    void copiesOfARowAreJoinedInOnePartition() throws Exception {
        Job job = job(new Random(8), 2_000, 400);
        long[] expected = new BucketJoin(work.resolve("buckets")).join(job.spool, job::open, part("b-success"),
                part("b-failed"), part("b-unprocessed"));
        HashJoin join = new HashJoin(Files.createDirectories(work.resolve("hash")), RowIndex.MAX_ROWS,
                500L * HashJoin.BYTES_PER_ROW);
        long[] counts = join.join(job.spool, job::open, part("h-success"), part("h-failed"), part("h-unprocessed"));

        assertThat(join.partitions()).isGreaterThanOrEqualTo(4);
        assertThat(counts).containsExactly(expected);
        for (String part : List.of("success", "failed", "unprocessed")) {
            assertThat(Files.readAllBytes(part("h-" + part))).as(part).isEqualTo(Files.readAllBytes(part("b-" + part)));
        }
        // fewer than the copies of one row an index: no partition can hold them
        assertThatThrownBy(() -> new HashJoin(work.resolve("hash"), 300).join(job.spool, job::open, part("x-success"),
                part("x-failed"), part("x-unprocessed"))).isInstanceOf(HashJoin.Fallback.class);
    }

    @Test
    void partitionsAreAsFewAndAsEvenAsTheirCapacityAllows() {
        int[] buckets = new int[Partitions.FINE];
        java.util.Arrays.fill(buckets, 10);
        Partitions even = Partitions.plan(buckets, 4_000);
        assertThat(even.count()).isEqualTo(3);
        assertThat(even.largest()).isBetween(3_414, 3_420);
        assertThat(Partitions.plan(buckets, 1_000_000).count()).isEqualTo(1);
        assertThat(Partitions.plan(buckets, 10 * Partitions.FINE / 64).count()).isEqualTo(64);
        assertThat(Partitions.plan(buckets, 10 * Partitions.FINE / 64 - 1)).as("65 partitions").isNull();

        buckets[7] = 3_000;
        Partitions skewed = Partitions.plan(buckets, 4_000);
        assertThat(skewed.largest()).isLessThanOrEqualTo(4_000);
        assertThat(Partitions.plan(buckets, 2_999)).as("one bucket too big").isNull();
        assertThat(Partitions.plan(new int[Partitions.FINE], 0).count()).as("no rows").isEqualTo(1);
    }

    /** Five rows an index, for 500 rows: more than 64 partitions. */
    @Test
    void aJobWithMoreRowsThanItsPartitionsHoldIsJoinedInBuckets() throws Exception {
        Job job = job(new Random(5), 500);
        long[] expected = new BucketJoin(work.resolve("buckets")).join(job.spool, job::open, part("b-success"),
                part("b-failed"), part("b-unprocessed"));
        long[] counts = new Bulk2Join(work.resolve("capped"), 5).join(job.spool, job::open, part("c-success"),
                part("c-failed"), part("c-unprocessed"));

        assertThat(counts).containsExactly(expected);
        for (String part : List.of("success", "failed", "unprocessed")) {
            assertThat(Files.readAllBytes(part("c-" + part))).as(part).isEqualTo(Files.readAllBytes(part("b-" + part)));
        }
        assertThatThrownBy(() -> new HashJoin(work.resolve("capped"), 5).join(job.spool, job::open, part("x-success"),
                part("x-failed"), part("x-unprocessed"))).isInstanceOf(HashJoin.Fallback.class);
    }

    @Test
    void rowsOrResultsSharingAHashButNotTheCheckAreACollision() throws Exception {
        RowIndex rows = new RowIndex(4);
        rows.add(1, 10);
        rows.add(2, 20);
        rows.add(1, 11);
        assertThatThrownBy(rows::build).isInstanceOf(RowIndex.Collision.class);

        RowIndex index = new RowIndex(4);
        index.add(1, 10);
        index.add(2, 20);
        index.add(1, 10);
        index.build();
        assertThat(index.claim(1, 10)).isEqualTo(0);
        assertThat(index.claim(1, 10)).isEqualTo(2);
        assertThat(index.claim(1, 10)).isEqualTo(-1);
        assertThat(index.claim(3, 30)).isEqualTo(-1);
        assertThatThrownBy(() -> index.claim(2, 21)).isInstanceOf(RowIndex.Collision.class);
    }

    @Test
    void anIndexTakesNoMoreRowsThanItWasMadeFor() {
        RowIndex index = new RowIndex(2);
        assertThat(index.add(1, 10)).isTrue();
        assertThat(index.add(2, 20)).isTrue();
        assertThat(index.add(3, 30)).isFalse();
    }

    /** Joins running at once share a quarter of the heap: one that finds it taken joins on disk. */
    @Test
    void aJobWithoutHeapLeftForItsIndexIsJoinedInBuckets() throws Exception {
        Job job = job(new Random(9), 300);
        long[] expected = new BucketJoin(work.resolve("buckets")).join(job.spool, job::open, part("b-success"),
                part("b-failed"), part("b-unprocessed"));
        long taken = 0;
        for (long got; (got = JoinMemory.reserveUpTo(Long.MAX_VALUE)) > 0; ) {
            taken += got;
        }
        try {
            Files.createDirectories(work.resolve("hash"));
            assertThatThrownBy(() -> new HashJoin(work.resolve("hash"), RowIndex.MAX_ROWS).join(job.spool, job::open,
                    part("h-success"), part("h-failed"), part("h-unprocessed"))).isInstanceOf(HashJoin.Fallback.class);
            assertThat(new Bulk2Join(work.resolve("join")).join(job.spool, job::open, part("j-success"), part("j-failed"),
                    part("j-unprocessed"))).containsExactly(expected);
        } finally {
            JoinMemory.release(taken);
        }
        assertThat(Files.readAllBytes(part("j-success"))).isEqualTo(Files.readAllBytes(part("b-success")));
    }

    @Test
    void fieldBoundariesAreHashed() {
        RowKey a = new RowKey();
        RowKey b = new RowKey();
        byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
        a.of(bytes, new int[] {1, 3}, 0, 2);
        b.of(bytes, new int[] {2, 3}, 0, 2);
        assertThat(a.hash).isNotEqualTo(b.hash);
        assertThat(a.check).isNotEqualTo(b.check);
        b.of(bytes, new int[] {1, 3, 3}, 0, 3);
        assertThat(a.hash).isNotEqualTo(b.hash);
    }

    private Path part(String name) {
        return work.resolve(name + ".part");
    }

    private Job job(Random random, int size) throws Exception {
        return job(random, size, 0);
    }

    /**
     * A spool written as the batcher writes it, and three result sets answering its rows in shuffled order; with
     * {@code copies} more copies of one row, spread through it.
     */
    private Job job(Random random, int size, int copies) throws Exception {
        return job(random, size, copies, 0);
    }

    /** The same, the error of every {@code longErrorEvery}th row, if it fails, 100,000 characters long. */
    private Job job(Random random, int size, int copies, int longErrorEvery) throws Exception {
        StringBuilder spool = new StringBuilder("Name,Description,Industry\n");
        Map<Kind, List<String>> results = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            results.put(kind, new ArrayList<>());
        }
        for (int i = 0; i < size; i++) {
            // a small pool of values, so that many rows are identical
            String[] row = {VALUES[random.nextInt(6)], VALUES[random.nextInt(VALUES.length)], random.nextInt(3) == 0 ? "" : "I" + random.nextInt(4)};
            if (random.nextInt(size) < copies) {
                row = new String[] {"Copied", "say \"hi\"", "I1"};
            }
            CsvLine.append(spool, row);
            spool.append('\n');
            String echoed = quotedAll(row);
            switch (random.nextInt(6)) {
                case 0, 1 -> results.get(Kind.SUCCESS).add(quotedAll("001" + i, random.nextBoolean() ? "true" : "false") + "," + echoed);
                case 2 -> results.get(Kind.FAILED).add(quotedAll(random.nextBoolean() ? "" : "001" + i,
                        longErrorEvery > 0 && i % longErrorEvery == 0 ? "FIELD_CUSTOM_VALIDATION_EXCEPTION:" + "x".repeat(100_000)
                                : "FIELD_INTEGRITY_EXCEPTION:bad \"value\", see\nline " + i) + "," + echoed);
                case 3 -> results.get(Kind.UNPROCESSED).add(echoed);
                case 4 -> { } // no result
                default -> results.get(Kind.SUCCESS).add(quotedAll("0010000000000000000000" + i, "true") + "," + echoed);
            }
            if (random.nextInt(50) == 0) {
                results.get(Kind.SUCCESS).add(quotedAll("001X" + i, "true", "Nobody", "sent", "this"));
            }
        }
        Job job = new Job();
        job.spool = Files.writeString(work.resolve("job.csv"), spool, StandardCharsets.UTF_8);
        for (Kind kind : Kind.values()) {
            List<String> lines = results.get(kind);
            Collections.shuffle(lines, random);
            String header = (kind == Kind.UNPROCESSED ? "" : kind == Kind.SUCCESS ? "sf__Id,sf__Created," : "sf__Id,sf__Error,")
                    + "Name,Description,Industry";
            // one result set with CRLF line ends and a byte order mark, as other writers may send
            String end = kind == Kind.FAILED ? "\r\n" : "\n";
            job.results.put(kind, (kind == Kind.FAILED ? "\uFEFF" : "") + header + end + String.join(end, lines) + end);
        }
        return job;
    }

    /** Every value quoted, as Salesforce writes its results. */
    private static String quotedAll(String... values) {
        StringBuilder line = new StringBuilder();
        for (String v : values) {
            if (line.length() > 0) {
                line.append(',');
            }
            line.append('"').append(v.replace("\"", "\"\"")).append('"');
        }
        return line.toString();
    }

    private static final class Job {
        Path spool;
        final Map<Kind, String> results = new EnumMap<>(Kind.class);

        ByteArrayInputStream open(Kind kind) {
            return new ByteArrayInputStream(results.get(kind).getBytes(StandardCharsets.UTF_8));
        }
    }
}
