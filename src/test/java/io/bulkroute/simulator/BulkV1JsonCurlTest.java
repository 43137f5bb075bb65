package io.bulkroute.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The calls docs/simulator.md#closing-a-bulk-10-job-by-hand shows, made as {@code curl} makes them: plain HTTP,
 * the session in {@code X-SFDC-Session}, {@code Content-Type: application/json}, no {@code Accept}. A JSON job
 * takes two batches, is closed with {@code {"state":"Closed"}}, refuses a third, runs to its end and gives one
 * JSON result per record; an XML job is closed with the same JSON body.
 */
class BulkV1JsonCurlTest {
    @RegisterExtension
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String JOBS = "/services/async/62.0/job";
    private String token;

    @BeforeEach
    void logIn() throws Exception {
        token = SIMULATOR.accessToken();
    }

    /** {@code curl -X method URL -H "X-SFDC-Session: …" [-H "Content-Type: …" -d body]}. */
    private HttpResponse<String> curl(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(SIMULATOR.baseUrl() + path)).header("X-SFDC-Session", token);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    /** The documented close call. */
    private JsonNode close(String jobId) throws Exception {
        return json(curl("POST", JOBS + "/" + jobId, "application/json", "{\"state\":\"Closed\"}"), 200);
    }

    @Test
    void aJsonJobTakesTwoBatchesIsClosedByTheDocumentedCallRefusesAThirdAndGivesOneResultPerRecord() throws Exception {
        JsonNode job = json(curl("POST", JOBS, "application/json",
                "{\"operation\":\"insert\",\"object\":\"Account\",\"contentType\":\"JSON\"}"), 201);
        String jobId = job.get("id").asText();
        assertThat(job.get("state").asText()).isEqualTo("Open");
        assertThat(job.get("contentType").asText()).isEqualTo("JSON");
        assertThat(job.get("apiVersion").isNumber()).isTrue();

        JsonNode first = json(curl("POST", JOBS + "/" + jobId + "/batch", "application/json",
                "[{\"Name\":\"Acme\",\"NumberOfEmployees\":10},{\"Name\":\"Globex\",\"Description\":null},{\"Industry\":\"Retail\"}]"), 201);
        assertThat(first.get("state").asText()).isEqualTo("Queued");
        assertThat(first.get("jobId").asText()).isEqualTo(jobId);
        JsonNode second = json(curl("POST", JOBS + "/" + jobId + "/batch", "application/json",
                "[{\"attributes\":{\"type\":\"Account\"},\"Name\":\"Initech\",\"AnnualRevenue\":1500000.50}]"), 201);

        JsonNode closed = close(jobId);
        assertThat(closed.get("id").asText()).isEqualTo(jobId);
        assertThat(closed.get("state").asText()).isEqualTo("Closed");

        JsonNode refused = json(curl("POST", JOBS + "/" + jobId + "/batch", "application/json", "[{\"Name\":\"Too late\"}]"), 400);
        assertThat(refused.get("exceptionCode").asText()).isEqualTo("InvalidJobState");
        assertThat(refused.get("exceptionMessage").asText()).contains(jobId);

        // followed to its end: the job stays monitorable once closed
        JsonNode done = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> json(curl("GET", JOBS + "/" + jobId, "application/json", null), 200),
                        j -> j.get("numberBatchesCompleted").asInt() + j.get("numberBatchesFailed").asInt() == 2);
        assertThat(done.get("state").asText()).isEqualTo("Closed");
        assertThat(done.get("numberBatchesCompleted").asInt()).isEqualTo(2);
        assertThat(done.get("numberRecordsProcessed").asInt()).isEqualTo(4);
        assertThat(done.get("numberRecordsFailed").asInt()).isEqualTo(1);

        JsonNode list = json(curl("GET", JOBS + "/" + jobId + "/batch", "application/json", null), 200);
        assertThat(list.get("batchInfo")).hasSize(2);

