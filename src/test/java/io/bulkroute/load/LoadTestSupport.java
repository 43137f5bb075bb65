package io.bulkroute.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.batch.CsvRows;
import io.bulkroute.config.Settings;
import io.bulkroute.service.CamelRuntime;
import io.bulkroute.service.EmbeddedSimulator;
import io.bulkroute.simulator.Simulator;
import io.bulkroute.simulator.SimulatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application as it runs (Camel Main, the routes in routes/, configuration from config/) against
 * a simulator the test controls, over HTTP. Polling is fast so loads finish quickly.
 */
public abstract class LoadTestSupport {
    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    protected static Simulator simulator;
    protected static CamelRuntime app;
    protected static Path deadLetters;
    /** One in-memory ledger per test JVM: the same test data may be loaded again in another class. */
    protected static final String LEDGER_URL = "jdbc:h2:mem:ledger-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @TempDir
    protected Path work;

    @BeforeAll
    static void startApp() throws Exception {
        simulator = new Simulator(SimulatorConfig.defaults()).start();
        deadLetters = Files.createTempDirectory("bulkroute-dead-letter");
        app = new CamelRuntime(settings());
        app.context();
    }

    @AfterAll
    static void stopApp() {
        app.close();
        simulator.close();
    }

    @BeforeEach
    void resetOrg() throws Exception {
        simulator.reset();
    }

    /** The dev profile, pointed at the test's simulator. */
    protected static Settings settings() {
        Settings s = Settings.load("dev");
        s.set("simulator.enabled", "false");
        s.set(EmbeddedSimulator.LOGIN_URL, simulator.baseUrl());
        s.set("bulk.poll.initial-delay", "50");
        s.set("bulk.poll.max-delay", "400");
        s.set("bulk.dead-letter-uri", "file:" + deadLetters);
        s.set("bulk.ledger.url", LEDGER_URL);
        // a runtime with triggers serves the HTTP API: on a free port, never one another test or service holds
        s.set("bulk.http.port", "0");
        // the tests that need a broker start their own
        s.set("artemis.enabled", "false");
        return s;
    }

    /** Runs a load through direct:bulk-load as the command line does; returns report.json's content. */
    @SuppressWarnings("unchecked")
    protected Map<String, Object> load(Path file, String object, String operation, Map<String, Object> more) throws Exception {
        Map<String, Object> headers = new HashMap<>(more);
        headers.put("bulkSource", file.toAbsolutePath().toString());
        headers.put("bulkSourceName", file.getFileName().toString());
        headers.put("bulkObject", object);
        headers.put("bulkOperation", operation);
        headers.putIfAbsent("bulkOutDir", work.resolve("out").toString());
        headers.putIfAbsent("bulkForce", "true");
        return (Map<String, Object>) app.template().requestBodyAndHeaders("direct:bulk-load", null, headers);
    }

    protected Path csv(String name, String content) throws IOException {
        Path file = work.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    /** Every row of a CSV file after its header. */
    protected static List<List<String>> rows(Path file) {
        List<List<String>> rows = new ArrayList<>();
        try (CsvRows in = new CsvRows(file)) {
            in.next();
            String[] row;
            while ((row = in.next()) != null) {
                rows.add(List.of(row));
            }
        }
        return rows;
    }

    protected static List<String> header(Path file) {
        try (CsvRows in = new CsvRows(file)) {
            return List.of(in.next());
        }
    }

    /** The original columns of an outcome file's rows (without the two sf__ columns where there are). */
    protected static List<List<String>> originalRows(Path file) {
        boolean sf = header(file).get(0).startsWith("sf__");
        return rows(file).stream().map(r -> sf ? r.subList(2, r.size()) : r).toList();
    }

    /**
     * Nothing lost: the three outcome files hold exactly the input's rows, each once, and the
     * report's counts add up to them.
     */
    @SuppressWarnings("unchecked")
    protected static void assertEveryRowAccountedFor(Path input, Path out, Map<String, Object> report) {
        List<List<String>> expected = rows(input);
        List<List<String>> success = originalRows(out.resolve("success.csv"));
        List<List<String>> failed = originalRows(out.resolve("failed.csv"));
        List<List<String>> unprocessed = originalRows(out.resolve("unprocessed.csv"));
        List<List<String>> all = new ArrayList<>(success);
        all.addAll(failed);
        all.addAll(unprocessed);
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
        Map<String, Object> records = (Map<String, Object>) report.get("records");
        assertThat(((Number) records.get("total")).longValue()).isEqualTo(expected.size());
        assertThat(((Number) records.get("succeeded")).longValue()).isEqualTo(success.size());
        assertThat(((Number) records.get("failed")).longValue()).isEqualTo(failed.size());
        assertThat(((Number) records.get("unprocessed")).longValue()).isEqualTo(unprocessed.size());
    }

    /** The org holds exactly the records success.csv names. */
    protected static void assertOrgHoldsExactlyTheSucceeded(String object, Path out) throws Exception {
        List<String> ids = rows(out.resolve("success.csv")).stream().map(r -> r.get(0)).toList();
        List<String> stored = records(object).stream().map(n -> n.get("Id").asText()).toList();
        assertThat(stored).containsExactlyInAnyOrderElementsOf(ids);
    }

    /** No job this test's loads opened is still Open (or UploadComplete / InProgress for 2.0). */
    protected static void assertNoJobLeftOpen() throws Exception {
        for (JsonNode job : state().get("jobs")) {
            assertThat(job.get("state").asText()).as("job %s", job.get("id").asText())
                    .isIn("Closed", "Aborted", "JobComplete", "Failed");
        }
    }

    protected static JsonNode state() throws Exception {
        return JSON.readTree(admin("GET", "/simulator/state", null).body());
    }

    protected static List<JsonNode> records(String object) throws Exception {
        String body = admin("GET", "/simulator/objects/" + object, null).body();
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    protected static void faults(String json) throws Exception {
        HttpResponse<String> r = admin("PUT", "/simulator/faults", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    protected static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> counts(Map<String, Object> report) {
        return (Map<String, Object>) report.get("records");
    }

    /** A CSV of {@code n} Accounts, with quoting that must survive the cut into batches. */
    protected Path accounts(String name, int n) throws IOException {
        StringBuilder csv = new StringBuilder("Name,Industry,NumberOfEmployees,Description\r\n");
        for (int i = 1; i <= n; i++) {
            csv.append("Account ").append(i).append(",Energy,").append(i % 500).append(",\"row ").append(i)
                    .append(", with \"\"quotes\"\"\nand a newline\"\r\n");
        }
        return csv(name, csv.toString());
    }
}
