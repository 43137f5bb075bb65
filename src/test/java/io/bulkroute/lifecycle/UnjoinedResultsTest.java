package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.assertEveryRowAccountedFor;
import static io.bulkroute.testing.OutcomeAssertions.assertOrgHoldsExactlyTheSucceeded;
import static io.bulkroute.testing.OutcomeAssertions.counts;
import static io.bulkroute.testing.OutcomeAssertions.rows;
import static io.bulkroute.testing.TestInputs.accounts;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.bulkroute.ledger.Ledger;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2.0 job that Salesforce processed but whose results could not be joined (here a file stands where the join
 * works; a full disk or an error of the JVM do the same) must not leave its rows in no outcome file: they are
 * unprocessed, the load stays unfinished, and resume reads the results and writes the outcome again.
 */
class UnjoinedResultsTest {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR);
    @TempDir
    Path work;

    @Test
    void rowsOfAJobWhoseJoinFailedAreUnprocessedUntilResumeReadsTheResults() throws Exception {
        Path input = accounts(work, "accounts.csv", 300);
        Path out = work.resolve("out");
        Path blocker = Files.createDirectories(out.resolve(".work")).resolve("join-1");
        Files.writeString(blocker, "in the way");

        Map<String, Object> report = APP.load(input, "Account", "insert", Map.of("bulkApi", "v2", "bulkOutDir", out.toString()));

        assertThat(report.get("outcome")).as("%s", report).isEqualTo("FAILED");
        assertThat(counts(report)).as("%s", report).containsEntry("total", 300L).containsEntry("unprocessed", 300L);
        assertEveryRowAccountedFor(input, out, report);
        assertThat(SIMULATOR.records("Account")).as("Salesforce did load them").hasSize(300);
        String loadId = (String) report.get("loadId");
        Ledger ledger = APP.context().getRegistry().lookupByNameAndType("ledger", Ledger.class);
        assertThat(ledger.load(loadId).state()).as("left for resume").isIn("RUNNING", "FAILING");

        Files.delete(blocker);
        APP.template().requestBodyAndHeader("direct:bulk-resume", null, "bulkLoadId", loadId);

        Map<String, Object> resumed = io.bulkroute.testing.OutcomeAssertions.report(out);
        assertThat(counts(resumed)).as("%s", resumed).containsEntry("total", 300).containsEntry("succeeded", 300);
        assertEveryRowAccountedFor(input, out, resumed);
        assertThat(rows(out.resolve("unprocessed.csv"))).isEmpty();
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertThat(ledger.load(loadId).state()).as("failed, and finished by resume").isEqualTo("FAILED");
    }
}
