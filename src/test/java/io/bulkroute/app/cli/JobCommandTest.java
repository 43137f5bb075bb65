package io.bulkroute.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.app.CamelRuntime;
import io.bulkroute.app.config.Settings;
import io.bulkroute.app.EmbeddedSimulator;
import io.bulkroute.ledger.LoadEntry;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.lifecycle.Janitor;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code job}, {@code close-job} and {@code abort-job} refuse what is no job id before they log in or call:
 * the simulator they would call, theirs alone, hears nothing. On a real job they work whatever format it was
 * made in: the component speaks XML to a JSON job and the simulator answers it in XML, as Salesforce does; the
 * janitor closes a JSON job the same way.
 */
class JobCommandTest {
    @RegisterExtension
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Settings settings() {
        Settings settings = Settings.load("dev");
        settings.set("simulator.enabled", "false");
        settings.set(EmbeddedSimulator.LOGIN_URL, SIMULATOR.baseUrl());
        settings.set("bulk.ledger.url", "jdbc:h2:mem:job-command-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        settings.set("artemis.enabled", "false");
        return settings;
    }

    private record Run(int status, String out, String err) {
        JsonNode job() throws Exception {
            return JSON.readTree(out);
        }
    }

    private static Run run(Settings settings, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = JobCommand.run(CommandLine.parse(args), settings, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void jobCloseJobAndAbortJobWorkOnJobsMadeInJson() throws Exception {
        Settings settings = settings();
        String closing = SIMULATOR.openV1JsonJob();
        SIMULATOR.addV1JsonBatch(closing, "[{\"Name\":\"Acme\"},{\"Name\":\"Globex\"}]");

        Run job = run(settings, "job", closing);
        assertThat(job.status()).as(job.err()).isZero();
        assertThat(job.job().get("state").asText()).isEqualTo("Open");
        assertThat(job.job().get("contentType").asText()).isEqualTo("JSON");

        Run closed = run(settings, "close-job", closing);
        assertThat(closed.status()).as(closed.err()).isZero();
        assertThat(closed.job().get("id").asText()).isEqualTo(closing);
        assertThat(closed.job().get("state").asText()).isEqualTo("Closed");
        assertThat(SIMULATOR.job(closing).get("state").asText()).isEqualTo("Closed");

        Run again = run(settings, "close-job", closing);
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("refused", "InvalidJobState");

        String aborting = SIMULATOR.openV1JsonJob();
        Run aborted = run(settings, "abort-job", aborting);
        assertThat(aborted.status()).as(aborted.err()).isZero();
        assertThat(aborted.job().get("state").asText()).isEqualTo("Aborted");
        assertThat(SIMULATOR.job(aborting).get("state").asText()).isEqualTo("Aborted");
    }

    @Test
    void theJanitorClosesAStaleJsonJobThatHoldsABatchAndAbortsAnEmptyOne() throws Exception {
        Settings settings = settings();
        String url = settings.get("bulk.ledger.url");
        // a load whose process is gone (its lease has run out), with a JSON job holding a batch and an empty one
        Ledger dead = new Ledger(url, "sa", "", "dead@host", Duration.ofSeconds(-60));
        String withBatch = SIMULATOR.openV1JsonJob();
        String batch = SIMULATOR.addV1JsonBatch(withBatch, "[{\"Name\":\"Acme\"}]");
        String empty = SIMULATOR.openV1JsonJob();
        dead.loadStarted(LoadEntry.starting("dead-load", new LoadRequest(Path.of("/tmp/a.csv"), "a.csv", "Account", "insert",
                null, "v1", 10_000, 10_000_000, false, 100_000_000, Path.of("/tmp/out-dead-load")), "a.csv", 1, "0".repeat(64), 1));
        dead.jobOpened("dead-load", withBatch, "v1", 0, "Open");
        dead.batchCut("dead-load", 0, 1, 1, "/tmp/none");
        dead.batchSubmitted("dead-load", 0, withBatch, batch);
        dead.jobOpened("dead-load", empty, "v1", 1, "Open");

        Janitor janitor = new Janitor();
        janitor.setLedger(new Ledger(url, "sa", "", "live@host", Duration.ofMinutes(10)));
        janitor.setOpenJobTtl("0s");
        int ended;
        try (CamelRuntime camel = new CamelRuntime(settings, false)) {
            ended = janitor.sweep(camel.context());
        }

        assertThat(ended).isEqualTo(2);
        assertThat(SIMULATOR.job(withBatch).get("state").asText()).isEqualTo("Closed");
        assertThat(SIMULATOR.job(empty).get("state").asText()).isEqualTo("Aborted");
        assertThat(dead.jobsOf("dead-load")).extracting(j -> j.jobId() + " " + j.state())
                .containsExactlyInAnyOrder(withBatch + " Closed", empty + " Aborted");
    }

    @Test
    void aJobIdThatIsNoSalesforceIdIsAUsageErrorAndNothingReachesSalesforce() {
        Settings settings = settings();
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        for (String command : new String[] {"job", "close-job", "abort-job"}) {
            for (String id : new String[] {"../../../services/oauth2/token", "750Dm0000000001AAA/../../x", "750Dm000000001", "."}) {
                CommandLine cli = CommandLine.parse(new String[] {command, id});
                assertThatThrownBy(() -> JobCommand.run(cli, settings, sink, sink)).as(command + " " + id)
                        .isInstanceOf(UsageException.class).hasMessageContaining("15 or 18");
            }
        }
        assertThat(SIMULATOR.sessions().logins()).as("no login").isZero();
        assertThat(SIMULATOR.calls()).as("no call").isEmpty();
    }
}
