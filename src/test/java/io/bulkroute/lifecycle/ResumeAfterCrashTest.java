package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.assertEveryRowLoadedOnce;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import io.bulkroute.app.cli.CommandLine;
import io.bulkroute.app.cli.ResumeCommand;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.ledger.LoadEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A load killed with SIGKILL at each stage of its lifecycle, in a forked JVM, then finished by
 * {@code resume}: the outcome files hold exactly the input's rows, the org holds each succeeded record
 * once (no batch was sent twice), and no job is left open. Bulk 1.0 and 2.0; the ledger on an H2 file
 * here, on PostgreSQL in {@link ResumeAfterCrashOnPostgresTest}.
 */
class ResumeAfterCrashTest extends CrashTestSupport {
    /** Where the load is killed: when its log shows the {@code nth} line matching {@code line}. */
    enum Stage {
        V1_AFTER_OPEN("v1", "job \\S+ opened", 1),
        V1_SOME_BATCHES_SUBMITTED("v1", "batch \\d+ of \\d+ records accepted", 3),
        V1_AFTER_CLOSE("v1", "job \\S+ is Closed", 1),
        V1_WHILE_MONITORING("v1", "batches ended", 1),
        V1_WHILE_WRITING_RESULTS("v1", "results of batch \\S+ joined", 2),
        V2_AFTER_OPEN("v2", "job \\S+ opened for", 1),
        V2_SOME_JOBS_SUBMITTED("v2", "uploaded and closed", 1),
        V2_AFTER_CLOSE("v2", "uploaded and closed", 3),
        V2_WHILE_MONITORING("v2", "records processed \\(", 1),
        V2_WHILE_WRITING_RESULTS("v2", "succeeded, \\d+ failed, \\d+ unprocessed", 1);

        final String api;
        final Pattern line;
        final int nth;

        Stage(String api, String line, int nth) {
            this.api = api;
            this.line = Pattern.compile(line);
            this.nth = nth;
        }
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void aLoadKilledAtEachStageIsFinishedByResume(Stage stage) throws Exception {
        String ledger = ledgerUrl();
        Path input = accounts(work.resolve("accounts.csv"));
        Path out = work.resolve("out");

        Run killed = fork(ledger, stage, "load", input.toString(), "--object", "Account", "--operation", "insert",
                "--api", stage.api, "--out", out.toString());
        assertThat(killed.killed()).as("killed at %s; log:%n%s", stage, killed.log()).isTrue();
        List<LoadEntry> unfinished = view(ledger).unfinishedLoads();
        assertThat(unfinished).as("the load is unfinished after the crash").hasSize(1);

        // the resume command itself, in this JVM (a second fork would only add its start-up time)
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = ResumeCommand.run(CommandLine.parse(new String[] {"resume"}), settings(ledger),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(exit).as("resume's exit status; it printed:%n%s", printed).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Load " + unfinished.get(0).loadId() + ": COMPLETED");

        assertEveryRowLoadedOnce(SIMULATOR, input, out);
        Ledger after = view(ledger);
        assertThat(after.unfinishedLoads()).isEmpty();
        assertThat(after.load(unfinished.get(0).loadId()).state()).isEqualTo("COMPLETED");
        assertThat(out.resolve(".work")).doesNotExist();
    }

    /** Runs the command line in a forked JVM; killed with SIGKILL at {@code stage} (null: runs to its end). */
    Run fork(String ledger, Stage stage, String... args) throws Exception {
        return fork(ledger, stage == null ? null : stage.line, stage == null ? 0 : stage.nth, args);
    }
}
