package io.bulkroute.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.bulkroute.batch.CsvRows;
import org.junit.jupiter.api.Test;

/**
 * Memory does not grow with the input: a 200 MB CSV is loaded by the command line in a forked JVM
 * limited to 128 MB of heap, against the test's simulator; every row is then checked, streaming.
 */
class LargeFileMemoryTest extends LoadTestSupport {
    private static final long TARGET_BYTES = 200L * 1000 * 1000;

    @Test
    void a200MegabyteFileLoadsIn128MegabytesOfHeap() throws Exception {
        Path input = work.resolve("large.csv");
        long rows = generate(input);
        assertThat(Files.size(input)).isGreaterThanOrEqualTo(TARGET_BYTES);
        Path out = work.resolve("large-out");

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-XX:+ExitOnOutOfMemoryError", "-Dbulk.poll.max-delay=1000", "-Dbulk.poll.initial-delay=200",
                "-cp", System.getProperty("java.class.path"), "io.bulkroute.Bulkroute",
                "load", input.toString(), "--object", "Account", "--operation", "insert", "--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("forked.log").toFile());
        pb.environment().put("SIMULATOR_ENABLED", "false");
        pb.environment().put("CAMEL_COMPONENT_SALESFORCE_LOGIN_URL", simulator.baseUrl());
        Process process = pb.start();
        boolean ended = process.waitFor(8, TimeUnit.MINUTES);
        String log = Files.readString(work.resolve("forked.log"));
        assertThat(ended).as("the load ends; log:\n%s", tail(log)).isTrue();
        assertThat(process.exitValue()).as("exit status; log:\n%s", tail(log)).isZero();

        Map<String, Object> report = JSON.readValue(out.resolve("report.json").toFile(), Map.class);
        assertThat(counts(report)).containsEntry("total", (int) rows).containsEntry("succeeded", (int) rows);
        assertSameRows(input, out.resolve("success.csv"));
        assertThat(rows(out.resolve("failed.csv"))).isEmpty();
        assertThat(rows(out.resolve("unprocessed.csv"))).isEmpty();
        assertThat(state().get("objects").get("Account").asLong()).isEqualTo(rows);
        simulator.reset();
    }

    /** About 100-byte rows, with quoted commas and newlines, written straight to disk. */
    private static long generate(Path file) throws Exception {
        long rows = 0;
        long bytes = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String header = "Name,Industry,NumberOfEmployees,Description\n";
            w.write(header);
            bytes += header.length();
            while (bytes < TARGET_BYTES) {
                rows++;
                String line = "Company " + rows + ",Manufacturing," + (rows % 9000)
                        + ",\"Line " + rows + ", with a comma\nand a second line of about forty chars\"\n";
                w.write(line);
                bytes += line.length();
            }
        }
        return rows;
    }

    /** success.csv's original columns are the input's rows, in order: compared row by row, streaming. */
    private static void assertSameRows(Path input, Path success) {
        try (CsvRows expected = new CsvRows(input); CsvRows actual = new CsvRows(success)) {
            expected.next();
            actual.next();
            String[] e;
            long n = 0;
            while ((e = expected.next()) != null) {
                String[] a = actual.next();
                n++;
                assertThat(a).as("row %d", n).isNotNull();
                assertThat(a[0]).startsWith("001");
                assertThat(java.util.Arrays.copyOfRange(a, 2, a.length)).as("row %d", n).containsExactly(e);
            }
            assertThat(actual.next()).isNull();
        }
    }

    private static String tail(String log) {
        return log.length() < 4000 ? log : log.substring(log.length() - 4000);
    }

    @SuppressWarnings("unused")
    private static File unused() {
        return null;
    }
}
