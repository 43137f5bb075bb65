package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.counts;
import static io.bulkroute.testing.OutcomeAssertions.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.input.CsvRows;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with the input: a 200 MB CSV through Bulk 1.0 and a 300 MB CSV through
 * Bulk 2.0 (three jobs of 100 MB) are loaded by the command line in a forked JVM limited to 128 MB
 * of heap, against the test's simulator; every row is then checked, streaming.
 */
@Tag("heavy")
class LargeFileMemoryTest {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR).withoutRuntime();
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path work;

    @Test
    void a200MegabyteFileLoadsThroughBulk1In128MegabytesOfHeap() throws Exception {
        loadInForkedJvm("v1", 200L * 1000 * 1000);
    }

    @Test
    void a300MegabyteFileLoadsThroughBulk2In128MegabytesOfHeap() throws Exception {
        loadInForkedJvm("v2", 300L * 1000 * 1000);
    }

    private void loadInForkedJvm(String api, long targetBytes) throws Exception {
        Path input = work.resolve("large.csv");
        long rows = generate(input, targetBytes);
        assertThat(Files.size(input)).isGreaterThanOrEqualTo(targetBytes);
        Path out = work.resolve("large-out");

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-XX:+ExitOnOutOfMemoryError", "-Dbulk.poll.max-delay=1000", "-Dbulk.poll.initial-delay=200",
                "-cp", System.getProperty("java.class.path"), "io.bulkroute.app.Bulkroute",
                "load", input.toString(), "--object", "Account", "--operation", "insert", "--api", api, "--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("forked.log").toFile());
        pb.environment().put("SIMULATOR_ENABLED", "false");
        pb.environment().put("BULK_LEDGER_URL", "jdbc:h2:mem:forked");
        pb.environment().put("CAMEL_COMPONENT_SALESFORCE_LOGIN_URL", SIMULATOR.baseUrl());
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
        assertThat(SIMULATOR.state().get("objects").get("Account").asLong()).isEqualTo(rows);
        SIMULATOR.reset();
        Files.delete(input);
    }

    /** About 100-byte rows, with quoted commas and newlines, written straight to disk. */
    private static long generate(Path file, long targetBytes) throws Exception {
        long rows = 0;
        long bytes = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String header = "Name,Industry,NumberOfEmployees,Description\n";
            w.write(header);
            bytes += header.length();
            while (bytes < targetBytes) {
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
}
