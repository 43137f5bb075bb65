package io.bulkroute.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.simulator.CallLog;
import io.bulkroute.simulator.SimulatedOrg;
import io.bulkroute.simulator.Simulator;
import io.bulkroute.simulator.SimulatorConfig;
import io.bulkroute.simulator.auth.Credentials;
import io.bulkroute.simulator.auth.Sessions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Salesforce simulator of a test class, in this JVM on a free port: started before the class, stopped after it.
 * Each test starts with a fresh org (no job, record, session or call) and ends with its faults and pace back to the
 * configured ones, so that what a test injected never reaches the next one nor the class's shutdown. Register it
 * as a static field: {@code @RegisterExtension @Order(1) static final SimulatorExtension SIMULATOR = new SimulatorExtension();}
 * (the order matters where an {@link AppExtension} uses it).
 *
 * <p>Everything a test reads from or sets in the org goes through here: the admin API over HTTP ({@link #state()},
 * {@link #records(String)}, {@link #faults(String)}), and the client a test plays when it acts as another
 * Salesforce client ({@link #accessToken()}, {@link #openV1Job()}).
 */
public final class SimulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final SimulatorConfig config;
    private String faultsBeforeEach;
    private Simulator simulator;

    public SimulatorExtension() {
        this(SimulatorConfig.defaults());
    }

    public SimulatorExtension(SimulatorConfig config) {
        this.config = config;
    }

    /** Faults every test starts with, set over the admin API after the org's reset (e.g. a latency). */
    public SimulatorExtension withFaultsBeforeEach(String json) {
        this.faultsBeforeEach = json;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    /** Starts the simulator unless it runs; an {@link AppExtension} calls it too, whatever order JUnit chose. */
    void start() {
        if (simulator == null) {
            simulator = new Simulator(config).start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        simulator.reset();
        simulator.org().pacer().setRate(config.recordsPerSecond());
        if (faultsBeforeEach != null) {
            faults(faultsBeforeEach);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        calm();
    }

    /** The configured faults and pace again, e.g. before a test's clients log out. */
    public void calm() {
        simulator.org().faults().set(config.faults());
        simulator.org().pacer().setRate(config.recordsPerSecond());
    }

    // --- the simulator itself ---

    public Simulator simulator() {
        return simulator;
    }

    public String baseUrl() {
        return simulator.baseUrl();
    }

    public SimulatedOrg org() {
        return simulator.org();
    }

    public Sessions sessions() {
        return simulator.sessions();
    }

    /** The calls the org answered since the test started. */
    public List<CallLog.Call> calls() {
        return simulator.calls().calls();
    }

    /** A fresh org in the middle of a test. */
    public void reset() {
        simulator.reset();
    }

    // --- the admin API ---

    public HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The org's jobs, batches and record counts as {@code GET /simulator/state} tells them. */
    public JsonNode state() throws Exception {
        return JSON.readTree(admin("GET", "/simulator/state", null).body());
    }

    /** The jobs of {@link #state()}, Bulk 1.0 and 2.0. */
    public List<JsonNode> jobs() throws Exception {
        List<JsonNode> jobs = new ArrayList<>();
        state().get("jobs").forEach(jobs::add);
        return jobs;
    }

    /** The job of {@link #state()} with this id. */
    public JsonNode job(String id) throws Exception {
        for (JsonNode j : jobs()) {
            if (j.get("id").asText().equals(id)) {
                return j;
            }
        }
        throw new AssertionError("the simulator knows no job " + id);
    }

    /** The records the org holds for {@code object}, one JSON object each. */
    public List<JsonNode> records(String object) throws Exception {
        String body = admin("GET", "/simulator/objects/" + object, null).body();
        return body.lines().filter(l -> !l.isBlank()).map(SimulatorExtension::json).toList();
    }

    /** Replaces the org's faults (JSON as {@code PUT /simulator/faults} takes it; {@code {}} for none). */
    public void faults(String json) throws Exception {
        HttpResponse<String> r = admin("PUT", "/simulator/faults", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    // --- another Salesforce client, over plain HTTP ---

    public HttpResponse<String> raw(String method, String path, String token, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token).header("X-SFDC-Session", token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in with the password flow and the dev credentials; the access token. */
    public String accessToken() throws Exception {
        Credentials c = Credentials.dev();
        String form = "grant_type=password&client_id=" + c.clientId() + "&client_secret=" + c.clientSecret()
                + "&username=" + URLEncoder.encode(c.userName(), StandardCharsets.UTF_8) + "&password=" + c.password();
        HttpResponse<String> r = raw("POST", "/services/oauth2/token", null, "application/x-www-form-urlencoded", form);
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    /** A Bulk 1.0 insert job on Account opened by another client; its id. */
    public String openV1Job() throws Exception {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><jobInfo xmlns=\"http://www.force.com/2009/06/asyncapi/dataload\">"
                + "<operation>insert</operation><object>Account</object><contentType>CSV</contentType></jobInfo>";
        String xml = raw("POST", "/services/async/62.0/job", accessToken(), "application/xml", body).body();
        return xml.replaceAll("(?s).*<id>([^<]+)</id>.*", "$1");
    }

    /** A Bulk 1.0 insert job on Account taking JSON batches, opened by another client in JSON; its id. */
    public String openV1JsonJob() throws Exception {
        String body = "{\"operation\":\"insert\",\"object\":\"Account\",\"contentType\":\"JSON\"}";
        String answer = raw("POST", "/services/async/62.0/job", accessToken(), "application/json", body).body();
        return JSON.readTree(answer).get("id").asText();
    }

    /** A batch of JSON records ({@code [{"Name":"Acme"}]}) added to a JSON job by another client; the batch's id. */
    public String addV1JsonBatch(String jobId, String records) throws Exception {
        HttpResponse<String> r = raw("POST", "/services/async/62.0/job/" + jobId + "/batch", accessToken(), "application/json", records);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asText();
    }

    /** A Bulk 2.0 insert job on Account opened by another client; its id. */
    public String openV2Job() throws Exception {
        String job = JSON.writeValueAsString(Map.of("object", "Account", "operation", "insert", "contentType", "CSV"));
        String answer = raw("POST", "/services/data/v62.0/jobs/ingest", accessToken(), "application/json", job).body();
        return JSON.readTree(answer).get("id").asText();
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
