package io.bulkroute.trigger.http;

import static io.bulkroute.testing.OutcomeAssertions.assertEveryRowAccountedFor;
import static io.bulkroute.testing.OutcomeAssertions.assertNoJobLeftOpen;
import static io.bulkroute.testing.OutcomeAssertions.assertOrgHoldsExactlyTheSucceeded;
import static io.bulkroute.testing.OutcomeAssertions.counts;
import static io.bulkroute.testing.OutcomeAssertions.header;
import static io.bulkroute.testing.OutcomeAssertions.rows;
import static io.bulkroute.testing.TestInputs.accounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.app.config.Settings;
import io.bulkroute.app.CamelRuntime;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.SimulatorExtension;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API of routes/http-api.camel.yaml through a real HTTP client: a CSV posted, loaded on its
 * own, followed while it runs and read when it has ended; the bearer token; the body cap; closing a
 * job by id. The server listens on a free port.
 */
class HttpApiTest {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR).withoutRuntime();
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path work;
    private static final String TOKEN = "test-token-" + java.util.UUID.randomUUID();
    private static final long MAX_BODY = 1_000_000;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static CamelRuntime service;
    private static Path staging;
    private static String api;

    @BeforeAll
    static void startService() throws Exception {
        staging = Files.createTempDirectory("bulkroute-staging");
        Settings s = APP.settings();
        s.set("bulk.outbox", Files.createTempDirectory("bulkroute-outbox").toString());
        s.set("bulk.staging", staging.toString());
        s.set("bulk.batch-size", "1000");
        s.set("bulk.api-token", TOKEN);
        s.set("bulk.http.max-body-bytes", String.valueOf(MAX_BODY));
        // the API without the other triggers, on a port of its own
        s.set("bulk.http.enabled", "true");
        s.set("bulk.http.port", "0");
        service = new CamelRuntime(s);
        int port = service.context().hasService(VertxPlatformHttpServer.class).getPort();
        api = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @Test
    void aPostedCsvIsAcceptedThenFollowedWhileItRunsThenItsFinalReportReconcilesWithIt() throws Exception {
        // slow enough to be seen running
        SIMULATOR.faults("{\"latencyMs\": 150}");
        Path input = accounts(work, "posted.csv", 3000);
        Files.writeString(input, ",Energy,1,no name\n,Energy,2,nor this\n",
                java.nio.file.StandardOpenOption.APPEND);

        HttpResponse<String> started = call("POST", "/api/loads?object=Account&operation=insert", TOKEN,
                HttpRequest.BodyPublishers.ofFile(input));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String loadId = JSON.readTree(started.body()).get("loadId").asText();
        assertThat(started.headers().firstValue("Location")).hasValue("/api/loads/" + loadId);
        assertThat(started.headers().map()).as("no header of the load's").doesNotContainKeys("bulksource", "object", "user-agent");

        JsonNode running = json(call("GET", "/api/loads/" + loadId, TOKEN, null));
        assertThat(running.get("loadId").asText()).isEqualTo(loadId);
        assertThat(running.get("outcome").asText()).isEqualTo("RUNNING");
        JsonNode counted = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> json(call("GET", "/api/loads/" + loadId, TOKEN, null)),
                        r -> r.get("outcome").asText().equals("RUNNING") && r.path("records").path("total").asLong() > 0);
        assertThat(counted.get("object").asText()).isEqualTo("Account");
        assertThat(counted.path("records").path("total").asLong()).isEqualTo(3002);

        JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> json(call("GET", "/api/loads/" + loadId, TOKEN, null)),
                        r -> !r.get("outcome").asText().equals("RUNNING"));
        Map<String, Object> report = JSON.convertValue(done, Map.class);
        assertThat(report.get("outcome")).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(report.get("finishedAt")).isNotNull();
        assertThat(counts(report)).containsEntry("succeeded", 3000).containsEntry("failed", 2);
        Path out = Path.of((String) report.get("outputFolder"));
        assertEveryRowAccountedFor(input, out, report);
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertNoJobLeftOpen(SIMULATOR);
        assertThat(stagedFiles()).as("the upload is removed once loaded").isEmpty();
    }

    /**
     * A record stream over HTTP: records posted in three calls (one of them refused: not JSON), then the
     * completion signal. The stream's job is closed, and every record taken is in the outcome files once.
     */
    @Test
    void recordsPostedToAStreamAreLoadedWhenItsCompletionIsSignalled() throws Exception {
        String loadId = "http-stream-" + System.nanoTime();
        List<String> names = new java.util.ArrayList<>();
        for (int call = 0; call < 3; call++) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 700; i++) {
                String name = "Streamed " + call + "-" + i;
                names.add(name);
                lines.append("{\"Name\":\"").append(name).append("\",\"Industry\":\"Energy\"}\n");
            }
            if (call == 1) {
                lines.append("this is no JSON\n\n");
            }
            HttpResponse<String> posted = call("POST", "/api/loads/" + loadId + "/records?object=Account&operation=insert",
                    TOKEN, HttpRequest.BodyPublishers.ofString(lines.toString()), "application/x-ndjson");
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            JsonNode tally = JSON.readTree(posted.body());
            assertThat(tally.get("taken").asLong()).isEqualTo(700);
            assertThat(tally.get("refused").asLong()).isEqualTo(call == 1 ? 1 : 0);
        }
        assertThat(SIMULATOR.state().get("jobs")).singleElement().satisfies(j -> assertThat(j.get("state").asText()).isEqualTo("Open"));

        HttpResponse<String> complete = call("POST", "/api/loads/" + loadId + "/complete", TOKEN,
                HttpRequest.BodyPublishers.noBody());
        assertThat(complete.statusCode()).as(complete.body()).isEqualTo(202);

        JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> json(call("GET", "/api/loads/" + loadId, TOKEN, null)),
                        r -> !r.get("outcome").asText().equals("RUNNING"));
        assertThat(done.get("outcome").asText()).as(done.toString()).isEqualTo("COMPLETED");
        Path out = Path.of(done.get("outputFolder").asText());
        assertThat(rows(out.resolve("success.csv")).stream().map(r -> r.get(header(out.resolve("success.csv")).indexOf("Name"))))
                .containsExactlyInAnyOrderElementsOf(names);
        assertThat(rows(out.resolve("failed.csv"))).isEmpty();
        assertThat(rows(out.resolve("unprocessed.csv"))).isEmpty();
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertNoJobLeftOpen(SIMULATOR);

        // a stream that has ended takes no more records, and an unknown one no completion
        assertThat(call("POST", "/api/loads/" + loadId + "/complete", TOKEN, HttpRequest.BodyPublishers.noBody()).statusCode())
                .isEqualTo(409);
        assertThat(call("POST", "/api/loads/no-such-stream/complete", TOKEN, HttpRequest.BodyPublishers.noBody()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void everyCallWithoutTheTokenOrWithAnotherIsRefused() throws Exception {
        Path input = accounts(work, "unauthorized.csv", 20000);
        for (String token : new String[] {null, "wrong", TOKEN + "x", ""}) {
            HttpResponse<String> post = call("POST", "/api/loads?object=Account&operation=insert", token,
                    HttpRequest.BodyPublishers.ofFile(input));
            assertThat(post.statusCode()).isEqualTo(401);
            assertThat(post.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(call("GET", "/api/loads/anything", token, null).statusCode()).isEqualTo(401);
            assertThat(call("POST", "/api/jobs/750000000000000AAA/close", token, HttpRequest.BodyPublishers.noBody())
                    .statusCode()).isEqualTo(401);
        }
        HttpResponse<String> basic = CLIENT.send(HttpRequest.newBuilder(URI.create(api + "/api/loads/anything"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("x:" + TOKEN).getBytes())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(stagedFiles()).isEmpty();
        assertThat(SIMULATOR.state().get("jobs")).as("nothing loaded").isEmpty();
    }

    /**
     * Bodies well over the cap (three times it), as a client sends a file too big: the answer is a 413 the
     * client reads, whether it reads while it sends (curl) or only once it has sent all (java.net.http), never
     * a connection closed under it.
     */
    @Test
    void aBodyOverTheCapIsRefusedWith413AndNothingIsLoaded() throws Exception {
        byte[] big = accountsBytes(50_000);
        assertThat((long) big.length).isGreaterThan(3 * MAX_BODY);
        // declared length over the cap, and a chunked body that only turns out to be over it
        HttpResponse<String> declared = call("POST", "/api/loads?object=Account&operation=insert", TOKEN,
                HttpRequest.BodyPublishers.ofByteArray(big));
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(413);
        assertThat(JSON.readTree(declared.body()).get("error").asText()).contains("bulk.http.max-body-bytes");
        HttpResponse<String> chunked = call("POST", "/api/loads?object=Account&operation=insert", TOKEN,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(JSON.readTree(chunked.body()).get("error").asText()).contains("bulk.http.max-body-bytes");
        if (Curl.available()) {
            Path file = work.resolve("big.csv");
            Files.write(file, big);
            for (String length : new String[] {"Content-Length: " + big.length, "Transfer-Encoding: chunked"}) {
                Curl.Answer answer = Curl.run("-sS", "-H", "Authorization: Bearer " + TOKEN, "-H", "Content-Type: text/csv",
                        "-H", length, "--data-binary", "@" + file, api + "/api/loads?object=Account&operation=insert");
                assertThat(answer.status()).as(length + " " + answer).isEqualTo(413);
            }
        }
        assertThat(stagedFiles()).isEmpty();
        assertThat(SIMULATOR.state().get("jobs")).as("nothing loaded").isEmpty();
        // the server is still there for the next call
        assertThat(call("GET", "/api/loads/nothing-here", TOKEN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aJobOpenedByAnotherClientIsClosedByIdAndASecondCloseIsRefusedWithSalesforcesReason() throws Exception {
        String v1 = SIMULATOR.openV1Job();
        HttpResponse<String> closed = call("POST", "/api/jobs/" + v1 + "/close", TOKEN, HttpRequest.BodyPublishers.noBody());
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(JSON.readTree(closed.body()).get("state").asText()).isEqualTo("Closed");
        assertThat(SIMULATOR.job(v1).get("state").asText()).isEqualTo("Closed");

        HttpResponse<String> again = call("POST", "/api/jobs/" + v1 + "/close", TOKEN, HttpRequest.BodyPublishers.noBody());
        assertThat(again.statusCode()).isBetween(400, 499);
        assertThat(JSON.readTree(again.body()).get("error").asText()).contains("InvalidJobState", "Closed");

        // a job made in JSON: the component closes it in XML, and is answered in XML
        String json = SIMULATOR.openV1JsonJob();
        HttpResponse<String> jsonClosed = call("POST", "/api/jobs/" + json + "/close", TOKEN, HttpRequest.BodyPublishers.noBody());
        assertThat(jsonClosed.statusCode()).as(jsonClosed.body()).isEqualTo(200);
        assertThat(JSON.readTree(jsonClosed.body()).get("contentType").asText()).isEqualTo("JSON");
        assertThat(SIMULATOR.job(json).get("state").asText()).isEqualTo("Closed");

        String v2 = SIMULATOR.openV2Job();
        HttpResponse<String> uploaded = call("POST", "/api/jobs/" + v2 + "/close?api=v2", TOKEN, HttpRequest.BodyPublishers.noBody());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        assertThat(JSON.readTree(uploaded.body()).get("state").asText()).isEqualTo("UploadComplete");
    }

    @Test
    void anUnknownLoadIs404AndMissingParametersAre400() throws Exception {
        HttpResponse<String> unknown = call("GET", "/api/loads/20200101-000000-abcdef", TOKEN, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).contains("20200101-000000-abcdef");
        assertThat(unknown.headers().map()).as("no request header comes back").doesNotContainKeys("user-agent", "authorization", "id");
        HttpResponse<String> noObject = call("POST", "/api/loads?operation=insert", TOKEN, HttpRequest.BodyPublishers.ofString("Name\nA\n"));
        assertThat(noObject.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noObject.body()).get("error").asText()).contains("object");
        HttpResponse<String> upsert = call("POST", "/api/loads?object=Account&operation=upsert", TOKEN,
                HttpRequest.BodyPublishers.ofString("Name\nA\n"));
        assertThat(upsert.statusCode()).isEqualTo(400);
        assertThat(stagedFiles()).isEmpty();
    }

    /**
     * The record-stream example of docs/http-api.md, word for word: its curl call (run by curl when there is one)
     * and the same call as curl makes it (curl's own Content-Type when the example gives none) take both records.
     */
    @Test
    void theReadmesRecordStreamCallTakesItsRecords() throws Exception {
        ReadmeCurl example = ReadmeCurl.recordsExample(Path.of("docs/http-api.md"));
        String stream = "readme-" + System.nanoTime();
        HttpRequest.Builder replay = HttpRequest.newBuilder(URI.create(example.url(api, stream)))
                .POST(HttpRequest.BodyPublishers.ofString(example.body()));
        example.headers(TOKEN).forEach(replay::header);
        HttpResponse<String> posted = CLIENT.send(replay.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        assertThat(JSON.readTree(posted.body()).get("taken").asLong()).isEqualTo(2);
        if (Curl.available()) {
            Curl.Answer answer = Curl.shell(example.command(api, TOKEN, stream + "-curl"));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
            assertThat(JSON.readTree(answer.body()).get("taken").asLong()).as(answer.toString()).isEqualTo(2);
        }
        // both streams end here: one left open would be taken up by the next service on this test JVM's ledger
        List<String> streams = Curl.available() ? List.of(stream, stream + "-curl") : List.of(stream);
        for (String id : streams) {
            HttpResponse<String> complete = call("POST", "/api/loads/" + id + "/complete", TOKEN, HttpRequest.BodyPublishers.noBody());
            assertThat(complete.statusCode()).as(complete.body()).isEqualTo(202);
            JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> json(call("GET", "/api/loads/" + id, TOKEN, null)), r -> !r.get("outcome").asText().equals("RUNNING"));
            assertThat(done.path("records").path("succeeded").asLong()).as(done.toString()).isEqualTo(2);
        }
    }

    /** A body declared as what a route does not read (a form, CSV for records, JSON for a CSV) is refused, unread. */
    @Test
    void aBodyOfAnotherContentTypeIs415() throws Exception {
        String records = "{\"Name\":\"Acme\"}\n{\"Name\":\"Globex\"}\n";
        for (String type : new String[] {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/csv"}) {
            HttpResponse<String> r = call("POST", "/api/loads/typed-" + System.nanoTime() + "/records?object=Account&operation=insert",
                    TOKEN, HttpRequest.BodyPublishers.ofString(records), type);
            assertThat(r.statusCode()).as(type + ": " + r.body()).isEqualTo(415);
            assertThat(JSON.readTree(r.body()).get("error").asText()).contains("application/x-ndjson");
        }
        for (String type : new String[] {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json"}) {
            HttpResponse<String> r = call("POST", "/api/loads?object=Account&operation=insert", TOKEN,
                    HttpRequest.BodyPublishers.ofString("Name\nAcme\n"), type);
            assertThat(r.statusCode()).as(type + ": " + r.body()).isEqualTo(415);
        }
        assertThat(stagedFiles()).isEmpty();
        assertThat(SIMULATOR.state().get("jobs")).as("nothing loaded").isEmpty();
    }

    /** Neither a refusal nor any other answer carries the call's query parameters (an access token) as headers. */
    @Test
    void noAnswerCarriesTheCallsQueryParametersAsHeaders() throws Exception {
        String query = "access_token=secret-" + System.nanoTime() + "&foo=bar&Location=http://elsewhere&WWW-Authenticate=x";
        List<HttpResponse<String>> answers = List.of(
                call("GET", "/api/loads/anything?" + query, null, null),
                call("POST", "/api/loads?object=Account&operation=insert&" + query, "wrong",
                        HttpRequest.BodyPublishers.ofString("Name\nAcme\n")),
                call("GET", "/api/loads/no-such-load?" + query, TOKEN, null),
                call("POST", "/api/jobs/750000000000000AAA/close?" + query, TOKEN, HttpRequest.BodyPublishers.noBody()));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.body()).isIn(400, 401, 404);
            assertThat(answer.headers().map().keySet()).as(answer.statusCode() + " " + answer.headers().map())
                    .noneMatch(h -> h.equalsIgnoreCase("access_token") || h.equalsIgnoreCase("foo") || h.equalsIgnoreCase("Location"));
            assertThat(answer.headers().allValues("WWW-Authenticate")).doesNotContain("x");
        }
        assertThat(answers.get(0).headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    /** A job id that is no Salesforce id is refused before any call: nothing reaches Salesforce. */
    @Test
    void aJobIdThatIsNoSalesforceIdIs400AndCallsNothing() throws Exception {
        int calls = SIMULATOR.calls().size();
        int logins = SIMULATOR.sessions().logins();
        for (String close : new String[] {"..%2F..%2Fx/close", "..%2F..%2F..%2Fservices%2Foauth2%2Ftoken/close",
                "750000000000000AA/close", "750000000000000AAA%2F..%2F..%2Fx/close", "750000000000000AAA/close?jobId=..%2F..%2Fx"}) {
            HttpResponse<String> r = call("POST", "/api/jobs/" + close, TOKEN, HttpRequest.BodyPublishers.noBody());
            assertThat(r.statusCode()).as(close + ": " + r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).contains("Salesforce id");
        }
        HttpResponse<String> badApi = call("POST", "/api/jobs/750000000000000AAA/close?api=v3", TOKEN, HttpRequest.BodyPublishers.noBody());
        assertThat(badApi.statusCode()).as(badApi.body()).isEqualTo(400);
        assertThat(SIMULATOR.calls()).as("no call reached Salesforce").hasSize(calls);
        assertThat(SIMULATOR.sessions().logins()).isEqualTo(logins);
    }

    /** An object or external id field that is no Salesforce API name is refused before the body is read. */
    @Test
    void anObjectThatIsNoApiNameIs400() throws Exception {
        for (String target : new String[] {"object=Account/../x", "object=Account%2F..%2Fx", "object=..", "object=Account__",
                "object=My__Obj__c__x", "object=1Account", "object=Account&operation=upsert&externalId=Ext__c/../x"}) {
            String query = target.contains("operation=") ? target : target + "&operation=insert";
            HttpResponse<String> upload = call("POST", "/api/loads?" + query, TOKEN, HttpRequest.BodyPublishers.ofString("Name\nAcme\n"));
            assertThat(upload.statusCode()).as(target + ": " + upload.body()).isEqualTo(400);
            assertThat(JSON.readTree(upload.body()).get("error").asText()).contains("API name");
            HttpResponse<String> records = call("POST", "/api/loads/named-" + System.nanoTime() + "/records?" + query, TOKEN,
                    HttpRequest.BodyPublishers.ofString("{\"Name\":\"Acme\"}\n"), "application/x-ndjson");
            assertThat(records.statusCode()).as(target + ": " + records.body()).isEqualTo(400);
        }
        assertThat(stagedFiles()).isEmpty();
        assertThat(SIMULATOR.state().get("jobs")).as("nothing loaded").isEmpty();
    }

    private static HttpResponse<String> call(String method, String path, String token, HttpRequest.BodyPublisher body) throws Exception {
        return call(method, path, token, body, body == null ? null : "text/csv");
    }

    private static HttpResponse<String> call(String method, String path, String token, HttpRequest.BodyPublisher body,
            String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<Path> stagedFiles() throws Exception {
        try (Stream<Path> files = Files.walk(staging)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private byte[] accountsBytes(int n) throws Exception {
        return Files.readAllBytes(accounts(work, "big-" + n + ".csv", n));
    }
}
