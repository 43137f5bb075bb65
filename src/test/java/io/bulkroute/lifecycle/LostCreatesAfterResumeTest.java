package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.assertEveryRowAccountedFor;
import static io.bulkroute.testing.OutcomeAssertions.assertNoJobLeftOpen;
import static io.bulkroute.testing.OutcomeAssertions.assertOrgHoldsExactlyTheSucceeded;
import static io.bulkroute.testing.OutcomeAssertions.report;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import io.bulkroute.app.cli.CommandLine;
import io.bulkroute.app.cli.ResumeCommand;
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
        String orphan = "v1".equals(api) ? SIMULATOR.openV1Job() : SIMULATOR.openV2Job();
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

        assertThat(SIMULATOR.job(orphan).get("state").asText()).as("the lost job; resume printed:%n%s", printed)
                .isEqualTo("Aborted");
        assertNoJobLeftOpen(SIMULATOR);
        Map<String, Object> report = report(out);
        assertThat(report.get("outcome")).isEqualTo("FAILED");
        assertEveryRowAccountedFor(input, out, report);
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertThat(view(ledger).load(loadId).state()).isEqualTo("FAILED");
    }
}
