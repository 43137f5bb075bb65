package io.bulkroute.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.component.salesforce.api.dto.bulk.ContentType;
import org.apache.camel.component.salesforce.api.dto.bulk.JobInfo;
import org.apache.camel.component.salesforce.api.dto.bulk.OperationEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bulk 1.0 loads of a few thousand rows in small batches while the simulator injects faults (docs/architecture.md#errors,
 * docs/simulator.md#faults). Whatever happens, every input row ends in exactly one outcome file, the org holds exactly
 * the records success.csv names (nothing loaded twice), and no job is left Open.
 */
class LoadV1FaultsTest extends FaultTestSupport {
    private static final int ROWS = 2_000;
    private static final String BATCH_SIZE = "200";
    private static final int BATCHES = 10;




    @Test
    void burstsOf503AreRetriedAndNothingIsLoadedTwice() throws Exception {
        Path input = accounts("accounts.csv", ROWS);
        faults("{\"seed\":11,\"http503Rate\":0.1,\"http503Burst\":3}");

        Map<String, Object> report = load(input, "Account", "insert", Map.of("bulkBatchSize", BATCH_SIZE));

        assertThat(redeliveries.get()).as("calls answered 503, retried").isPositive();
        assertThat(report.get("outcome")).isEqualTo("COMPLETED");
        assertThat(counts(report)).containsEntry("succeeded", (long) ROWS);
        assertLoadedOnceAndNoJobOpen(input, report);
        assertThat(job(report)).containsEntry("state", "Closed").containsEntry("batches", (long) BATCHES);
        assertThat(simulatorJob(report).get("batches").asInt()).as("batches the org received").isEqualTo(BATCHES);
    }

    /**
     * Each call's answer is lost with a probability of 0.1, after the call took effect. With these seeds the
     * answer lost is never that of createJob, the first call of the load (see the next test for that one).
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void droppedConnectionsAreRetriedWithoutSubmittingABatchTwice(long seed) throws Exception {
        Path input = accounts("accounts.csv", ROWS);
        faults("{\"seed\":" + seed + ",\"dropRate\":0.1}");

        Map<String, Object> report = load(input, "Account", "insert", Map.of("bulkBatchSize", BATCH_SIZE));

        assertThat(redeliveries.get()).as("calls whose answer was lost, retried").isPositive();
        assertThat(report.get("outcome")).isEqualTo("COMPLETED");
        assertLoadedOnceAndNoJobOpen(input, report);
        assertThat(job(report)).containsEntry("state", "Closed").containsEntry("batches", (long) BATCHES);
        assertThat(state().get("jobs")).as("one job, and each batch sent once").singleElement()
                .satisfies(j -> assertThat(j.get("batches").asInt()).isEqualTo(BATCHES));
    }

    /**
     * Seed 50606 loses the answer of the load's first createJob: the job it opened is an orphan whose id
     * nobody knows. The load opens another, then finds the orphan in the org's job list, where Bulk 1.0 jobs
     * are listed with "jobType":"Classic", and aborts it.
     */
    @Test
    void aJobOpenedByACreateJobWhoseAnswerWasLostIsAborted() throws Exception {
        assumeThat(classicJobsAreListed()).as("the simulator lists Bulk 1.0 jobs in GET /jobs/ingest").isTrue();
        simulator.reset();
        Path input = accounts("accounts.csv", ROWS);
        faults("{\"seed\":50606,\"dropRate\":0.1}");

        Map<String, Object> report = load(input, "Account", "insert", Map.of("bulkBatchSize", BATCH_SIZE));

        assertThat(report.get("outcome")).isEqualTo("COMPLETED");
        assertLoadedOnceAndNoJobOpen(input, report);
        String loadJob = (String) job(report).get("id");
        List<JsonNode> jobs = new ArrayList<>();
        state().get("jobs").forEach(jobs::add);
        assertThat(jobs).as("the load's job and the orphan").hasSize(2);
        assertThat(jobs).filteredOn(j -> !j.get("id").asText().equals(loadJob)).singleElement().satisfies(orphan -> {
            assertThat(orphan.get("state").asText()).isEqualTo("Aborted");
            assertThat(orphan.get("batches").asInt()).isZero();
        });
    }

    @Test
    void sessionExpiryMidLoadIsSurvived() throws Exception {
        Path input = accounts("accounts.csv", ROWS);
        simulator.org().pacer().setRate(600);
        faults("{\"tokenLifetimeSeconds\":1}");

        Map<String, Object> report = load(input, "Account", "insert", Map.of("bulkBatchSize", BATCH_SIZE));

        assertThat(report.get("outcome")).isEqualTo("COMPLETED");
        assertLoadedOnceAndNoJobOpen(input, report);
        // sessions last a second: a load of more than two made its later calls with renewed sessions
        assertThat(Duration.between(Instant.parse((String) report.get("startedAt")),
                Instant.parse((String) report.get("finishedAt")))).isGreaterThan(Duration.ofSeconds(2));
    }

    @Test
    void theRowsOfFailedBatchesAreUnprocessedWithTheReason() throws Exception {
        Path input = accounts("accounts.csv", ROWS);
        faults("{\"seed\":2,\"batchFailureRate\":0.3}");

        Map<String, Object> report = load(input, "Account", "insert", Map.of("bulkBatchSize", BATCH_SIZE));

        assertThat(report.get("outcome")).isEqualTo("COMPLETED_WITH_ERRORS");
        assertLoadedOnceAndNoJobOpen(input, report);
        List<Map<String, Object>> failed = unprocessedBatches(report);
        assertThat(failed).isNotEmpty().hasSizeLessThan(BATCHES).allSatisfy(b -> {
            assertThat(b.get("state")).isEqualTo("Failed");
            assertThat(b.get("reason")).isEqualTo("InternalServerError : Simulated batch failure");
            assertThat(b.get("id")).isNotNull();
        });
        long inFailedBatches = failed.stream().mapToLong(b -> ((Number) b.get("records")).longValue()).sum();
        assertThat(counts(report)).containsEntry("unprocessed", inFailedBatches)
                .containsEntry("succeeded", ROWS - inFailedBatches).containsEntry("failed", 0L);
        assertThat(job(report)).containsEntry("state", "Closed");
    }

    /** A Serial job processes one batch at a time, so when "someone else" aborts it after a second, batches are queued. */
    @Test
    void aJobAbortedBySomeoneElseEndsWithItsQueuedBatchesUnprocessed() throws Exception {
        Path input = accounts("accounts.csv", ROWS);
        simulator.org().pacer().setRate(600);
        faults("{\"abortJobsAfterSeconds\":1}");

        Map<String, Object> report = load(input, "Account", "insert", Map.of("bulkBatchSize", BATCH_SIZE, "bulkSerial", "true"));

        assertThat(report.get("outcome")).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(report).doesNotContainKey("error");
        assertThat(job(report)).containsEntry("state", "Aborted");
        assertLoadedOnceAndNoJobOpen(input, report);
        List<Map<String, Object>> unprocessed = unprocessedBatches(report);
        assertThat(unprocessed).isNotEmpty().allSatisfy(b -> {
            assertThat(b.get("state")).isIn("NotProcessed", "Unsubmitted");
            assertThat((String) b.get("reason")).containsIgnoringCase("abort");
        });
        assertThat(unprocessed).anySatisfy(b -> assertThat(b.get("state")).isEqualTo("NotProcessed"));
        long inThem = unprocessed.stream().mapToLong(b -> ((Number) b.get("records")).longValue()).sum();
        assertThat(counts(report)).containsEntry("unprocessed", inThem);
        assertThat(deadLettersOf(report)).as("not a failure of the load: no dead letter").isEmpty();
    }

    @Test
    void anInvalidBatchLeavesEveryRowUnprocessedWithTheReason() throws Exception {
        StringBuilder csv = new StringBuilder("Name,Shoe_Size__c\n");
        for (int i = 1; i <= 1_000; i++) {
            csv.append("Account ").append(i).append(',').append(30 + i % 20).append('\n');
        }
        Path input = csv("unknown-column.csv", csv.toString());

        Map<String, Object> report = load(input, "Account", "insert", Map.of("bulkBatchSize", BATCH_SIZE));

        assertThat(report.get("outcome")).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(counts(report)).containsEntry("total", 1_000L).containsEntry("unprocessed", 1_000L)
                .containsEntry("succeeded", 0L).containsEntry("failed", 0L);
        assertLoadedOnceAndNoJobOpen(input, report);
        assertThat(unprocessedBatches(report)).hasSize(5).allSatisfy(b -> {
            assertThat(b.get("state")).isEqualTo("Failed");
            assertThat(b.get("reason")).isEqualTo("InvalidBatch : Field name not found : Shoe_Size__c");
        });
        assertThat(records("Account")).isEmpty();
    }

    /**
     * The org's daily allowance of Bulk batches runs out after three batches: the fourth upload is refused
     * with ExceededQuota, a permanent failure after the job was opened. The load aborts its job, follows the
     * batches it submitted to their end, and writes its outcome files, a FAILED report and a dead letter.
     */
    @Test
    void aPermanentFailureAfterTheJobWasOpenedAbortsTheJobAndAccountsForEveryRow() throws Exception {
        Path input = accounts("accounts.csv", ROWS);
        long left = simulator.org().usage().limits().get("DailyBulkApiBatches").get("Remaining");
        assertThat(simulator.org().usage().takeBatches(left - 3)).isTrue();

        Map<String, Object> report = load(input, "Account", "insert", Map.of("bulkBatchSize", BATCH_SIZE));

        assertThat(report.get("outcome")).isEqualTo("FAILED");
        assertThat((String) report.get("error")).contains("ExceededQuota", "Exceeded the daily limit of Bulk API batches");
        assertThat(job(report)).containsEntry("state", "Aborted").containsEntry("batches", 3L);
        assertThat(simulatorJob(report).get("state").asText()).isEqualTo("Aborted");
        assertLoadedOnceAndNoJobOpen(input, report);
        assertThat(((Number) counts(report).get("unprocessed")).longValue()).isGreaterThanOrEqualTo(ROWS - 3 * 200);
        List<Map<String, Object>> unprocessed = unprocessedBatches(report);
        List<Map<String, Object>> unsubmitted = unprocessed.stream().filter(b -> "Unsubmitted".equals(b.get("state"))).toList();
        assertThat(unsubmitted).allSatisfy(b -> assertThat((String) b.get("reason")).matches("not sent: .*|never submitted"))
                .anySatisfy(b -> assertThat((String) b.get("reason")).contains("ExceededQuota"));
        assertThat(unprocessed.stream().mapToLong(b -> ((Number) b.get("records")).longValue()).sum())
                .as("the report says where each unprocessed row was").isEqualTo(((Number) counts(report).get("unprocessed")).longValue());

        Path written = Path.of((String) report.get("outputFolder"), "report.json");
        assertThat(JSON.readTree(written.toFile()).get("outcome").asText()).isEqualTo("FAILED");
        assertThat(deadLettersOf(report)).singleElement().satisfies(envelope -> {
            assertThat(envelope.get("jobId").asText()).isEqualTo(job(report).get("id"));
            assertThat(envelope.get("exception").get("message").asText()).contains("ExceededQuota");
            assertThat(envelope.get("original").get("file").asText()).isEqualTo(input.toAbsolutePath().toString());
        });
    }

    // ---------------------------------------------------------------------------------------------

    private static void assertLoadedOnceAndNoJobOpen(Path input, Map<String, Object> report) throws Exception {
        Path out = Path.of((String) report.get("outputFolder"));
        assertEveryRowAccountedFor(input, out, report);
        assertOrgHoldsExactlyTheSucceeded("Account", out);
        assertNoJobLeftOpen();
    }

    /** The report's only job, its batch count as a long. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> job(Map<String, Object> report) {
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) report.get("jobs");
        assertThat(jobs).hasSize(1);
        Map<String, Object> job = new java.util.LinkedHashMap<>(jobs.get(0));
        job.computeIfPresent("batches", (k, n) -> ((Number) n).longValue());
        return job;
    }

    private static JsonNode simulatorJob(Map<String, Object> report) throws Exception {
        String id = (String) job(report).get("id");
        for (JsonNode j : state().get("jobs")) {
            if (j.get("id").asText().equals(id)) {
                return j;
            }
        }
        throw new AssertionError("the simulator knows no job " + id);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> unprocessedBatches(Map<String, Object> report) {
        List<Map<String, Object>> batches = (List<Map<String, Object>>) report.get("unprocessedBatches");
        return batches == null ? List.of() : batches;
    }

    /** The dead-letter envelopes written for this report's load. */
    private static List<JsonNode> deadLettersOf(Map<String, Object> report) throws Exception {
        List<JsonNode> mine = new ArrayList<>();
        try (Stream<Path> files = Files.list(deadLetters)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode envelope = JSON.readTree(f.toFile());
                if (report.get("loadId").equals(envelope.path("loadId").asText())) {
                    mine.add(envelope);
                }
            }
        }
        return mine;
    }

    /** Whether GET /jobs/ingest lists Bulk 1.0 jobs, as Salesforce does: checked with a job opened and aborted. */
    private static boolean classicJobsAreListed() throws Exception {
        JobInfo info = new JobInfo();
        info.setObject("Account");
        info.setOperation(OperationEnum.INSERT);
        info.setContentType(ContentType.CSV);
        JobInfo probe = app.template().requestBody("salesforce:createJob", info, JobInfo.class);
        try {
            Jobs all = app.template().requestBody("salesforce:bulk2GetAllJobs", null, Jobs.class);
            return all.getRecords().stream().map(Job::getId).anyMatch(probe.getId()::equals);
        } finally {
            app.template().requestBodyAndHeader("salesforce:abortJob", null, "jobId", probe.getId(), JobInfo.class);
        }
    }
}
