package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.assertLoadedOnceAndNoJobOpen;
import static io.bulkroute.testing.OutcomeAssertions.counts;
import static io.bulkroute.testing.OutcomeAssertions.jobs;
import static io.bulkroute.testing.TestInputs.accounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.simulator.CallLog;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.ExchangeEvents;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bulk 2.0 loads of a few thousand rows cut into several jobs while the simulator injects faults
 * (docs/architecture.md#errors, docs/simulator.md#faults). Whatever happens, every input row ends in exactly one outcome file, the org
 * holds exactly the records success.csv names (nothing loaded twice), and no job is left Open,
 * UploadComplete or InProgress.
 */
class LoadV2FaultsTest {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR);
    @RegisterExtension
    @Order(3)
    final ExchangeEvents events = new ExchangeEvents(APP);
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path work;
    private static final int ROWS = 2_000;
    private static final String INGEST = "/services/data/v[0-9.]+/jobs/ingest";

    @Test
    void burstsOf503AreRetried() throws Exception {
        Path input = accounts(work, "accounts.csv", ROWS);
        SIMULATOR.faults("{\"seed\":11,\"http503Rate\":0.05,\"http503Burst\":3}");

        Map<String, Object> report = loadV2(input, 5);

        assertThat(SIMULATOR.calls()).as("calls answered 503").anySatisfy(c -> assertThat(c.status()).isEqualTo(503));
        assertThat(events.redeliveries()).as("retried").isPositive();
        assertThat(report.get("outcome")).isEqualTo("COMPLETED");
        assertThat(counts(report)).containsEntry("succeeded", (long) ROWS);
        assertLoadedOnceAndNoJobLeftRunning(input, report);
        assertThat(jobs(report)).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(j -> assertThat(j.get("state")).isEqualTo("JobComplete"));
        // a 503 is answered before the call is handled: no job was opened but the load's own
        assertThat(SIMULATOR.jobs()).extracting(j -> j.get("id").asText())
                .containsExactlyInAnyOrderElementsOf(jobs(report).stream().map(j -> (String) j.get("id")).toList());
        assertThat(SIMULATOR.jobs()).allSatisfy(j -> assertThat(j.get("batches").asInt()).isEqualTo(1));
    }

    /**
     * Each call's answer is lost with a probability of 0.1, after the call took effect. Seed 133 loses the
     * answer of the load's first call, a bulk2CreateJob: the job it opened is an orphan whose id nobody
     * knows. The retried create finds it in the org's job list (bulk2GetAllJobs) and aborts it. A lost
     * upload answer is met by "Found multipe contents" on the retry, a lost close answer by "Closing
     * already UploadComplete Job not allowed": both mean the call took effect.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {133, 2, 3})
    void droppedConnectionsNeitherOrphanAJobNorLoadARowTwice(long seed) throws Exception {
        Path input = accounts(work, "accounts.csv", ROWS);
        SIMULATOR.faults("{\"seed\":" + seed + ",\"dropRate\":0.1}");

        Map<String, Object> report = loadV2(input, 5);

        assertThat(SIMULATOR.calls()).as("answers lost").anySatisfy(c -> assertThat(c.status()).isZero());
        assertThat(events.redeliveries()).as("retried").isPositive();
        assertThat(report.get("outcome")).isEqualTo("COMPLETED");
        assertThat(counts(report)).containsEntry("succeeded", (long) ROWS);
        assertLoadedOnceAndNoJobLeftRunning(input, report);
        Set<String> loadJobs = jobs(report).stream().map(j -> (String) j.get("id")).collect(Collectors.toSet());
        assertThat(jobs(report)).allSatisfy(j -> assertThat(j.get("state")).isEqualTo("JobComplete"));
        List<JsonNode> orphans = new ArrayList<>();
        for (JsonNode j : SIMULATOR.jobs()) {
            if (loadJobs.contains(j.get("id").asText())) {
                assertThat(j.get("batches").asInt()).as("one upload per job").isEqualTo(1);
            } else {
                orphans.add(j);
            }
        }
        assertThat(orphans).as("jobs opened by creates whose answer was lost").allSatisfy(orphan -> {
            assertThat(orphan.get("state").asText()).isEqualTo("Aborted");
            assertThat(orphan.get("batches").asInt()).isZero();
        });
        if (seed == 133) {
            assertThat(orphans).as("the first create's answer was lost").isNotEmpty();
            assertThat(SIMULATOR.calls()).anySatisfy(c -> assertThat(c.method() + " " + c.path()).matches("GET " + INGEST + "/?"));
        }
    }

    /**
     * Sessions last a second and every call takes 300 ms, so sessions expire between the calls of a job:
     * the component's calls and the streamed uploads and result downloads (Bulk2Http, with the component's
     * session) meet 401 INVALID_SESSION_ID and log in again.
     */
    @Test
    void sessionExpiryIsSurvivedByTheComponentAndTheStreamedCalls() throws Exception {
        Path input = accounts(work, "accounts.csv", ROWS);
        SIMULATOR.org().pacer().setRate(2_000);
        int loginsBefore = SIMULATOR.sessions().logins();
        SIMULATOR.faults("{\"tokenLifetimeSeconds\":1,\"latencyMs\":300}");

        Map<String, Object> report = loadV2(input, 4);

        assertThat(report.get("outcome")).isEqualTo("COMPLETED");
        assertLoadedOnceAndNoJobLeftRunning(input, report);
        List<CallLog.Call> expired = SIMULATOR.calls().stream().filter(c -> c.status() == 401).toList();
        assertThat(expired).as("component calls refused for an expired session")
                .anySatisfy(c -> assertThat(c.method() + " " + c.path())
                        .matches("(POST " + INGEST + "/?|PATCH " + INGEST + "/\\w+|GET " + INGEST + "/\\w+)"));
        assertThat(expired).as("streamed calls refused for an expired session")
                .anySatisfy(c -> assertThat(c.method() + " " + c.path())
                        .matches("(PUT " + INGEST + "/\\w+/batches|GET " + INGEST + "/\\w+/(successfulResults|failedResults|unprocessedrecords))"));
        assertThat(SIMULATOR.sessions().logins() - loginsBefore).as("logins again").isGreaterThan(2);
    }

    @Test
    void aJobThatFailsPutsItsRowsInUnprocessedAndTheOthersGoOn() throws Exception {
        Path input = accounts(work, "accounts.csv", ROWS);
        SIMULATOR.faults("{\"seed\":3,\"batchFailureRate\":0.5}");

        Map<String, Object> report = loadV2(input, 5);

        assertThat(report.get("outcome")).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(report).doesNotContainKey("error");
        assertLoadedOnceAndNoJobLeftRunning(input, report);
        List<Map<String, Object>> failed = jobs(report).stream().filter(j -> "Failed".equals(j.get("state"))).toList();
        List<Map<String, Object>> complete = jobs(report).stream().filter(j -> "JobComplete".equals(j.get("state"))).toList();
        assertThat(failed).isNotEmpty().allSatisfy(j ->
                assertThat(j.get("errorMessage")).isEqualTo("InternalServerError : Simulated job failure"));
        assertThat(complete).as("the other jobs went on").isNotEmpty();
        assertThat(failed.size() + complete.size()).isEqualTo(jobs(report).size());
        long inFailedJobs = failed.stream().mapToLong(j -> ((Number) j.get("records")).longValue()).sum();
        assertThat(counts(report)).containsEntry("unprocessed", inFailedJobs)
                .containsEntry("succeeded", ROWS - inFailedJobs).containsEntry("failed", 0L);
        assertThat(APP.deadLettersOf(report.get("loadId"))).as("not a failure of the load").isEmpty();
        assertThat(events.failures()).as("exchanges that failed").isZero();
    }

    /** "Someone else" aborts every job a second after it was opened, while it is being processed. */
    @Test
    void aJobAbortedBySomeoneElseKeepsTheRowsItProcessed() throws Exception {
        Path input = accounts(work, "accounts.csv", ROWS);
        SIMULATOR.org().pacer().setRate(300);
        SIMULATOR.faults("{\"abortJobsAfterSeconds\":1}");

        Map<String, Object> report = loadV2(input, 4);

        assertThat(report.get("outcome")).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(report).doesNotContainKey("error");
        assertThat(jobs(report)).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(j -> assertThat(j.get("state")).isEqualTo("Aborted"));
        assertLoadedOnceAndNoJobLeftRunning(input, report);
        assertThat(((Number) counts(report).get("succeeded")).longValue()).as("rows processed before the abort").isPositive();
        assertThat(((Number) counts(report).get("unprocessed")).longValue()).as("rows the abort left").isPositive();
        assertThat(counts(report)).containsEntry("failed", 0L);
        assertThat(APP.deadLettersOf(report.get("loadId"))).as("not a failure of the load").isEmpty();
        assertThat(events.failures()).as("exchanges that failed").isZero();
    }

    /**
     * Every call takes 650 ms and "someone else" aborts each job a second after it was opened: after the
     * upload, before the close. bulk2CloseJob then fails (400 "Closing already Aborted Job not allowed"),
     * and camel-salesforce completes such a failing call twice: the load takes the first answer only and
     * goes on, without a hang, a stray failure or a dead letter.
     */
    @Test
    void aCloseRefusedBecauseSomeoneElseAbortedTheJobEndsCleanly() throws Exception {
        Path input = accounts(work, "accounts.csv", 1_200);
        SIMULATOR.faults("{\"latencyMs\":650,\"abortJobsAfterSeconds\":1}");

        Map<String, Object> report = loadV2(input, 3);

        assertThat(SIMULATOR.calls()).as("closes refused").anySatisfy(c -> {
            assertThat(c.method() + " " + c.path()).matches("PATCH " + INGEST + "/\\w+");
            assertThat(c.status()).isEqualTo(400);
        });
        assertThat(report.get("outcome")).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(report).doesNotContainKey("error");
        assertThat(jobs(report)).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(j -> assertThat(j.get("state")).isEqualTo("Aborted"));
        assertThat(counts(report)).containsEntry("unprocessed", 1_200L).containsEntry("succeeded", 0L);
        assertLoadedOnceAndNoJobLeftRunning(input, report);
        assertThat(SIMULATOR.records("Account")).isEmpty();
        assertThat(APP.deadLettersOf(report.get("loadId"))).isEmpty();
        assertThat(events.failures()).as("exchanges that failed").isZero();
        assertThat(events.redeliveries()).as("steps retried").isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(APP.context().getInflightRepository().size()).as("exchanges still in flight").isZero());
    }

    /**
     * The org's daily allowance of Bulk batches (shared by Bulk 1.0 and 2.0) has one batch left: of the two
     * jobs opened side by side, one gets its upload in and runs, the other's upload is refused with
     * EXCEEDED_QUOTA, a permanent failure after jobs were opened. The load opens no more jobs, the running one
     * aborts itself (the rows it processed, if any yet, are joined), and once it has ended the load fails: the
     * refused job is aborted, the outcome files, a FAILED report and a dead letter are written.
     */
    @Test
    void aPermanentFailureAfterJobsWereOpenedAbortsThemAndAccountsForEveryRow() throws Exception {
        Path input = accounts(work, "accounts.csv", ROWS);
        long left = SIMULATOR.org().usage().limits().get("DailyBulkApiBatches").get("Remaining");
        assertThat(SIMULATOR.org().usage().takeBatches(left - 1)).isTrue();
        SIMULATOR.org().pacer().setRate(300);

        Map<String, Object> report = loadV2(input, 5);

        assertThat(report.get("outcome")).isEqualTo("FAILED");
        assertThat((String) report.get("error")).contains("EXCEEDED_QUOTA", "Exceeded the daily limit of Bulk API batches");
        assertLoadedOnceAndNoJobLeftRunning(input, report);
        List<Map<String, Object>> opened = jobs(report).stream().filter(j -> j.get("id") != null).toList();
        assertThat(opened).as("the running job and the refused one").hasSize(2)
                .allSatisfy(j -> assertThat(j.get("state")).isEqualTo("Aborted"))
                .anySatisfy(j -> assertThat((String) j.get("errorMessage")).contains("EXCEEDED_QUOTA"));
        assertThat(SIMULATOR.jobs()).hasSize(2).allSatisfy(j -> assertThat(j.get("state").asText()).isEqualTo("Aborted"))
                .as("one upload got in").anySatisfy(j -> assertThat(j.get("batches").asInt()).isEqualTo(1));
        assertThat(jobs(report)).as("the jobs cut after the failure are never opened").hasSizeGreaterThan(2)
                .filteredOn(j -> j.get("id") == null).allSatisfy(j -> assertThat(j.get("state")).isEqualTo("Unopened"));
        // how many rows the running job got through before its abort depends on when the refusal came (at once,
        // in some runs): what is certain is that the outcome files say what the org holds
        long succeeded = ((Number) counts(report).get("succeeded")).longValue();
        long failed = ((Number) counts(report).get("failed")).longValue();
        assertThat(succeeded).as("succeeded before the abort: the records the org holds")
                .isEqualTo(SIMULATOR.records("Account").size());
        assertThat(SIMULATOR.jobs().stream().mapToLong(j -> j.get("recordsProcessed").asLong()).sum())
                .as("records the org processed").isEqualTo(succeeded + failed);
        assertThat(((Number) counts(report).get("unprocessed")).longValue()).isGreaterThan(ROWS / 2);

        Path written = Path.of((String) report.get("outputFolder"), "report.json");
        assertThat(JSON.readTree(written.toFile()).get("outcome").asText()).isEqualTo("FAILED");
        assertThat(APP.deadLettersOf(report.get("loadId"))).singleElement().satisfies(envelope -> {
            assertThat(envelope.get("exception").get("message").asText()).contains("Exceeded the daily limit of Bulk API batches");
            assertThat(envelope.get("original").get("file").asText()).isEqualTo(input.toAbsolutePath().toString());
        });
    }

    // ---------------------------------------------------------------------------------------------

    /** A Bulk 2.0 load of {@code input} cut into about {@code jobs} jobs. */
    private Map<String, Object> loadV2(Path input, int jobs) throws Exception {
        long perJob = Files.size(input) / jobs + 1_000;
        return APP.load(input, "Account", "insert", Map.of("bulkApi", "v2", "bulkJobMaxBytes", String.valueOf(perJob)));
    }

    private static void assertLoadedOnceAndNoJobLeftRunning(Path input, Map<String, Object> report) throws Exception {
        assertLoadedOnceAndNoJobOpen(SIMULATOR, input, report);
        assertThat(jobs(report)).extracting(j -> j.get("state"))
                .allSatisfy(s -> assertThat(s).isIn("JobComplete", "Failed", "Aborted", "Unopened"));
    }
}
