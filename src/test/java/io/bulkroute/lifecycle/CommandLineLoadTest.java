package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.assertEveryRowAccountedFor;
import static io.bulkroute.testing.OutcomeAssertions.assertNoJobLeftOpen;
import static io.bulkroute.testing.OutcomeAssertions.assertOrgHoldsExactlyTheSucceeded;
import static io.bulkroute.testing.TestInputs.accounts;
import static io.bulkroute.testing.TestInputs.csv;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.app.cli.CommandLine;
import io.bulkroute.app.cli.JobCommand;
import io.bulkroute.app.cli.LoadCommand;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The {@code load}, {@code job}, {@code close-job} and {@code abort-job} commands and their exit statuses. */
class CommandLineLoadTest {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR).withoutRuntime();
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path work;

    private record Run(int status, String out, String err) {
    }

    private Run run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = CommandLine.parse(args);
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = cli.command().equals("load") ? LoadCommand.run(cli, APP.settings(), o)
                : JobCommand.run(cli, APP.settings(), o, e);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void allSucceededExitsZeroAndPrintsWhereTheFilesAre() throws Exception {
        Path input = accounts(work, "ok.csv", 120);
        Path out = work.resolve("cli-ok");
        Run r = run("load", input.toString(), "--object", "Account", "--operation", "insert", "--batch-size", "50",
                "--out", out.toString());
        assertThat(r.status).isZero();
        assertThat(r.out).contains("COMPLETED", "120 total, 120 succeeded, 0 failed, 0 unprocessed", out.toAbsolutePath().toString());
        Map<String, Object> report = JSON.readValue(Files.readString(out.resolve("report.json")), Map.class);
        assertEveryRowAccountedFor(input, out, report);
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertNoJobLeftOpen(SIMULATOR);
    }

    @Test
    void bulk2ThroughTheCommandLine() throws Exception {
        Path input = accounts(work, "ok-v2.csv", 400);
        Path out = work.resolve("cli-v2");
        Run r = run("load", input.toString(), "--object", "Account", "--operation", "insert", "--api", "v2",
                "--out", out.toString());
        assertThat(r.status).isZero();
        assertThat(r.out).contains("COMPLETED", "through Bulk API v2", "400 total, 400 succeeded");
        Map<String, Object> report = JSON.readValue(Files.readString(out.resolve("report.json")), Map.class);
        assertEveryRowAccountedFor(input, out, report);
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertNoJobLeftOpen(SIMULATOR);
    }

    @Test
    void someFailedExitsTwo() throws Exception {
        Path input = csv(work, "mixed.csv", "LastName,Email\nSmith,s@example.com\n,missing@example.com\n");
        Path out = work.resolve("cli-mixed");
        Run r = run("load", input.toString(), "--object", "Contact", "--operation", "insert", "--out", out.toString());
        assertThat(r.status).isEqualTo(2);
        assertThat(r.out).contains("COMPLETED_WITH_ERRORS", "1 succeeded, 1 failed");
        assertEveryRowAccountedFor(input, out, JSON.readValue(Files.readString(out.resolve("report.json")), Map.class));
    }

    @Test
    void badInputExitsOneWithFileLineAndReason() throws Exception {
        Path input = csv(work, "ragged.csv", "Name,Industry\nAcme,Energy\nGlobex\nInitech,Tech\n");
        Path out = work.resolve("cli-bad");
        Run r = run("load", input.toString(), "--object", "Account", "--operation", "insert", "--out", out.toString());
        assertThat(r.status).isEqualTo(1);
        assertThat(r.out).contains("FAILED", "ragged.csv, line 3: the row has 1 values but the header has 2 columns");
        Map<String, Object> report = JSON.readValue(Files.readString(out.resolve("report.json")), Map.class);
        assertThat(report.get("outcome")).isEqualTo("FAILED");
        assertThat((java.util.List<?>) report.get("jobs")).as("no job is opened for bad input").isEmpty();
        assertThat(SIMULATOR.state().get("jobs")).isEmpty();
    }

    @Test
    void usageErrors() {
        assertThat(io.bulkroute.app.Bulkroute.run(new String[] {"load"})).isEqualTo(64);
        assertThat(io.bulkroute.app.Bulkroute.run(new String[] {"load", "x.csv", "--object", "Account"})).isEqualTo(64);
        assertThat(io.bulkroute.app.Bulkroute.run(new String[] {"load", "x.csv", "--object", "Account", "--operation", "merge"}))
                .isEqualTo(64);
        assertThat(io.bulkroute.app.Bulkroute.run(new String[] {"load", "x.csv", "--object", "Account", "--operation", "upsert"}))
                .isEqualTo(64);
        assertThat(io.bulkroute.app.Bulkroute.run(new String[] {"close-job"})).isEqualTo(64);
        assertThat(io.bulkroute.app.Bulkroute.run(new String[] {"job", "750x", "--api", "v3"})).isEqualTo(64);
    }

    @Test
    void closeJobClosesAJobAnotherClientOpenedAndJobShowsIt() throws Exception {
        String jobId = SIMULATOR.openV1Job();
        Run closed = run("close-job", jobId);
        assertThat(closed.status).isZero();
        assertThat(JSON.readTree(closed.out).get("state").asText()).isEqualTo("Closed");
        Run again = run("close-job", jobId);
        assertThat(again.status).isEqualTo(1);
        assertThat(again.err).contains("InvalidJobState", "Closing already Closed Job not allowed");
        Run shown = run("job", jobId);
        assertThat(shown.status).isZero();
        assertThat(JSON.readTree(shown.out).get("id").asText()).isEqualTo(jobId);
        Run unknown = run("job", "750Dm0000zzzzzzAAA");
        assertThat(unknown.status).isEqualTo(1);
        assertThat(unknown.err).contains("InvalidJob");
    }

    @Test
    void abortJobAbortsV1AndV2Jobs() throws Exception {
        Run aborted = run("abort-job", SIMULATOR.openV1Job());
        assertThat(aborted.status).isZero();
        assertThat(JSON.readTree(aborted.out).get("state").asText()).isEqualTo("Aborted");

        String v2 = SIMULATOR.openV2Job();
        Run v2closed = run("close-job", v2, "--api", "v2");
        assertThat(v2closed.status).isZero();
        assertThat(JSON.readTree(v2closed.out).get("state").asText()).isEqualTo("UploadComplete");
    }
}
