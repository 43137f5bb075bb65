package io.bulkroute.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.bulk.BatchInfo;
import org.apache.camel.component.salesforce.api.dto.bulk.BatchStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulk.ConcurrencyModeEnum;
import org.apache.camel.component.salesforce.api.dto.bulk.ContentType;
import org.apache.camel.component.salesforce.api.dto.bulk.JobInfo;
import org.apache.camel.component.salesforce.api.dto.bulk.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulk.OperationEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each fault the simulator injects strikes at about its configured rate, and the same seed gives the same
 * faults in the same places every time. Token expiry is shown end to end in {@link LoginTest}.
 */
class FaultsTest extends SimulatorTestSupport {
    private static final String LIMITS = "/services/data/v62.0/limits";
    private static final String V2 = "/services/data/v62.0/jobs/ingest";
    private static final String UNABLE_TO_LOCK_ROW = "UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record:--";

    @AfterEach
    void resetFaults() throws Exception {
        SIMULATOR.faults("{}");
    }

    /** The status of each of {@code n} raw limits calls, one after another. */
    private static List<Integer> limitsStatuses(String token, int n) throws Exception {
        List<Integer> statuses = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            statuses.add(SIMULATOR.raw("GET", LIMITS, token, null, null).statusCode());
        }
        return statuses;
    }

    private static long count(List<Integer> statuses, int status) {
        return statuses.stream().filter(s -> s == status).count();
    }

    // ---- HTTP 503 ---------------------------------------------------------------------------------------------------

    @Test
    void http503AtItsRateAndTheSameForTheSameSeed() throws Exception {
        String token = SIMULATOR.accessToken();
        SIMULATOR.faults("{\"seed\":7,\"http503Rate\":0.2}");
        List<Integer> first = limitsStatuses(token, 400);
        assertThat(first).containsOnly(200, 503);
        assertThat(count(first, 503)).isBetween(55L, 105L);

        SIMULATOR.faults("{\"seed\":7,\"http503Rate\":0.2}");
        assertThat(limitsStatuses(token, 400)).isEqualTo(first);

        SIMULATOR.faults("{\"seed\":8,\"http503Rate\":0.2}");
        List<Integer> otherSeed = limitsStatuses(token, 400);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(count(otherSeed, 503)).isBetween(55L, 105L);
    }

    @Test
    void http503AnswersInEachApisErrorShape() throws Exception {
        String token = SIMULATOR.accessToken();
        SIMULATOR.faults("{\"http503Rate\":1}");
        HttpResponse<String> rest = SIMULATOR.raw("GET", V2, token, null, null);
        assertThat(rest.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(rest.body()).get(0).get("errorCode").asText()).isEqualTo("SERVER_UNAVAILABLE");
        HttpResponse<String> v1 = SIMULATOR.raw("GET", "/services/async/62.0/job/750Dm00000ZZZZZAAA", token, null, null);
        assertThat(v1.statusCode()).isEqualTo(503);
        assertThat(v1.body()).contains("<exceptionCode>ServerUnavailable</exceptionCode>");
        // logins are not API calls: they keep working
        assertThat(SIMULATOR.accessToken()).isNotBlank();

        // the component reports the status
        SalesforceException e = failure("bulk2GetAllJobs", null, Map.of());
        assertThat(e.getStatusCode()).isEqualTo(503);
        assertThat(e.getErrors().get(0).getErrorCode()).isEqualTo("SERVER_UNAVAILABLE");
        // an unavailable call was not handled, so nothing was created
        assertThat(failure("createJob", v1Job("Account", ConcurrencyModeEnum.PARALLEL), Map.of()).getStatusCode())
                .isEqualTo(503);
        assertThat(SIMULATOR.state().get("jobs")).isEmpty();
    }

    @Test
    void http503ComesInBurstsOfTheConfiguredLength() throws Exception {
        String token = SIMULATOR.accessToken();
        String faults = "{\"seed\":11,\"http503Rate\":0.05,\"http503Burst\":4}";
        SIMULATOR.faults(faults);
        List<Integer> statuses = limitsStatuses(token, 300);
        List<Integer> runs = new ArrayList<>();
        int run = 0;
        for (int i = 0; i < statuses.size(); i++) {
            if (statuses.get(i) == 503) {
                run++;
            } else if (run > 0) {
                runs.add(run);
                run = 0;
            }
        }
        // every complete run of 503s is one burst of 4, or bursts that started back to back
        assertThat(runs).isNotEmpty().allSatisfy(r -> assertThat(r % 4).as("run of %d", r).isZero());
        long bursts = runs.stream().mapToInt(r -> r / 4).sum() + (run + 3) / 4;
        long draws = statuses.size() - 3 * bursts;
        assertThat(bursts).isBetween((long) (draws * 0.05 * 0.4), (long) (draws * 0.05 * 1.8));

        SIMULATOR.faults(faults);
        assertThat(limitsStatuses(token, 300)).isEqualTo(statuses);
    }

    // ---- dropped connections ------------------------------------------------------------------------------------------

    /** POSTs (never retried by the JDK client) a Bulk 2.0 job; true when the answer was lost. */
    private static boolean createJobDropped(String token) throws Exception {
        try {
            HttpResponse<String> r = SIMULATOR.raw("POST", V2, token, "application/json",
                    "{\"object\":\"Account\",\"operation\":\"insert\",\"contentType\":\"CSV\"}");
            assertThat(r.statusCode()).isEqualTo(200);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void droppedConnectionsAtTheirRateStillTakeEffect() throws Exception {
        String token = SIMULATOR.accessToken();
        SIMULATOR.faults("{\"seed\":3,\"dropRate\":0.25}");
        List<Boolean> first = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            first.add(createJobDropped(token));
        }
        long dropped = first.stream().filter(d -> d).count();
        assertThat(dropped).isBetween(12L, 42L);
        // every call took effect, answered or not
        assertThat(SIMULATOR.state().get("jobs")).hasSize(100);

        SIMULATOR.faults("{\"seed\":3,\"dropRate\":0.25}");
        List<Boolean> second = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            second.add(createJobDropped(token));
        }
        assertThat(second).isEqualTo(first);
        assertThat(SIMULATOR.state().get("jobs")).hasSize(200);
    }

    @Test
    void theComponentSeesTheDropButTheJobWasCreated() throws Exception {
        SIMULATOR.faults("{\"dropRate\":1}");
        SalesforceException e = failure("createJob", v1Job("Account", ConcurrencyModeEnum.PARALLEL), Map.of());
        Throwable cause = e;
        while (cause != null && !(cause instanceof IOException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("an IOException under " + e).isNotNull();

        SIMULATOR.faults("{}");
        JsonNode jobs = SIMULATOR.state().get("jobs");
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).get("api").asText()).isEqualTo("v1");
        assertThat(jobs.get(0).get("state").asText()).isEqualTo("Open");
        // the loader can find the job it lost the answer of, and close it
        JobInfo closed = call("closeJob", null, Map.of("jobId", jobs.get(0).get("id").asText()), JobInfo.class);
        assertThat(closed.getState()).isEqualTo(JobStateEnum.CLOSED);
    }

    // ---- record and batch failures ------------------------------------------------------------------------------------

    private JobInfo v1Job(String object, ConcurrencyModeEnum mode) {
        JobInfo job = new JobInfo();
        job.setObject(object);
        job.setOperation(OperationEnum.INSERT);
        job.setContentType(ContentType.CSV);
        job.setConcurrencyMode(mode);
        return job;
    }

    private BatchInfo awaitEnd(String jobId, String batchId) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(
                () -> call("getBatch", null, Map.of("jobId", jobId, "batchId", batchId), BatchInfo.class),
                b -> b.getState() == BatchStateEnum.COMPLETED || b.getState() == BatchStateEnum.FAILED
                        || b.getState() == BatchStateEnum.NOT_PROCESSED);
    }

    /** Inserts {@code n} accounts in one batch; the positions (0-based) of the records that failed to lock. */
    private List<Integer> lockFailures(int n, String prefix) throws Exception {
        JobInfo job = call("createJob", v1Job("Account", ConcurrencyModeEnum.PARALLEL), JobInfo.class);
        StringBuilder csv = new StringBuilder("Name\n");
        for (int i = 0; i < n; i++) {
            csv.append(prefix).append(i).append('\n');
        }
        BatchInfo batch = call("createBatch", csv.toString(), Map.of("jobId", job.getId(), "contentType", "CSV"),
                BatchInfo.class);
        BatchInfo done = awaitEnd(job.getId(), batch.getId());
        assertThat(done.getState()).isEqualTo(BatchStateEnum.COMPLETED);
        List<String> lines = text(call("getResults", null, Map.of("jobId", job.getId(), "batchId", batch.getId()),
                InputStream.class)).lines().skip(1).toList();
        assertThat(lines).hasSize(n);
        List<Integer> failed = IntStream.range(0, n).filter(i -> lines.get(i).contains("UNABLE_TO_LOCK_ROW")).boxed().toList();
        failed.forEach(i -> assertThat(lines.get(i)).isEqualTo("\"\",\"false\",\"false\",\"" + UNABLE_TO_LOCK_ROW + "\""));
        assertThat(done.getNumberRecordsFailed()).isEqualTo(failed.size());
        return failed;
    }

    @Test
    void lockFailuresPerRecordAtTheirRate() throws Exception {
        SIMULATOR.faults("{\"seed\":5,\"lockFailureRate\":0.1}");
        List<Integer> first = lockFailures(1_000, "A");
        assertThat(first.size()).isBetween(60, 140);
        assertThat(SIMULATOR.records("Account")).hasSize(1_000 - first.size());

        SIMULATOR.faults("{\"seed\":5,\"lockFailureRate\":0.1}");
        assertThat(lockFailures(1_000, "B")).isEqualTo(first);
    }

    @Test
    void lockFailuresInBulkV2FailedResults() throws Exception {
        SIMULATOR.faults("{\"seed\":5,\"lockFailureRate\":0.2}");
        Job request = new Job();
        request.setObject("Contact");
        request.setOperation(org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum.INSERT);
        request.setContentType(ContentTypeEnum.CSV);
        Job job = call("bulk2CreateJob", request, Job.class);
        StringBuilder csv = new StringBuilder("LastName\n");
        for (int i = 0; i < 500; i++) {
            csv.append("L").append(i).append('\n');
        }
        call("bulk2CreateBatch", csv.toString(), Map.of("jobId", job.getId()), Object.class);
        call("bulk2CloseJob", null, Map.of("jobId", job.getId()), Job.class);
        Job done = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(
                () -> call("bulk2GetJob", null, Map.of("jobId", job.getId()), Job.class),
                j -> j.getState() == org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum.JOB_COMPLETE);
        List<String> failed = text(call("bulk2GetFailedResults", null, Map.of("jobId", job.getId()), InputStream.class))
                .lines().skip(1).toList();
        assertThat(failed).hasSize(done.getNumberRecordsFailed().intValue()).allSatisfy(l -> assertThat(l).contains("UNABLE_TO_LOCK_ROW"));
        assertThat(failed.size()).isBetween(60, 140);
    }

    /** Adds {@code n} one-record batches to a Serial job (processed in order); the positions of the failed batches. */
    private List<Integer> failedBatches(int n) {
        JobInfo job = call("createJob", v1Job("Account", ConcurrencyModeEnum.SERIAL), JobInfo.class);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(call("createBatch", "Name\nB" + i + "\n", Map.of("jobId", job.getId(), "contentType", "CSV"),
                    BatchInfo.class).getId());
        }
        call("closeJob", null, Map.of("jobId", job.getId()), JobInfo.class);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JobInfo info = call("getJob", null, Map.of("jobId", job.getId()), JobInfo.class);
            return info.getNumberBatchesCompleted() + info.getNumberBatchesFailed() == n;
        });
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BatchInfo b = call("getBatch", null, Map.of("jobId", job.getId(), "batchId", ids.get(i)), BatchInfo.class);
            if (b.getState() == BatchStateEnum.FAILED) {
                assertThat(b.getStateMessage()).isEqualTo("InternalServerError : Simulated batch failure");
                assertThat(b.getNumberRecordsProcessed()).isZero();
                failed.add(i);
            } else {
                assertThat(b.getState()).isEqualTo(BatchStateEnum.COMPLETED);
            }
        }
        return failed;
    }

    @Test
    void batchFailuresAtTheirRate() throws Exception {
        SIMULATOR.faults("{\"seed\":9,\"batchFailureRate\":0.3}");
        List<Integer> first = failedBatches(30);
        assertThat(first.size()).isBetween(3, 16);
        assertThat(SIMULATOR.records("Account")).hasSize(30 - first.size());

        SIMULATOR.faults("{\"seed\":9,\"batchFailureRate\":0.3}");
        assertThat(failedBatches(30)).isEqualTo(first);
    }

    @Test
    void bulkV2JobsFailWholeAtTheBatchFailureRate() throws Exception {
        SIMULATOR.faults("{\"batchFailureRate\":1}");
        Job request = new Job();
        request.setObject("Contact");
        request.setOperation(org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum.INSERT);
        request.setContentType(ContentTypeEnum.CSV);
        Job job = call("bulk2CreateJob", request, Job.class);
        call("bulk2CreateBatch", "LastName\nA\nB\n", Map.of("jobId", job.getId()), Object.class);
        call("bulk2CloseJob", null, Map.of("jobId", job.getId()), Job.class);
        Job done = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(
                () -> call("bulk2GetJob", null, Map.of("jobId", job.getId()), Job.class),
                j -> j.getState() == org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum.FAILED);
        assertThat(done.getErrorMessage()).isEqualTo("InternalServerError : Simulated job failure");
        assertThat(text(call("bulk2GetUnprocessedRecords", null, Map.of("jobId", job.getId()), InputStream.class))
                .lines().toList()).containsExactly("LastName", "A", "B");
        assertThat(SIMULATOR.records("Contact")).isEmpty();
    }

    // ---- latency, token lifetime, aborts by someone else --------------------------------------------------------------

    @Test
    void latencyDelaysEveryApiCall() throws Exception {
        String token = SIMULATOR.accessToken();
        SIMULATOR.faults("{\"latencyMs\":300}");
        long start = System.nanoTime();
        assertThat(SIMULATOR.raw("GET", LIMITS, token, null, null).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        start = System.nanoTime();
        JobInfo job = call("createJob", v1Job("Account", ConcurrencyModeEnum.PARALLEL), JobInfo.class);
        call("getJob", null, Map.of("jobId", job.getId()), JobInfo.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void tokensExpireAfterTheirLifetime() throws Exception {
        // the component surviving the expiry is shown in LoginTest
        String before = SIMULATOR.accessToken();
        SIMULATOR.faults("{\"tokenLifetimeSeconds\":2}");
        long issued = System.nanoTime();
        String token = SIMULATOR.accessToken();
        assertThat(SIMULATOR.raw("GET", LIMITS, token, null, null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(50))
                .until(() -> SIMULATOR.raw("GET", LIMITS, token, null, null).statusCode() == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - issued)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        // the lifetime applies to the tokens issued before it was set too
        assertThat(SIMULATOR.raw("GET", LIMITS, before, null, null).statusCode()).isEqualTo(401);
        assertThat(SIMULATOR.raw("GET", LIMITS, SIMULATOR.accessToken(), null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void someoneElseAbortsV1JobsAfterTheConfiguredTime() throws Exception {
        SIMULATOR.faults("{\"abortJobsAfterSeconds\":1}");
        long created = System.nanoTime();
        JobInfo job = call("createJob", v1Job("Account", ConcurrencyModeEnum.PARALLEL), JobInfo.class);
        assertThat(call("getJob", null, Map.of("jobId", job.getId()), JobInfo.class).getState()).isEqualTo(JobStateEnum.OPEN);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(
                () -> call("getJob", null, Map.of("jobId", job.getId()), JobInfo.class).getState() == JobStateEnum.ABORTED);
        assertThat(Duration.ofNanos(System.nanoTime() - created)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        SalesforceException e = failure("createBatch", "Name\nLate\n", Map.of("jobId", job.getId(), "contentType", "CSV"));
        assertThat(e.getErrors().get(0).getErrorCode()).isEqualTo("InvalidJobState");
    }

    @Test
    void someoneElseAbortsV2JobsAfterTheConfiguredTime() throws Exception {
        SIMULATOR.faults("{\"abortJobsAfterSeconds\":1}");
        long created = System.nanoTime();
        Job request = new Job();
        request.setObject("Contact");
        request.setOperation(org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum.INSERT);
        request.setContentType(ContentTypeEnum.CSV);
        Job job = call("bulk2CreateJob", request, Job.class);
        call("bulk2CreateBatch", "LastName\nA\n", Map.of("jobId", job.getId()), Object.class);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(
                () -> call("bulk2GetJob", null, Map.of("jobId", job.getId()), Job.class).getState()
                        == org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum.ABORTED);
        assertThat(Duration.ofNanos(System.nanoTime() - created)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        // closing it now is refused (raw: the component's failing bulk2CloseJob reports one of two exceptions)
        HttpResponse<String> close = SIMULATOR.raw("PATCH", V2 + "/" + job.getId(), SIMULATOR.accessToken(), "application/json",
                "{\"state\":\"UploadComplete\"}");
        assertThat(close.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(close.body()).get(0).get("errorCode").asText()).isEqualTo("INVALIDJOBSTATE");
        assertThat(SIMULATOR.state().get("jobs").get(0).get("state").asText()).isEqualTo("Aborted");
    }

    // ---- the faults resource ------------------------------------------------------------------------------------------

    @Test
    void faultsAreReadAsJsonOrKeyValuePairsAndUnknownKeysAreRefused() throws Exception {
        HttpResponse<String> kv = SIMULATOR.admin("PUT", "/simulator/faults", "http-503-rate=0.5,seed=3,latency-ms=0");
        assertThat(kv.statusCode()).isEqualTo(200);
        JsonNode current = JSON.readTree(SIMULATOR.admin("GET", "/simulator/faults", null).body());
        assertThat(current.get("http503Rate").asDouble()).isEqualTo(0.5);
        assertThat(current.get("seed").asLong()).isEqualTo(3);

        HttpResponse<String> unknown = SIMULATOR.admin("PUT", "/simulator/faults", "{\"http404Rate\":0.5}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        for (String bad : new String[] {"{\"http503Rate\":", "{\"http503Rate\":1.5}", "{\"dropRate\":-0.1}",
            "{\"http503Burst\":0}", "{\"latencyMs\":-1}", "{\"abortJobsAfterSeconds\":-5}", "null", "seed"}) {
            HttpResponse<String> r = SIMULATOR.admin("PUT", "/simulator/faults", bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
        }
        // a refused setting leaves the faults as they were
        assertThat(JSON.readTree(SIMULATOR.admin("GET", "/simulator/faults", null).body()).get("http503Rate").asDouble()).isEqualTo(0.5);
    }
}