        List<JsonNode> results = results(jobId, first.get("id").asText());
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("success").asBoolean()).isTrue();
        assertThat(results.get(0).get("created").asBoolean()).isTrue();
        assertThat(results.get(0).get("id").asText()).startsWith("001").hasSize(18);
        assertThat(results.get(0).get("errors")).isEmpty();
        assertThat(results.get(1).get("success").asBoolean()).isTrue();
        assertThat(results.get(2).get("success").asBoolean()).isFalse();
        assertThat(results.get(2).get("id").isNull()).isTrue();
        JsonNode error = results.get(2).get("errors").get(0);
        assertThat(error.get("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(error.get("message").asText()).isEqualTo("Required fields are missing: [Name]");
        assertThat(error.get("fields")).singleElement().satisfies(f -> assertThat(f.asText()).isEqualTo("Name"));
        assertThat(results(jobId, second.get("id").asText())).singleElement()
                .satisfies(r -> assertThat(r.get("success").asBoolean()).isTrue());

        assertThat(SIMULATOR.records("Account")).extracting(r -> r.get("Name").asText())
                .containsExactlyInAnyOrder("Acme", "Globex", "Initech");
        String request = curl("GET", JOBS + "/" + jobId + "/batch/" + second.get("id").asText() + "/request", null, null).body();
        assertThat(JSON.readTree(request).get(0).get("Name").asText()).isEqualTo("Initech");
    }

    @Test
    void anXmlJobIsClosedWithTheSameJsonBodyAndKeepsItsXmlAndCsv() throws Exception {
        String jobId = SIMULATOR.openV1Job();
        HttpResponse<String> batch = curl("POST", JOBS + "/" + jobId + "/batch", "text/csv", "Name\nAcme\nGlobex\n");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(201);
        assertThat(batch.body()).startsWith("<?xml").contains("<state>Queued</state>");
        String batchId = batch.body().replaceAll("(?s).*<id>([^<]+)</id>.*", "$1");
        HttpResponse<String> secondBatch = curl("POST", JOBS + "/" + jobId + "/batch", "text/csv", "Name\nInitech\n");
        assertThat(secondBatch.statusCode()).as(secondBatch.body()).isEqualTo(201);
        String secondId = secondBatch.body().replaceAll("(?s).*<id>([^<]+)</id>.*", "$1");

        JsonNode closed = close(jobId);
        assertThat(closed.get("state").asText()).isEqualTo("Closed");
        assertThat(closed.get("contentType").asText()).isEqualTo("CSV");
        // the third batch is CSV, as the job's: refused in the job's XML
        HttpResponse<String> third = curl("POST", JOBS + "/" + jobId + "/batch", "text/csv", "Name\nLate\n");
        assertThat(third.statusCode()).isEqualTo(400);
        assertThat(third.body()).contains("<exceptionCode>InvalidJobState</exceptionCode>");
        // a JSON request is refused in JSON
        JsonNode again = json(curl("POST", JOBS + "/" + jobId, "application/json", "{\"state\":\"Closed\"}"), 400);
        assertThat(again.get("exceptionCode").asText()).isEqualTo("InvalidJobState");

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> curl("GET", JOBS + "/" + jobId, null, null).body(), b -> b.contains("<numberBatchesCompleted>2<"));
        List<String> csv = curl("GET", JOBS + "/" + jobId + "/batch/" + batchId + "/result", null, null).body().lines().toList();
        assertThat(csv).hasSize(3).first().isEqualTo("\"Id\",\"Success\",\"Created\",\"Error\"");
        assertThat(csv.get(1)).matches("\"001\\w{15}\",\"true\",\"true\",\"\"");
        assertThat(curl("GET", JOBS + "/" + jobId + "/batch/" + secondId + "/result", null, null).body().lines()).hasSize(2);
    }

    @Test
    void bearerAuthenticatesTooAndWhatIsRefusedIsRefusedInJson() throws Exception {
        String jobId = SIMULATOR.openV1JsonJob();
        HttpResponse<String> bearer = HTTP.send(HttpRequest.newBuilder(URI.create(SIMULATOR.baseUrl() + JOBS + "/" + jobId))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json(bearer, 200).get("id").asText()).isEqualTo(jobId);

        token = "not-a-session";
        assertThat(json(curl("GET", JOBS + "/" + jobId, "application/json", null), 400).get("exceptionCode").asText())
                .isEqualTo("InvalidSessionId");
        token = SIMULATOR.accessToken();
        assertThat(json(curl("GET", JOBS + "/750Dm0000000000AAA", "application/json", null), 400).get("exceptionCode").asText())
                .isEqualTo("InvalidJob");
        assertThat(json(curl("POST", JOBS, "application/json", "{not json"), 400).get("exceptionCode").asText())
                .isEqualTo("InvalidJob");
        // a JSON job takes JSON batches only
        JsonNode csv = json(curl("POST", JOBS + "/" + jobId + "/batch", "text/csv", "Name\nAcme\n"), 400);
        assertThat(csv.get("exceptionCode").asText()).isEqualTo("InvalidBatch");
        assertThat(csv.get("exceptionMessage").asText()).contains("JSON");

        // what is not an array of records fails the batch, as Salesforce fails it, with the reason
        String badId = json(curl("POST", JOBS + "/" + jobId + "/batch", "application/json", "{\"Name\":\"Acme\"}"), 201)
                .get("id").asText();
        JsonNode failed = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> json(curl("GET", JOBS + "/" + jobId + "/batch/" + badId, null, null), 200),
                        b -> !b.get("state").asText().equals("Queued") && !b.get("state").asText().equals("InProgress"));
        assertThat(failed.get("state").asText()).isEqualTo("Failed");
        assertThat(failed.get("stateMessage").asText()).startsWith("InvalidBatch : Failed to parse JSON");
    }

    private List<JsonNode> results(String jobId, String batchId) throws Exception {
        HttpResponse<String> r = curl("GET", JOBS + "/" + jobId + "/batch/" + batchId + "/result", "application/json", null);
        List<JsonNode> list = new ArrayList<>();
        json(r, 200).forEach(list::add);
        return list;
    }
}
