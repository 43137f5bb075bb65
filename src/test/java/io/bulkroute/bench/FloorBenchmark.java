package io.bulkroute.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bulkroute against the Bulk API 2.0 protocol floor, in one run: the same CSV (1,000,000 Accounts,
 * about 47 MB, two rows without a Name that fail) loaded by {@link FloorClient} (the fewest calls a 2.0
 * client can make), by {@code bulkroute load --api v2} and by {@code --api v1}, each a process of its
 * own started as a user starts it, alternated over the rounds, against one simulator in a JVM of its
 * own that is reset before every run. Then a 50-row load through each API, as a whole.
 *
 * <pre>mvn -q -B package -DskipTests &amp;&amp; mvn -B test -Dgroups=benchmark -DexcludedGroups=none -Dtest=FloorBenchmark</pre>
 *
 * Speed is measured and printed, not asserted: what is asserted is that every run ended with exit status
 * 0 or 2 and accounted for every input row. Properties: {@code bench.rows} (1000000), {@code bench.rounds}
 * (3), {@code bench.xmx} (128m, every client's heap), {@code bench.jvmArgs} (more JVM options for every
 * client, space-separated), {@code bench.simulatorHeap} (1g), {@code bench.logDir} (a folder to keep the clients'
 * logs in; by default they go with the temporary folder). What each figure means: docs/benchmarks.md.
 */
