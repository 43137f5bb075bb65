package io.bulkroute.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import io.bulkroute.input.CsvLine;
import io.bulkroute.input.CsvRows;
import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.model.PollBackoff;
import io.bulkroute.outcome.Bulk2Join;
import io.bulkroute.outcome.Bulk2Join.Kind;
import io.bulkroute.outcome.OutcomeFiles;
import io.bulkroute.outcome.ResultJoiner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two result joins on 1,000,000 rows of four columns: Bulk 2.0's (results in shuffled order, 3% failed, 2%
 * unprocessed, 1% with no result at all) and Bulk 1.0's (100 batches of 10,000, results in order). Each runs once to
 * warm up, then three times; the median rows/s is printed, by the clock and by the joining thread's CPU time (the
 * machine may be shared). Asserts only that every row came out once, in input order, with its own result.
 * Run: {@code mvn -B -q test -Dgroups=benchmark -DexcludedGroups=none -Dtest=JoinBenchmark}
 */
@Tag("benchmark")
class JoinBenchmark {
    private static final int ROWS = 1_000_000;
    /** A warm-up, then the three runs timed. */
    private static final int RUNS = 4;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final int BATCH = 10_000;
    private static final String HEADER = "Name,External_Id__c,Phone,Industry";
    private static final String[] INDUSTRIES = {"Banking", "Technology", "Food, Beverage", "Retail", "Oil & Gas"};

    @TempDir
    Path work;

    @Test
    void bulk2Join() throws Exception {
        bulk2Join("Bulk 2.0 join", Bulk2Join::new);
    }

    /**
     * The same with heap for the index of 260,000 rows (about 25 bytes a row): the join is cut into four partitions,
     * as a job of 100 MB is in a heap of 128 MB.
     */
    @Test
    void bulk2JoinInFourPartitions() throws Exception {
        bulk2Join("Bulk 2.0 join, 4 partitions", dir -> Bulk2Join.withIndexBytes(dir, 260_000L * 25));
    }

    private void bulk2Join(String what, Function<Path, Bulk2Join> joins) throws Exception {
        Path spool = work.resolve("job.csv");
        Path results = Files.createDirectories(work.resolve("results"));
        long[] expected = bulk2Inputs(spool, results);
        long[] times = new long[RUNS];
        long[] cpu = new long[RUNS];
        for (int run = 0; run < RUNS; run++) {
            Path out = Files.createDirectories(work.resolve("v2-" + run));
            long start = System.nanoTime();
            long startCpu = CPU.getCurrentThreadCpuTime();
            long[] counts = joins.apply(out.resolve("join")).join(spool, kind -> open(results, kind),
                    out.resolve("success"), out.resolve("failed"), out.resolve("unprocessed"));
            times[run] = System.nanoTime() - start;
            cpu[run] = CPU.getCurrentThreadCpuTime() - startCpu;
            assertThat(counts).containsExactly(expected);
            assertInOrderWithOwnResults(out.resolve("success"), out.resolve("failed"), out.resolve("unprocessed"), expected);
        }
        print(what, times, cpu);
    }

    @Test
    void bulk1Join() throws Exception {
        Path spools = Files.createDirectories(work.resolve("spools"));
        List<BatchRef> batches = bulk1Inputs(spools);
        long[] times = new long[RUNS];
        long[] cpu = new long[RUNS];
        for (int run = 0; run < RUNS; run++) {
            Path out = work.resolve("v1-" + run);
            LoadRequest request = new LoadRequest(work.resolve("in.csv"), "in.csv", "Account", "insert", null, "v1",
                    BATCH, 10_000_000, false, 100_000_000, out);
            LoadContext load = new LoadContext("bench-" + run, request, new PollBackoff(50, 2, 400));
            load.setInput(ROWS, new OutcomeFiles(out, HEADER.split(",")));
            long start = System.nanoTime();
            long startCpu = CPU.getCurrentThreadCpuTime();
            for (BatchRef batch : batches) {
                try (InputStream results = Files.newInputStream(spools.resolve("result-" + batch.getIndex() + ".csv"))) {
                    ResultJoiner.join(load, batch, results);
                }
            }
            load.getOutcomes().close();
            times[run] = System.nanoTime() - start;
            cpu[run] = CPU.getCurrentThreadCpuTime() - startCpu;
            long failed = ROWS / 25;
            assertThat(load.getOutcomes().failed()).isEqualTo(failed);
            assertThat(load.getOutcomes().succeeded()).isEqualTo(ROWS - failed);
            assertInOrderWithOwnResults(out.resolve("success.csv"), out.resolve("failed.csv"), out.resolve("unprocessed.csv"),
                    new long[] {ROWS - failed, failed, 0});
        }
        print("Bulk 1.0 join", times, cpu);
    }

    private static String[] row(int n) {
        return new String[] {"Account " + n, "EXT-" + n, "+1 555 " + (n % 10_000), INDUSTRIES[n % INDUSTRIES.length]};
    }

    private static String line(int n) {
        StringBuilder line = new StringBuilder(64);
        CsvLine.append(line, row(n));
        return line.toString();
    }

