package io.bulkroute.trigger.message;

import static io.bulkroute.testing.OutcomeAssertions.assertEveryRowAccountedFor;
import static io.bulkroute.testing.OutcomeAssertions.assertNoJobLeftOpen;
import static io.bulkroute.testing.OutcomeAssertions.assertOrgHoldsExactlyTheSucceeded;
import static io.bulkroute.testing.OutcomeAssertions.counts;
import static io.bulkroute.testing.OutcomeAssertions.header;
import static io.bulkroute.testing.OutcomeAssertions.jobs;
import static io.bulkroute.testing.TestInputs.accounts;
import static io.bulkroute.testing.TestInputs.csv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.input.CsvLine;
import io.bulkroute.app.config.Settings;
import io.bulkroute.app.CamelRuntime;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The message triggers as declared (test-routes/messaging-loads.camel.yaml over the shipped jms-load and kafka-load
 * templates), run by the service against a real broker in this JVM and the simulator over HTTP. The same tests run
 * for each broker; a subclass starts its broker, sends messages, and restarts it.
 */
public abstract class MessagingTestSupport {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR).withoutRuntime();
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path work;
    protected static CamelRuntime service;
    protected static Path outbox;
    private static Map<String, String> brokerSettings;

    /** A message: its body and the headers (JMS properties, Kafka headers) it carries. */
    protected record Msg(String body, Map<String, String> headers) {
    }

    /** Sends the messages, in order, to a queue or topic; returns once the broker has them all. */
    protected abstract void send(String destination, List<Msg> messages) throws Exception;

    /** Stops the broker and starts it again on the same storage. */
    protected abstract void restartBroker() throws Exception;

    /** The service with every trigger on, consuming from the test's broker. */
    protected static void startService(Map<String, String> broker) throws Exception {
        // journals and broker storage on a memory file system where there is one: the tests measure our steps, not the disk
        outbox = memoryDir("bulkroute-outbox");
        brokerSettings = broker;
        service = new CamelRuntime(serviceSettings(), true);
        service.context();
    }

    private static Settings serviceSettings() {
        Settings s = APP.settings();
        s.set("bulk.outbox", outbox.toString());
        s.set("bulk.messages.staging-dir", outbox.resolve("staging").toString());
        s.set("bulk.stream.idle-check-interval", "200");
        s.set("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,classpath:test-routes/*.camel.yaml");
        // a stop does not wait long for the messages in flight: as near a crash as a test in one JVM gets
        s.set("camel.main.shutdown-timeout", "1");
        brokerSettings.forEach(s::set);
        return s;
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
            service = null;
        }
    }

    protected static Path memoryDir(String prefix) throws IOException {
        Path shm = Path.of("/dev/shm");
        return Files.isWritable(shm) ? Files.createTempDirectory(shm, prefix) : Files.createTempDirectory(prefix);
    }

    @Test
    void aWholePayloadIsLoadedAsAFileWouldBe() throws Exception {
        Path input = accounts(work, "payload.csv", 700);
        send("test.payload", List.of(new Msg(Files.readString(input), Map.of())));

        Map<String, Object> report = awaitReport(r -> String.valueOf(r.get("source")).startsWith(sourceOf("test.payload")));
        Path out = Path.of((String) report.get("outputFolder"));
        assertThat(report.get("outcome")).isEqualTo("COMPLETED");
        assertEveryRowAccountedFor(input, out, report);
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertNoJobLeftOpen(SIMULATOR);
    }

    @Test
    void aStreamOf25000RecordsIsClosedByItsCompletionMessage() throws Exception {
        String loadId = newLoadId();
        List<Map<String, Object>> records = records(25_000);
        send("test.stream", stream(loadId, records, true));

        Map<String, Object> report = awaitReport(loadId);
        Path out = outbox.resolve(loadId);
        assertReconciled(records, out, report);
        assertThat(report.get("outcome")).isEqualTo("COMPLETED_WITH_ERRORS");
        // the record in a thousand without its Name
        assertThat(((Number) counts(report).get("failed")).intValue()).isEqualTo(25);
        List<Map<String, Object>> jobs = jobs(report);
        assertThat(jobs).singleElement().satisfies(j -> {
            assertThat(j.get("state")).isEqualTo("Closed");
            assertThat(((Number) j.get("batches")).intValue()).isEqualTo(25);
        });
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertNoJobLeftOpen(SIMULATOR);
        assertThat(streamWork(loadId)).as("journals and batches are removed once joined").doesNotExist();
    }

    @Test
    void aStreamWithoutCompletionMessageIsClosedByItsIdleTimeout() throws Exception {
        String loadId = newLoadId();
        List<Map<String, Object>> records = records(250);
        send("test.idle", stream(loadId, records, false));

        Map<String, Object> report = awaitReport(loadId);
        assertReconciled(records, outbox.resolve(loadId), report);
        // 100 records a batch: two full batches as they filled, the last 50 when the stream went quiet
        assertThat(jobs(report)).singleElement().satisfies(j -> assertThat(((Number) j.get("batches")).intValue()).isEqualTo(3));
        assertNoJobLeftOpen(SIMULATOR);
    }

    @Test
    void aStreamGoesOnInANewJobOnceAJobHasItsLimitOfBatches() throws Exception {
        String loadId = newLoadId();
        List<Map<String, Object>> records = records(1_000);
        send("test.limit", stream(loadId, records, true));

        Map<String, Object> report = awaitReport(loadId);
        assertReconciled(records, outbox.resolve(loadId), report);
        // 10 batches of 100, at most 3 to a job
        List<Map<String, Object>> jobs = jobs(report);
        assertThat(jobs).extracting(j -> ((Number) j.get("batches")).intValue()).containsExactly(3, 3, 3, 1);
        assertThat(jobs).allSatisfy(j -> assertThat(j.get("state")).isEqualTo("Closed"));
        assertThat(SIMULATOR.state().get("jobs")).hasSize(4);
        assertNoJobLeftOpen(SIMULATOR);
    }

    @Test
    void aBrokerRestartInTheMiddleOfAStreamLosesNoMessageAndLoadsNoneTwice() throws Exception {
        String loadId = newLoadId();
        List<Map<String, Object>> records = records(6_000);
        List<Msg> messages = stream(loadId, records, true);
        send("test.stream", messages.subList(0, 3_000));
        // the stream is under way: a batch has been sent
        await().atMost(Duration.ofSeconds(60)).until(() -> SIMULATOR.state().get("jobs").size() > 0
                && SIMULATOR.state().get("jobs").get(0).get("batches").asInt() >= 1);
        restartBroker();
        send("test.stream", messages.subList(3_000, messages.size()));

        Map<String, Object> report = awaitReport(loadId);
        assertReconciled(records, outbox.resolve(loadId), report);
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", outbox.resolve(loadId));
        assertNoJobLeftOpen(SIMULATOR);
    }

    @Test
    void aServiceStoppedInTheMiddleOfAStreamTakesItUpAgainLosingNoMessageAndLoadingNoneTwice() throws Exception {
        String loadId = newLoadId();
        List<Map<String, Object>> records = records(6_000);
        List<Msg> messages = stream(loadId, records, true);
        send("test.stream", messages.subList(0, 4_500));
        await().atMost(Duration.ofSeconds(60)).until(() -> SIMULATOR.state().get("jobs").size() > 0
                && SIMULATOR.state().get("jobs").get(0).get("batches").asInt() >= 2);
        service.close();
        // the new service takes the stream up at start, then its consumers take the messages not acknowledged
        service = new CamelRuntime(serviceSettings(), true);
        service.context();
        send("test.stream", messages.subList(4_500, messages.size()));

        Map<String, Object> report = awaitReport(loadId);
        assertReconciled(records, outbox.resolve(loadId), report);
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", outbox.resolve(loadId));
        assertNoJobLeftOpen(SIMULATOR);
    }

    @Test
    void badMessagesGoToTheDeadLetterChannelAndConsumingGoesOn() throws Exception {
        String finished = newLoadId();
        send("test.idle", stream(finished, records(3), false));
        awaitReport(finished);

        send("test.stream", List.of(
                new Msg("this is not JSON", Map.of("bulkLoadId", "bad-" + finished)),
                new Msg("[1, 2]", Map.of("bulkLoadId", "bad-" + finished)),
                new Msg("{\"Name\": \"Late\"}", Map.of("bulkLoadId", finished)),
                new Msg("", Map.of("bulkLoadId", "never-started", "bulkLoadComplete", "true"))));
        send("test.payload", List.of(new Msg("{\"Name\": \"No load id\"}", Map.of())));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetterReasons()).contains(
                "not JSON: Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                "not a JSON object: a record-stream message holds one record as a JSON object",
                "load " + finished + " has already ended (COMPLETED); a record for it cannot be loaded any more",
                "unknown load never-started: a completion signal for a load that has no records",
                "the message is JSON, not CSV: a record-stream message needs the header bulkLoadId"));
        JsonNode late = APP.deadLetters().stream().filter(n -> n.path("loadId").asText().equals(finished)).findFirst().orElseThrow();
        assertThat(late.path("original").path("content").asText()).isEqualTo("{\"Name\": \"Late\"}");

        // the triggers go on consuming
        String next = newLoadId();
        List<Map<String, Object>> records = records(5);
        send("test.stream", stream(next, records, true));
        assertReconciled(records, outbox.resolve(next), awaitReport(next));
    }

    // --- helpers ---

    protected abstract String sourceOf(String destination);

    protected static String newLoadId() {
        return "stream-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Account records as JSON objects, with what a stream must survive: quoting, newlines, numbers, a field that
     * appears only later in the stream (Phone), and a record in a thousand without its required Name.
     */
    protected static List<Map<String, Object>> records(int n) {
        List<Map<String, Object>> records = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("Name", i % 1000 == 500 ? null : "Streamed " + i);
            r.put("Industry", "Energy");
            r.put("NumberOfEmployees", i % 500);
            r.put("AnnualRevenue", new BigDecimal("1000.50"));
            r.put("Description", "record " + i + ", with \"quotes\"\nand a newline");
            if (i > n / 2) {
                r.put("Phone", "+1 555 " + i);
            }
            records.add(r);
        }
        return records;
    }

    /** One message per record with the load's id, and a completion message at the end when asked for. */
    protected static List<Msg> stream(String loadId, List<Map<String, Object>> records, boolean complete) throws Exception {
        List<Msg> messages = new ArrayList<>(records.size() + 1);
        for (Map<String, Object> r : records) {
            messages.add(new Msg(JSON.writeValueAsString(r), Map.of("bulkLoadId", loadId)));
        }
        if (complete) {
            messages.add(new Msg("", Map.of("bulkLoadId", loadId, "bulkLoadComplete", "true")));
        }
        return messages;
    }

    /**
     * Every record ended in exactly one outcome file, as the row the stream made of it: the columns of the outcome
     * files are the records' fields in the order they were first seen; a field a record lacks is empty, null is #N/A.
     */
    protected void assertReconciled(List<Map<String, Object>> records, Path out, Map<String, Object> report) throws IOException {
        Set<String> columns = new LinkedHashSet<>();
        records.forEach(r -> columns.addAll(r.keySet()));
        StringBuilder csv = new StringBuilder();
        CsvLine.append(csv, columns.toArray(String[]::new));
        csv.append('\n');
        for (Map<String, Object> r : records) {
            String[] row = columns.stream().map(c -> !r.containsKey(c) ? "" : r.get(c) == null ? "#N/A" : String.valueOf(r.get(c)))
                    .toArray(String[]::new);
            CsvLine.append(csv, row);
            csv.append('\n');
        }
        Path expected = csv(work, "expected-" + UUID.randomUUID() + ".csv", csv.toString());
        assertThat(header(out.resolve("success.csv")).subList(2, columns.size() + 2)).containsExactlyElementsOf(columns);
        assertEveryRowAccountedFor(expected, out, report);
    }

    protected static Path streamWork(String loadId) {
        return outbox.resolve(loadId).resolve(".work");
    }

    protected static Map<String, Object> awaitReport(String loadId) {
        return awaitReport(r -> loadId.equals(r.get("loadId")));
    }

    /** The report of the load that matches, once it has ended. */
    @SuppressWarnings("unchecked")
    protected static Map<String, Object> awaitReport(java.util.function.Predicate<Map<String, Object>> which) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (Stream<Path> dirs = Files.list(outbox)) {
                for (Path dir : dirs.toList()) {
                    Path file = dir.resolve("report.json");
                    if (Files.exists(file)) {
                        Map<String, Object> report = JSON.readValue(file.toFile(), Map.class);
                        if (which.test(report) && !"RUNNING".equals(report.get("outcome")) && report.get("finishedAt") != null) {
                            return report;
                        }
                    }
                }
            }
            return null;
        }, r -> r != null);
    }

    protected static List<String> deadLetterReasons() throws IOException {
        return APP.deadLetters().stream().map(n -> n.path("exception").path("message").asText()).toList();
    }
}
