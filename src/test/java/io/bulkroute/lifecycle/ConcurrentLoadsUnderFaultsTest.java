package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.assertEveryRowAccountedFor;
import static io.bulkroute.testing.OutcomeAssertions.assertNoJobLeftOpen;
import static io.bulkroute.testing.OutcomeAssertions.counts;
import static io.bulkroute.testing.OutcomeAssertions.rows;
import static io.bulkroute.testing.TestInputs.accounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.app.config.Settings;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.app.CamelRuntime;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.SimulatorExtension;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many loads at once, under faults, through the HTTP API as the service runs them (issue 10, case 2).
 * They share the upload pools: a retry, a job being followed, or a load waiting for its own pieces
 * must never hold a pool thread that another load needs, or every load stays RUNNING for ever.
 * Each load is cut into several batches (Bulk 1.0) or jobs (2.0), so loads also run pieces of their own
 * side by side.
 */
@Tag("faults")
class ConcurrentLoadsUnderFaultsTest {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR).withoutRuntime();
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path work;
    private static final int LOADS = 50;
    private static final int ROWS = 300;
    private static final String FAULTS =
            "{\"seed\":7,\"http503Rate\":0.3,\"http503Burst\":3,\"dropRate\":0.2,\"lockFailureRate\":0.05,\"latencyMs\":30}";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static CamelRuntime service;
    private static String api;

    @BeforeAll
    static void startService() throws Exception {
        Settings s = APP.settings();
        s.set("bulk.outbox", Files.createTempDirectory("bulkroute-outbox").toString());
        s.set("bulk.staging", Files.createTempDirectory("bulkroute-staging").toString());
        s.set("bulk.http.enabled", "true");
        s.set("bulk.http.port", "0");
        // a few pieces per load: 3 batches of 100, or jobs of about 100 rows
        s.set("bulk.batch-size", "100");
        s.set("bulk.v2.job-max-bytes", "10000");
        // the same attempts with shorter waits: a failed load ending under these faults waits up to two minutes
        // between its attempts with the shipped ones, and fifty loads make such a run likely
        s.set("bulk.retry.first-delay", "100");
        s.set("bulk.retry.max-delay", "1000");
        service = new CamelRuntime(s);
        api = "http://127.0.0.1:" + service.context().hasService(VertxPlatformHttpServer.class).getPort();
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @Test
    void fiftyLoadsAtOnceUnderFaultsAllEndAndTheServiceStillLoadsAfterwards() throws Exception {
        SIMULATOR.faults(FAULTS);
        Map<String, Path> inputs = new LinkedHashMap<>();
        for (int i = 0; i < LOADS; i++) {
            Path input = accounts(work, "concurrent-" + i + ".csv", ROWS);
            inputs.put(post(input, i % 2 == 0 ? "v1" : "v2"), input);
        }

        // stuck loads stay RUNNING: the deadlock shows here
        // a slow load is not a stuck one: each step may be tried 8 times (16 while ending a failed load)
        long began = System.nanoTime();
        try {
            await("every load reaches an outcome").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(500))
                    .until(() -> reports(inputs.keySet()), r -> r.stream().noneMatch(x -> "RUNNING".equals(x.get("outcome"))));
        } catch (ConditionTimeoutException stuck) {
            throw new AssertionError("loads still RUNNING: " + running(inputs.keySet()) + "\n" + bulkThreads(), stuck);
        }
        System.out.printf("%d loads under faults reached an outcome in %d s%n", LOADS, (System.nanoTime() - began) / 1_000_000_000);
        // a load that has failed says so before it has followed its job to the end and written its outcome files
        List<Map<String, Object>> reports = await("every load's outcome files written").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> reports(inputs.keySet()), r -> r.stream().allMatch(x -> x.get("finishedAt") != null));

        int i = 0;
        for (Path input : inputs.values()) {
            Map<String, Object> report = reports.get(i++);
            assertThat(report.get("outcome")).as("%s", report)
                    .isIn("COMPLETED", "COMPLETED_WITH_ERRORS", "FAILED");
            assertThat(counts(report)).as("%s", report).containsEntry("total", ROWS);
            assertEveryRowAccountedFor(input, Path.of((String) report.get("outputFolder")), report);
        }

        // a load whose jobs could not be ended or followed even after its retries stays unfinished for resume:
        // once the faults are gone, it ends its jobs and the org holds what the success files say
        SIMULATOR.faults("{}");
        Ledger ledger = service.context().getRegistry().lookupByNameAndType("ledger", Ledger.class);
        List<Path> outs = new ArrayList<>();
        for (Map<String, Object> report : reports) {
            String id = (String) report.get("loadId");
            if (List.of("RUNNING", "FAILING").contains(ledger.load(id).state())) {
                service.template().requestBodyAndHeader("direct:bulk-resume", null, "bulkLoadId", id);
                assertThat(ledger.load(id).state()).as("load %s after resume", id).isIn("COMPLETED", "COMPLETED_WITH_ERRORS", "FAILED");
            }
            outs.add(Path.of((String) report.get("outputFolder")));
        }
        List<String> succeeded = new ArrayList<>();
        for (Path out : outs) {
            rows(out.resolve("success.csv")).forEach(r -> succeeded.add(r.get(0)));
        }
        assertThat(SIMULATOR.records("Account").stream().map(n -> n.get("Id").asText()).toList())
                .as("the org's records are those the success files name").containsExactlyInAnyOrderElementsOf(succeeded);
        assertNoJobLeftOpen(SIMULATOR);

        Path after = accounts(work, "after.csv", ROWS);
        String loadId = post(after, "v1");
        Map<String, Object> report = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> reports(List.of(loadId)).get(0), r -> !"RUNNING".equals(r.get("outcome")));
        assertThat(report.get("outcome")).as("%s", report).isEqualTo("COMPLETED");
        assertEveryRowAccountedFor(after, Path.of((String) report.get("outputFolder")), report);
        assertNoJobLeftOpen(SIMULATOR);
    }

    private static List<String> running(Iterable<String> loadIds) throws Exception {
        return reports(loadIds).stream().filter(r -> "RUNNING".equals(r.get("outcome"))).map(r -> r.get("loadId") + " " + r.get("jobs")).toList();
    }

    /** Where the application's threads wait when loads do not end: the evidence a deadlock leaves. */
    private static String bulkThreads() {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            if (t.getThreadName().startsWith("Camel") || t.getThreadName().startsWith("bulk")) {
                dump.append(t);
            }
        }
        return dump.toString();
    }

    private static String post(Path input, String version) throws Exception {
        HttpResponse<String> r = call(HttpRequest.newBuilder(URI.create(api + "/api/loads?object=Account&operation=insert&api=" + version))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(input)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body()).get("loadId").asText();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> reports(Iterable<String> loadIds) throws Exception {
        List<Map<String, Object>> reports = new ArrayList<>();
        for (String id : loadIds) {
            HttpResponse<String> r = call(HttpRequest.newBuilder(URI.create(api + "/api/loads/" + id)).GET());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            reports.add(JSON.readValue(r.body(), Map.class));
        }
        return reports;
    }

    private static HttpResponse<String> call(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.header("Authorization", "Bearer dev-token").build(), HttpResponse.BodyHandlers.ofString());
    }
}