    /** Row n's result: failed if n % 33 == 1, unprocessed if n % 50 == 2, none at all if n % 100 == 3. */
    private static long[] bulk2Inputs(Path spool, Path results) throws Exception {
        long[] counts = new long[3];
        List<String> success = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> unprocessed = new ArrayList<>();
        try (BufferedWriter out = Files.newBufferedWriter(spool, StandardCharsets.UTF_8)) {
            out.write(HEADER + "\n");
            for (int n = 0; n < ROWS; n++) {
                out.write(line(n) + "\n");
                if (n % 33 == 1) {
                    failed.add(",\"DUPLICATE_VALUE:duplicate value found: External_Id__c " + n + "\"," + line(n));
                    counts[1]++;
                } else if (n % 50 == 2 || n % 100 == 3) {
                    if (n % 50 == 2) {
                        unprocessed.add(line(n));
                    }
                    counts[2]++;
                } else {
                    success.add("\"001" + n + "\",\"" + (n % 2 == 0) + "\"," + line(n));
                    counts[0]++;
                }
            }
        }
        Random random = new Random(12);
        write(results.resolve("SUCCESS.csv"), "\"sf__Id\",\"sf__Created\"," + HEADER, success, random);
        write(results.resolve("FAILED.csv"), "\"sf__Id\",\"sf__Error\"," + HEADER, failed, random);
        write(results.resolve("UNPROCESSED.csv"), HEADER, unprocessed, random);
        return counts;
    }

    private static void write(Path file, String header, List<String> lines, Random random) throws Exception {
        java.util.Collections.shuffle(lines, random);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(header + "\n");
            for (String line : lines) {
                out.write(line + "\n");
            }
        }
    }

    /** Batches of 10,000 rows; every 25th row failed. */
    private static List<BatchRef> bulk1Inputs(Path dir) throws Exception {
        List<BatchRef> batches = new ArrayList<>();
        for (int b = 0; b < ROWS / BATCH; b++) {
            Path spool = dir.resolve("batch-" + b + ".csv");
            try (BufferedWriter rows = Files.newBufferedWriter(spool, StandardCharsets.UTF_8);
                 BufferedWriter results = Files.newBufferedWriter(dir.resolve("result-" + (b + 1) + ".csv"), StandardCharsets.UTF_8)) {
                rows.write(HEADER + "\n");
                results.write("\"Id\",\"Success\",\"Created\",\"Error\"\n");
                for (int n = b * BATCH; n < (b + 1) * BATCH; n++) {
                    rows.write(line(n) + "\n");
                    results.write(n % 25 == 1 ? "\"\",\"false\",\"false\",\"DUPLICATE_VALUE:duplicate " + n + "\"\n"
                            : "\"001" + n + "\",\"true\",\"" + (n % 2 == 0) + "\",\"\"\n");
                }
            }
            BatchRef batch = new BatchRef(b + 1, BATCH, 2L + (long) b * BATCH, spool);
            batch.setId("751B" + b);
            batches.add(batch);
        }
        return batches;
    }

    private static InputStream open(Path results, Kind kind) throws Exception {
        return Files.newInputStream(results.resolve(kind.name() + ".csv"));
    }

    /** Each part has its expected row count, in increasing row order, and each row carries its own row's result. */
    private static void assertInOrderWithOwnResults(Path success, Path failed, Path unprocessed, long[] counts) {
        assertThat(check(success, 2)).isEqualTo(counts[0]);
        assertThat(check(failed, 2)).isEqualTo(counts[1]);
        assertThat(check(unprocessed, 0)).isEqualTo(counts[2]);
    }

    private static long check(Path part, int sf) {
        long rows = 0;
        int last = -1;
        try (CsvRows in = new CsvRows(part)) {
            String[] row;
            while ((row = in.next()) != null) {
                if (row[sf].equals("Name")) {
                    continue; // the 1.0 outcome files have a header, the 2.0 parts none
                }
                int n = Integer.parseInt(row[sf + 1].substring(4));
                assertThat(n).as("row order").isGreaterThan(last);
                assertThat(Arrays.copyOfRange(row, sf, row.length)).containsExactly(row(n));
                if (sf > 0 && !row[0].isEmpty()) {
                    assertThat(row[0]).isEqualTo("001" + n);
                    assertThat(row[1]).isEqualTo(String.valueOf(n % 2 == 0));
                } else if (sf > 0) {
                    assertThat(row[1]).contains(" " + n);
                }
                last = n;
                rows++;
            }
        }
        return rows;
    }

    private static void print(String what, long[] nanos, long[] cpuNanos) {
        System.out.printf("%s: %,d rows; warm-up %d ms, then %s ms (CPU %s ms): median %,.0f rows/s, by CPU time %,.0f rows/s%n",
                what, ROWS, nanos[0] / 1_000_000, millis(nanos), millis(cpuNanos), ROWS * 1e9 / median(nanos),
                ROWS * 1e9 / median(cpuNanos));
    }

    /** The timed runs, the warm-up left out. */
    private static String millis(long[] nanos) {
        return Arrays.toString(Arrays.stream(nanos).skip(1).map(t -> t / 1_000_000).toArray());
    }

    private static long median(long[] nanos) {
        long[] sorted = Arrays.stream(nanos).skip(1).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
