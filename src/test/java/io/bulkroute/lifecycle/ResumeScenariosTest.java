package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.assertEveryRowAccountedFor;
import static io.bulkroute.testing.OutcomeAssertions.assertEveryRowLoadedOnce;
import static io.bulkroute.testing.OutcomeAssertions.assertNoJobLeftOpen;
import static io.bulkroute.testing.OutcomeAssertions.assertOrgHoldsExactlyTheSucceeded;
import static io.bulkroute.testing.OutcomeAssertions.report;
import static io.bulkroute.testing.OutcomeAssertions.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import io.bulkroute.app.cli.CommandLine;
import io.bulkroute.app.cli.JobCommand;
import io.bulkroute.app.cli.ResumeCommand;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.ledger.LoadEntry;
import io.bulkroute.app.CamelRuntime;
import org.junit.jupiter.api.Test;

/**
 * Crashes beyond the stages of a load: one killed while it fails, a service killed while it loads a
 * dropped file, and a service that resumes what it finds unfinished when it starts.
 */
class ResumeScenariosTest extends CrashTestSupport {
    /**
     * The load fails for good (the org's daily batch allowance runs out at its fourth batch) and is killed
     * as it logs the failure, before it has ended its job: resume aborts the job, follows the batches it
     * submitted, and writes a FAILED report with every row accounted for.
     */
    @Test
    void aLoadKilledWhileFailingIsFinishedAsFailedWithItsJobAborted() throws Exception {
        String ledger = ledgerUrl();
        Path input = accounts(work.resolve("accounts.csv"));
        Path out = work.resolve("out");
        long left = SIMULATOR.org().usage().limits().get("DailyBulkApiBatches").get("Remaining");
        assertThat(SIMULATOR.org().usage().takeBatches(left - 3)).isTrue();

        Run killed = fork(ledger, Pattern.compile("failed: .*ExceededQuota"), "load", input.toString(), "--object", "Account",
                "--operation", "insert", "--out", out.toString());
        assertThat(killed.killed()).as("killed; log:%n%s", killed.log()).isTrue();
        String loadId = view(ledger).unfinishedLoads().get(0).loadId();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = ResumeCommand.run(CommandLine.parse(new String[] {"resume"}), settings(ledger),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(exit).as("it printed:%n%s", printed).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> report = report(out);
        assertThat(report.get("outcome")).isEqualTo("FAILED");
        assertThat((String) report.get("error")).contains("ExceededQuota");
        assertEveryRowAccountedFor(input, out, report);
        assertThat(rows(out.resolve("success.csv"))).hasSize(300);
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertNoJobLeftOpen(SIMULATOR);
        assertThat(SIMULATOR.state().get("jobs")).singleElement()
                .satisfies(job -> assertThat(job.get("state").asText()).isEqualTo("Aborted"));
        assertThat(view(ledger).load(loadId).state()).isEqualTo("FAILED");
    }

    /**
     * The crash came after Salesforce took a batch and before the ledger heard of it, and meanwhile an operator
     * aborted the job. Resume finds the batch by its request's SHA-256 and joins its results: no record the org
     * holds is reported unprocessed (issue 10, case 1, after resume).
     */
    @Test
    void aBatchTakenBeforeTheCrashIsJoinedAfterResumeAlthoughItsJobWasAborted() throws Exception {
        String ledger = ledgerUrl();
        Path input = accounts(work.resolve("accounts.csv"));
        Path out = work.resolve("out");
        Run killed = fork(ledger, Pattern.compile("batch \\d+ of \\d+ records accepted"), 3, "load", input.toString(),
                "--object", "Account", "--operation", "insert", "--out", out.toString());
        assertThat(killed.killed()).as("killed; log:%n%s", killed.log()).isTrue();
        Ledger view = view(ledger);
        String loadId = view.unfinishedLoads().get(0).loadId();
        String jobId = view.jobsOf(loadId).get(0).jobId();
        // the ledger has no call that forgets a batch: the crash's effect is written as SQL of its own
        try (var c = java.sql.DriverManager.getConnection(ledger, ledger.startsWith("jdbc:postgresql") ? "postgres" : "sa", "");
             var update = c.prepareStatement("update bulk_batch set job_id = null, batch_id = null, state = 'Cut'"
                     + " where load_id = ? and batch_id is not null")) {
            update.setString(1, loadId);
            update.executeUpdate();
        }
        ByteArrayOutputStream ignored = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(ignored, true, StandardCharsets.UTF_8);
        assertThat(JobCommand.run(CommandLine.parse(new String[] {"abort-job", jobId}), settings(ledger), sink, sink))
                .as("abort-job printed:%n%s", ignored).isZero();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ResumeCommand.run(CommandLine.parse(new String[] {"resume"}), settings(ledger),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        @SuppressWarnings("unchecked")
        Map<String, Object> report = report(out);
        assertEveryRowAccountedFor(input, out, report);
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertThat(SIMULATOR.records("Account")).as("the batches Salesforce took before the crash").isNotEmpty();
        assertNoJobLeftOpen(SIMULATOR);
        assertThat(view(ledger).unfinishedLoads()).as("resume printed:%n%s", printed).isEmpty();
    }

    /**
     * A service killed while it loads a dropped file: the file waits in the folder's .inprogress/, the
     * restarted service finishes its load and moves it to .done/.
     */
    @Test
    void aDroppedFileWhoseServiceCrashedIsFinishedAndMovedToDone() throws Exception {
        String ledger = ledgerUrl();
        Path service = Files.createDirectories(work.resolve("service"));
        Path inbox = Files.createDirectories(service.resolve("inbox/accounts"));
        Path input = accounts(work.resolve("dropped.csv"));
        Run killed = fork(service, () -> {
            try {
                Files.copy(input, inbox.resolve("dropped.csv"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, ledger, SOME_BATCHES_SUBMITTED, 3, "run");
        assertThat(killed.killed()).as("killed; log:%n%s", killed.log()).isTrue();
        Path inProgress;
        try (var folders = Files.list(inbox.resolve(".inprogress"))) {
            inProgress = folders.map(f -> f.resolve("dropped.csv")).filter(Files::exists).findFirst().orElseThrow();
        }
        Ledger view = view(ledger);
        LoadEntry load = view.unfinishedLoads().get(0);

        try (CamelRuntime restarted = new CamelRuntime(settings(ledger), true)) {
            restarted.context();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                    .until(() -> view.load(load.loadId()).state().equals("COMPLETED"));
        }
        Path out = load.request().outDir();
        assertEveryRowLoadedOnce(SIMULATOR, input, out);
        assertThat(inbox.resolve(".done/dropped.csv")).hasSameTextualContentAs(input);
        assertThat(inProgress).doesNotExist();
        assertThat(inProgress.getParent()).doesNotExist();
    }

    @Test
    void theServiceResumesAnUnfinishedLoadWhenItStarts() throws Exception {
        String ledger = ledgerUrl();
        Path input = accounts(work.resolve("accounts.csv"));
        Path out = work.resolve("out");
        Run killed = fork(ledger, SOME_BATCHES_SUBMITTED, 3, "load", input.toString(), "--object", "Account",
                "--operation", "insert", "--out", out.toString());
        assertThat(killed.killed()).as("killed; log:%n%s", killed.log()).isTrue();
        Ledger view = view(ledger);
        String loadId = view.unfinishedLoads().get(0).loadId();

        try (CamelRuntime service = new CamelRuntime(settings(ledger), true)) {
            service.context();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                    .until(() -> view.load(loadId).state().equals("COMPLETED"));
        }
        assertEveryRowLoadedOnce(SIMULATOR, input, out);
    }

    private static final Pattern SOME_BATCHES_SUBMITTED = Pattern.compile("batch \\d+ of \\d+ records accepted");
}
