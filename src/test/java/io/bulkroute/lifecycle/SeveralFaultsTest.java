package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.assertEveryRowAccountedFor;
import static io.bulkroute.testing.OutcomeAssertions.assertNoJobLeftOpen;
import static io.bulkroute.testing.OutcomeAssertions.assertOrgHoldsExactlyTheSucceeded;
import static io.bulkroute.testing.TestInputs.accounts;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.SimulatorExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several faults at once, as the hostile probe of issue 10 combined them. Whatever the faults did, what
 * the org holds is what the outcome files say: the rows of success.csv are exactly the records created,
 * so no record that exists is reported unprocessed, and no job is left open.
 */
@Tag("faults")
class SeveralFaultsTest {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR);
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path work;
    private static final int ROWS = 6_000;

    /** Answers lost while someone else aborts the job: batches Salesforce took are found and joined. */
    @ParameterizedTest(name = "api {0}")
    @ValueSource(strings = {"v1", "v2"})
    void lostAnswersWhileTheJobIsAbortedLeaveNoOrgRecordUnprocessed(String api) throws Exception {
        Path input = accounts(work, "accounts.csv", ROWS);
        SIMULATOR.faults("{\"seed\":7,\"dropRate\":0.3,\"latencyMs\":150,\"abortJobsAfterSeconds\":2}");

        Map<String, Object> report = APP.load(input, "Account", "insert",
                Map.of("bulkBatchSize", "250", "bulkApi", api, "bulkJobMaxBytes", "60000"));

        assertOrgMatchesTheOutcomeFiles(input, report);
    }

    /** A failure while the load handles a failure still ends it with every row accounted for and its job ended. */
    @ParameterizedTest(name = "api {0}")
    @ValueSource(strings = {"v1", "v2"})
    void heavyFaultsEndTheLoadWithCorrectAccounting(String api) throws Exception {
        Path input = accounts(work, "accounts.csv", ROWS);
        SIMULATOR.faults("{\"seed\":7,\"http503Rate\":0.3,\"http503Burst\":3,\"dropRate\":0.2,\"lockFailureRate\":0.1,"
                + "\"batchFailureRate\":0.3,\"tokenLifetimeSeconds\":3,\"abortJobsAfterSeconds\":4}");

        Map<String, Object> report = APP.load(input, "Account", "insert",
                Map.of("bulkBatchSize", "250", "bulkApi", api, "bulkJobMaxBytes", "60000"));

        assertThat(report.get("outcome")).isIn("COMPLETED", "COMPLETED_WITH_ERRORS", "FAILED");
        assertOrgMatchesTheOutcomeFiles(input, report);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resume(String loadId) throws Exception {
        return (Map<String, Object>) APP.template().requestBodyAndHeader("direct:bulk-resume", null, "bulkLoadId", loadId);
    }

    private static boolean unfinished(String loadId) throws Exception {
        return List.of("RUNNING", "FAILING").contains(ledger().load(loadId).state());
    }

    private static Ledger ledger() throws Exception {
        return APP.context().getRegistry().lookupByNameAndType("ledger", Ledger.class);
    }

    /**
     * Every row is in one outcome file, and no job is left open. Results that could not be read even after
     * their retries leave the load unfinished in the ledger: once the faults are gone, resume reads them. Then
     * the org holds exactly the records success.csv names.
     */
    @SuppressWarnings("unchecked")
    private static void assertOrgMatchesTheOutcomeFiles(Path input, Map<String, Object> report) throws Exception {
        Path out = Path.of((String) report.get("outputFolder"));
        assertEveryRowAccountedFor(input, out, report);
        assertNoJobLeftOpen(SIMULATOR);
        SIMULATOR.faults("{}");
        String loadId = (String) report.get("loadId");
        if (unfinished(loadId)) {
            assertThat(report.get("outcome")).isEqualTo("FAILED");
            // the service's own resume sweep may take it up first: either way it ends
            resume(loadId);
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> !unfinished(loadId));
            report = JSON.readValue(out.resolve("report.json").toFile(), Map.class);
            assertEveryRowAccountedFor(input, out, report);
        }
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertNoJobLeftOpen(SIMULATOR);
    }
}