@Tag("benchmark")
class FloorBenchmark {
    private static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int SMALL_ROWS = 50;
    private static final String XMX = System.getProperty("bench.xmx", "128m");
    private static final String JVM_ARGS = System.getProperty("bench.jvmArgs", "");
    private static final String SIMULATOR_HEAP = System.getProperty("bench.simulatorHeap", "1g");
    /** Where the clients' logs are kept; by default in the run's temporary folder, removed at its end. */
    private static final String LOG_DIR = System.getProperty("bench.logDir");
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final String FLOOR = "2.0 floor";
    private static final String V2 = "bulkroute v2";
    private static final String V1 = "bulkroute v1";
    private static final String[] INDUSTRIES = {"Technology", "Energy", "Retail", "Banking", "Media", "Apparel"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final Path jar = Path.of("target", "bulkroute.jar").toAbsolutePath();
    private final Path testClasses = Path.of("target", "test-classes").toAbsolutePath();
    private int runNumber;

    @Test
    void bulkrouteAgainstTheProtocolFloor() throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("FloorBenchmark runs the application as users do, from " + jar
                    + ", which is missing: build it first with  mvn -q -B package -DskipTests");
        }
        Path input = generate(work.resolve("accounts.csv"), ROWS);
        Path small = generate(work.resolve("accounts-" + SMALL_ROWS + ".csv"), SMALL_ROWS);
        Files.createDirectories(work.resolve("cwd"));
        FloorTable table = new FloorTable();
        table.client(FLOOR, "");
        table.client(V2, "<= 2.0x");
        table.client(V1, "<= 2.5x");
        try (SimulatorJvm simulator = SimulatorJvm.start(javaBin, jar + File.pathSeparator + testClasses, SIMULATOR_HEAP,
                work.resolve("simulator.log"))) {
            // not measured: creates the ledger (its migrations run once) and brings the jar into the page cache
            run(simulator, V2, small, SMALL_ROWS);
            // not measured: a full-size job through the simulator, so that the first measured run does not pay for
            // the simulator's own JIT warm-up (it cost whichever client ran first 1-1.5 s more than its later rounds)
            run(simulator, FLOOR, input, ROWS);
            List<String> order = List.of(FLOOR, V2, V1);
            for (int round = 0; round < ROUNDS; round++) {
                // each round starts with the next client, so that none always runs first (or right after another)
                for (int i = 0; i < order.size(); i++) {
                    String client = order.get((round + i) % order.size());
                    table.add(client, run(simulator, client, input, ROWS));
                }
            }
            for (int round = 0; round < ROUNDS; round++) {
                table.addSmall(V2, run(simulator, V2, small, SMALL_ROWS));
                table.addSmall(V1, run(simulator, V1, small, SMALL_ROWS));
            }
        }
        table.print(System.out, String.format("bulkroute against the Bulk API 2.0 floor: %,d rows (%.1f MB), %d rounds, %d cores,"
                + " client -Xmx%s, load average %s at the end", ROWS, Files.size(input) / 1e6, ROUNDS,
                Runtime.getRuntime().availableProcessors(), XMX, loadAverage()),
                FLOOR, SMALL_ROWS);
    }

    /** One run of {@code client} on an empty org, checked: exit status 0 or 2, every row accounted for. */
    private FloorTable.Run run(SimulatorJvm simulator, String client, Path input, int rows) throws Exception {
        simulator.reset();
        String name = String.format("%02d-%s", ++runNumber, client.replace(' ', '-').replace('.', '_'));
        Path out = work.resolve("out").resolve(name);
        Path log = Files.createDirectories(LOG_DIR == null ? work.resolve("logs") : Path.of(LOG_DIR)).resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx" + XMX));
        if (!JVM_ARGS.isBlank()) {
            command.addAll(Arrays.asList(JVM_ARGS.trim().split("\\s+")));
        }
        if (client.equals(FLOOR)) {
            command.addAll(List.of("-cp", testClasses.toString(), FloorClient.class.getName(), simulator.baseUrl(),
                    input.toString(), out.toString()));
        } else {
            // as README runs it: with the class-data archive the package phase made, where there is one
            Path archive = jar.resolveSibling("bulkroute.jsa");
            if (Files.exists(archive)) {
                command.add("-XX:SharedArchiveFile=" + archive);
            }
            command.addAll(List.of("-jar", jar.toString(), "load", input.toString(), "--object", "Account", "--operation", "insert",
                    "--api", client.equals(V2) ? "v2" : "v1", "--force", "--out", out.toString()));
        }
        // as docs/operations.md points a bulkroute at a separate simulator; the dev profile's credentials are the simulator's
        Map<String, String> env = Map.of("SIMULATOR_ENABLED", "false", "CAMEL_COMPONENT_SALESFORCE_LOGIN_URL", simulator.baseUrl());
        long cpuBefore = simulator.cpuNanos();
        ProcessStats stats = ProcessStats.run(command, work.resolve("cwd"), log, env, TIMEOUT);
        long simulatorCpu = simulator.cpuNanos() - cpuBefore;
        assertThat(stats.exitStatus()).as("%s exit status; its log: %s%n%s", client, log, tail(log)).isIn(0, 2);
        if (client.equals(FLOOR)) {
            long succeeded = dataLines(out.resolve("successfulResults.csv"));
            long failed = dataLines(out.resolve("failedResults.csv"));
            assertThat(succeeded + failed).as("%s: succeeded %d + failed %d", client, succeeded, failed).isEqualTo(rows);
        } else {
            JsonNode records = JSON.readTree(out.resolve("report.json").toFile()).path("records");
            long total = records.path("total").asLong(-1);
            assertThat(total).as("%s report.json records.total", client).isEqualTo(rows);
            assertThat(records.path("succeeded").asLong() + records.path("failed").asLong() + records.path("unprocessed").asLong())
                    .as("%s report.json records %s", client, records).isEqualTo(total);
        }
        Duration startUp = stats.startUp();
        System.out.printf("%s: %s, %d rows, exit %d, %.1f s, peak RSS %d MB, CPU %.1f s, start-up %s, load average %s%n", name,
                client, rows, stats.exitStatus(), stats.wall().toMillis() / 1000.0, stats.peakRssBytes() / (1024 * 1024),
                stats.cpu().toMillis() / 1000.0, startUp == null ? "?" : String.format("%.2f s", startUp.toMillis() / 1000.0),
                loadAverage());
        // a million rows' outcome files per run would fill the disk over the rounds
        deleteTree(out);
        return new FloorTable.Run(stats, startUp, simulatorCpu);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * {@code Name,External_Id__c,Phone,Industry}, about 47 bytes a row; the rows a third and two thirds of
     * the way in have no Name, which the org requires: they fail, so the failed results are never empty.
     */
    private static Path generate(Path file, int rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("Name,External_Id__c,Phone,Industry\n");
            for (int i = 1; i <= rows; i++) {
                String name = i == rows / 3 || i == 2 * rows / 3 ? "" : "Account " + i;
                w.write(name + ",EXT-" + i + ",555-" + (1_000_000 + i % 9_000_000) + "," + INDUSTRIES[i % INDUSTRIES.length] + "\n");
            }
        }
        return file;
    }

    /** The lines of a result file after its header; the generated values hold no line breaks. */
    private static long dataLines(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return Math.max(0, lines.count() - 1);
        }
    }

    /** The machine's 1-minute load average: how much else ran meanwhile (the machine is shared). */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
