package io.bulkroute.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.bulkroute.app.config.Settings;
import io.bulkroute.app.CamelRuntime;
import io.bulkroute.app.EmbeddedSimulator;
import io.bulkroute.simulator.Simulator;
import io.bulkroute.simulator.SimulatorConfig;
import io.bulkroute.simulator.fault.Faults;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000,000 rows through Bulk 1.0 with upload parallelism 1 and 4 while the simulator adds 100 ms
 * to every call, as a real org's latency would. Prints records/s and MB/s of the upload phase
 * (from the job's opening to the completion signal: what parallelism speeds up) and of the whole load.
 * Run: {@code mvn -B test -Dgroups=benchmark -DexcludedGroups=none -Dtest=LoadBenchmark}
 */
@Tag("benchmark")
class LoadBenchmark {
    private static final int ROWS = 1_000_000;

    @TempDir
    Path work;

    @Test
    void uploadParallelismWithLatency() throws Exception {
        Path input = work.resolve("million.csv");
        generate(input);
        double mb = Files.size(input) / 1e6;
        Faults latency = new Faults();
        latency.latencyMs = 100;
        try (Simulator simulator = new Simulator(SimulatorConfig.defaults().withFaults(latency)).start()) {
            Result p1 = runHoldingProcessing(simulator, input, 1);
            simulator.reset();
            Result p4 = runHoldingProcessing(simulator, input, 4);
            print("parallelism 1", p1, mb);
            print("parallelism 4", p4, mb);
            System.out.printf("upload phase speed-up with 4 uploads in flight: %.2fx%n", p1.upload.toMillis() / (double) p4.upload.toMillis());
            assertThat(p1.upload.toMillis()).isGreaterThanOrEqualTo(3 * p4.upload.toMillis());
        }
    }

    /** The same 1,000,000 rows through Bulk 1.0 and through Bulk 2.0, the shipped settings, no added latency. */
    @Test
    void bulk1VersusBulk2() throws Exception {
        Path input = work.resolve("million.csv");
        generate(input);
        double mb = Files.size(input) / 1e6;
        try (Simulator simulator = new Simulator(SimulatorConfig.defaults()).start()) {
            Result v1 = run(simulator, input, 4, "v1");
            simulator.reset();
            Result v2 = run(simulator, input, 4, "v2");
            print("Bulk API 1.0", v1, mb);
            print("Bulk API 2.0", v2, mb);
        }
    }

    private record Result(Duration upload, Duration total, Map<String, Object> report) {
    }

    /**
     * The simulator runs on the same two cores as the client, and its processing of the batches
     * would take CPU from the uploads that a real org's processing never takes: it is held (paced
     * to a record a second) until the job is closed, then let go. The upload phase is then the
     * client's own: cutting, sending and the 100 ms of each call.
     */
    private Result runHoldingProcessing(Simulator simulator, Path input, int parallelism) throws Exception {
        simulator.org().pacer().setRate(1);
        var watcher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleAtFixedRate(() -> {
            if (simulator.calls().calls().stream().anyMatch(c -> c.method().equals("POST") && c.path().matches(".*/job/[^/]+")
                    && c.status() == 200)) {
                simulator.org().pacer().setRate(0);
            }
        }, 20, 20, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            return run(simulator, input, parallelism);
        } finally {
            watcher.shutdownNow();
            simulator.org().pacer().setRate(0);
        }
    }

    private Result run(Simulator simulator, Path input, int parallelism) throws Exception {
        return run(simulator, input, parallelism, "v1");
    }

    @SuppressWarnings("unchecked")
    private Result run(Simulator simulator, Path input, int parallelism, String api) throws Exception {
        Settings s = Settings.load("dev");
        s.set("simulator.enabled", "false");
        s.set(EmbeddedSimulator.LOGIN_URL, simulator.baseUrl());
        s.set("bulk.upload-parallelism", String.valueOf(parallelism));
        s.set("bulk.poll.initial-delay", "200");
        s.set("bulk.poll.max-delay", "1000");
        try (CamelRuntime app = new CamelRuntime(s)) {
            Map<String, Object> report = (Map<String, Object>) app.template().requestBodyAndHeaders("direct:bulk-load", null,
                    Map.of("bulkSource", input.toString(), "bulkObject", "Account", "bulkOperation", "insert", "bulkApi", api, "bulkForce", "true",
                            "bulkOutDir", work.resolve("out-" + api + "-" + parallelism).toString()));
            assertThat(report.get("outcome")).isEqualTo("COMPLETED");
            Instant started = Instant.parse((String) report.get("startedAt"));
            Object openedAt = ((java.util.List<Map<String, Object>>) report.get("jobs")).get(0).get("openedAt");
            Instant opened = openedAt == null ? started : Instant.parse((String) openedAt);
            return new Result(Duration.between(opened, Instant.parse((String) report.get("submittedAt"))),
                    Duration.between(started, Instant.parse((String) report.get("finishedAt"))), report);
        }
    }

    private static void print(String label, Result r, double mb) {
        System.out.printf("%s: upload %,d records in %.1f s = %,.0f records/s, %.1f MB/s; whole load %.1f s = %,.0f records/s, %.1f MB/s; %s API calls%n",
                label, ROWS, r.upload.toMillis() / 1000.0, ROWS / (r.upload.toMillis() / 1000.0), mb / (r.upload.toMillis() / 1000.0),
                r.total.toMillis() / 1000.0, ROWS / (r.total.toMillis() / 1000.0), mb / (r.total.toMillis() / 1000.0), r.report.get("apiCalls"));
    }

    private static void generate(Path file) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("Name,Industry,NumberOfEmployees,Description\n");
            for (int i = 1; i <= ROWS; i++) {
                w.write("Company " + i + ",Manufacturing," + (i % 9000) + ",\"Row " + i + ", about one hundred bytes of description text\"\n");
            }
        }
    }
}
