package io.bulkroute.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import io.bulkroute.cli.CommandLine;
import io.bulkroute.cli.ResumeCommand;
import io.bulkroute.ledger.Ledger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A create call whose answer was lost may have opened a job nobody knows the id of. When the load then fails and
 * its sweep for such jobs cannot get through (the faults go on), the load stays unfinished, and the ledger remembers
 * that a create lost its answer: the resume that ends the load finds that job and aborts it, so no job this
 * application opened is left Open (issue 10, case 2: a job left Open after fifty loads under faults).
 */
class LostCreatesAfterResumeTest extends CrashTestSupport {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void aFailedLoadsLostJobIsAbortedByResume(String api) throws Exception {
        String ledger = ledgerUrl();
        Path input = accounts(work.resolve("accounts.csv"));
        Path out = work.resolve("out");
        Pattern opened = Pattern.compile("v1".equals(api) ? "batch \\d+ of \\d+ records accepted" : "job \\S+ opened for");
        Run killed = fork(ledger, opened, "load", input.toString(), "--object", "Account", "--operation", "insert",
                "--api", api, "--out", out.toString());
        assertThat(killed.killed()).as("killed; log:%n%s", killed.log()).isTrue();
        Ledger view = view(ledger);
        String loadId = view.unfinishedLoads().get(0).loadId();

        // what the lost answer left: a job of the same user, object and operation, opened after the load began
        Instant lostAt = Instant.now().minusSeconds(1);
        String orphan = openJob(api);
        // the ledger has no call that fails a load this way: written as SQL of its own
        try (var c = java.sql.DriverManager.getConnection(ledger, "sa", "");
             var update = c.prepareStatement("update bulk_load set state = 'FAILING', error = 'the sweep for lost jobs could"
                     + " not get through', lost_create_since = ? where load_id = ?")) {
            update.setTimestamp(1, Timestamp.from(lostAt));
            update.setString(2, loadId);
            update.executeUpdate();
        }

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ResumeCommand.run(CommandLine.parse(new String[] {"resume"}), settings(ledger),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(stateOf(orphan)).as("the lost job; resume printed:%n%s", printed).isEqualTo("Aborted");
        LoadTestSupport.assertNoJobLeftOpen();
        @SuppressWarnings("unchecked")
        Map<String, Object> report = LoadTestSupport.JSON.readValue(out.resolve("report.json").toFile(), Map.class);
        assertThat(report.get("outcome")).isEqualTo("FAILED");
        LoadTestSupport.assertEveryRowAccountedFor(input, out, report);
        LoadTestSupport.assertOrgHoldsExactlyTheSucceeded("Account", out);
        assertThat(view(ledger).load(loadId).state()).isEqualTo("FAILED");
    }

    private static String openJob(String api) throws Exception {
        if ("v1".equals(api)) {
            String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><jobInfo xmlns=\"http://www.force.com/2009/06/asyncapi/dataload\">"
                    + "<operation>insert</operation><object>Account</object><contentType>CSV</contentType></jobInfo>";
            return call("/services/async/62.0/job", "application/xml", body).replaceAll("(?s).*<id>([^<]+)</id>.*", "$1");
        }
        String json = call("/services/data/v62.0/jobs/ingest", "application/json",
                "{\"object\":\"Account\",\"operation\":\"insert\",\"contentType\":\"CSV\"}");
        return LoadTestSupport.JSON.readTree(json).get("id").asText();
    }

    private static String stateOf(String jobId) throws Exception {
        for (var job : LoadTestSupport.state().get("jobs")) {
            if (job.get("id").asText().equals(jobId)) {
                return job.get("state").asText();
            }
        }
        return null;
    }

    private static String call(String path, String type, String body) throws Exception {
        String form = "grant_type=password&client_id=bulkroute-dev&client_secret=dev-secret&username=dev%40bulkroute.local"
                + "&password=dev-password";
        String token = LoadTestSupport.JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl()
                        + "/services/oauth2/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).body())
                .get("access_token").asText();
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).header("Content-Type", type)
                .header("X-SFDC-Session", token).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return r.body();
    }
}
