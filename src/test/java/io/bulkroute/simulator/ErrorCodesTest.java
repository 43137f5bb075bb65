package io.bulkroute.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulkroute.simulator.auth.Credentials;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.Limits;
import org.apache.camel.component.salesforce.api.dto.bulk.BatchInfo;
import org.apache.camel.component.salesforce.api.dto.bulk.BatchStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulk.ContentType;
import org.apache.camel.component.salesforce.api.dto.bulk.JobInfo;
import org.apache.camel.component.salesforce.api.dto.bulk.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulk.OperationEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.LineEndingEnum;
import org.junit.jupiter.api.Test;

/**
 * Every error code the simulator answers, as the real component reports it (a SalesforceException with
 * the status and Salesforce's error code), and malformed requests answered 400 in Salesforce's shapes.
 */
class ErrorCodesTest extends SimulatorTestSupport {
    private static final String ASYNC_NS = "http://www.force.com/2009/06/asyncapi/dataload";
    private static final String UNKNOWN_JOB = "750Dm00000ZZZZZAAA";
    private static final String V1 = "/services/async/62.0/job";
    private static final String V2 = "/services/data/v62.0/jobs/ingest";

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private JobInfo v1Job(String object, OperationEnum op, ContentType type) {
        JobInfo job = new JobInfo();
        job.setObject(object);
        job.setOperation(op);
        job.setContentType(type);
        return job;
    }

    private JobInfo createV1Job(String object) {
        return call("createJob", v1Job(object, OperationEnum.INSERT, ContentType.CSV), JobInfo.class);
    }

    private BatchInfo addBatch(String jobId, String csv) {
        return call("createBatch", csv, Map.of("jobId", jobId, "contentType", "CSV"), BatchInfo.class);
    }

    private BatchInfo awaitBatchEnd(String jobId, String batchId) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(
                () -> call("getBatch", null, Map.of("jobId", jobId, "batchId", batchId), BatchInfo.class),
                b -> b.getState() == BatchStateEnum.COMPLETED || b.getState() == BatchStateEnum.FAILED
                        || b.getState() == BatchStateEnum.NOT_PROCESSED);
    }

    private Job v2Job(String object) {
        Job job = new Job();
        job.setObject(object);
        job.setOperation(org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum.INSERT);
        job.setContentType(ContentTypeEnum.CSV);
        return job;
    }

    private static void assertError(SalesforceException e, int status, String code) {
        assertThat(e.getStatusCode()).as(e.getMessage()).isEqualTo(status);
        assertThat(e.getErrors()).as(e.getMessage()).isNotEmpty();
        assertThat(e.getErrors().get(0).getErrorCode()).as(e.getMessage()).isEqualTo(code);
    }

    // ---- Bulk 1.0 ---------------------------------------------------------------------------------------------------

    @Test
    void v1InvalidJobForAnUnknownJobIdOrObject() {
        SalesforceException unknownId = failure("getJob", null, Map.of("jobId", UNKNOWN_JOB));
        assertError(unknownId, 400, "InvalidJob");
        assertThat(unknownId.getErrors().get(0).getMessage()).contains(UNKNOWN_JOB);
        assertError(failure("closeJob", null, Map.of("jobId", UNKNOWN_JOB)), 400, "InvalidJob");
        assertError(failure("createBatch", "Name\nX\n", Map.of("jobId", UNKNOWN_JOB, "contentType", "CSV")), 400,
                "InvalidJob");

        SalesforceException unknownObject = failure("createJob", v1Job("Spaceship__c", OperationEnum.INSERT, ContentType.CSV),
                Map.of());
        assertError(unknownObject, 400, "InvalidJob");
        assertThat(unknownObject.getErrors().get(0).getMessage()).contains("Spaceship__c");

        JobInfo upsertWithoutKey = v1Job("Account", OperationEnum.UPSERT, ContentType.CSV);
        upsertWithoutKey.setExternalIdFieldName("Name");
        assertError(failure("createJob", upsertWithoutKey, Map.of()), 400, "InvalidJob");
    }

    @Test
    void v1FeatureNotEnabledForJobsNeitherCsvNorJson() {
        assertError(failure("createJob", v1Job("Account", OperationEnum.INSERT, ContentType.XML), Map.of()), 400,
                "FeatureNotEnabled");
    }

    @Test
    void v1InvalidJobStateOnAClosedOrAbortedJob() {
        JobInfo job = createV1Job("Account");
        JobInfo closed = call("closeJob", null, Map.of("jobId", job.getId()), JobInfo.class);
        assertThat(closed.getState()).isEqualTo(JobStateEnum.CLOSED);

        SalesforceException batchOnClosed = failure("createBatch", "Name\nLate\n",
                Map.of("jobId", job.getId(), "contentType", "CSV"));
        assertError(batchOnClosed, 400, "InvalidJobState");
        SalesforceException closeAgain = failure("closeJob", null, Map.of("jobId", job.getId()));
        assertError(closeAgain, 400, "InvalidJobState");
        assertThat(closeAgain.getErrors().get(0).getMessage()).contains("Closed");

        JobInfo aborted = call("abortJob", null, Map.of("jobId", job.getId()), JobInfo.class);
        assertThat(aborted.getState()).isEqualTo(JobStateEnum.ABORTED);
        assertError(failure("closeJob", null, Map.of("jobId", job.getId())), 400, "InvalidJobState");
        assertError(failure("abortJob", null, Map.of("jobId", job.getId())), 400, "InvalidJobState");
    }

    @Test
    void v1InvalidBatchOverTenMillionBytesIsRefusedAtUpload() throws Exception {
        JobInfo job = createV1Job("Account");
        // 10,000 records of exactly 10,000,000 bytes in all
        StringBuilder csv = new StringBuilder(10_000_001).append("Name,Description\n");
        String row = "Big," + "x".repeat(995) + "\n";
        for (int i = 0; i < 9_999; i++) {
            csv.append(row);
        }
        int padding = 10_000_000 - csv.length() - "Big,\n".length();
        csv.append("Big,").append("y".repeat(padding)).append('\n');
        assertThat(csv.length()).isEqualTo(10_000_000);
        String atLimit = csv.toString();
        String overLimit = atLimit + "z";

        SalesforceException e = failure("createBatch", overLimit, Map.of("jobId", job.getId(), "contentType", "CSV"));
        assertError(e, 400, "InvalidBatch");
        assertThat(e.getErrors().get(0).getMessage()).contains("Exceeded max size limit of 10000000");
        assertThat(call("getAllBatches", null, Map.of("jobId", job.getId()), java.util.List.class)).isEmpty();

        // exactly at the limit is accepted
        BatchInfo ok = addBatch(job.getId(), atLimit);
        assertThat(ok.getState()).isEqualTo(BatchStateEnum.QUEUED);
        call("abortJob", null, Map.of("jobId", job.getId()), JobInfo.class);
    }

    @Test
    void v1BatchOfMoreThanTenThousandRecordsFails() {
        JobInfo job = createV1Job("Account");
        StringBuilder csv = new StringBuilder("Name\n");
        for (int i = 0; i < 10_001; i++) {
            csv.append("A").append(i).append('\n');
        }
        BatchInfo batch = addBatch(job.getId(), csv.toString());
        BatchInfo done = awaitBatchEnd(job.getId(), batch.getId());
        assertThat(done.getState()).isEqualTo(BatchStateEnum.FAILED);
        assertThat(done.getStateMessage()).startsWith("InvalidBatch : Exceeded number of records");
        assertThat(done.getNumberRecordsProcessed()).isZero();
        assertError(failure("getResults", null, Map.of("jobId", job.getId(), "batchId", batch.getId())), 400, "InvalidBatch");
    }

    @Test
    void v1InvalidBatchForAnUnknownBatchIdOrAMismatchedContentType() {
        JobInfo job = createV1Job("Account");
        SalesforceException unknown = failure("getBatch", null, Map.of("jobId", job.getId(), "batchId", "751Dm00000ZZZZZAAA"));
        assertError(unknown, 400, "InvalidBatch");
        assertThat(unknown.getErrors().get(0).getMessage()).contains("751Dm00000ZZZZZAAA");
        assertError(failure("getResults", null, Map.of("jobId", job.getId(), "batchId", "751Dm00000ZZZZZAAA")), 400,
                "InvalidBatch");
        assertError(failure("getRequest", null, Map.of("jobId", job.getId(), "batchId", "751Dm00000ZZZZZAAA")), 400,
                "InvalidBatch");
        assertError(failure("createBatch", "<sObjects/>", Map.of("jobId", job.getId(), "contentType", "XML")), 400,
                "InvalidBatch");
    }

    @Test
    void v1InvalidSessionIdAndInvalidUrlOnTheWire() throws Exception {
        HttpResponse<String> badToken = SIMULATOR.raw("GET", V1 + "/" + UNKNOWN_JOB, "00Dnot-a-session", null, null);
        assertThat(badToken.statusCode()).isEqualTo(400);
        assertV1ErrorBody(badToken.body(), "InvalidSessionId");
        HttpResponse<String> noToken = SIMULATOR.raw("GET", V1 + "/" + UNKNOWN_JOB, null, null, null);
        assertThat(noToken.statusCode()).isEqualTo(400);
        assertV1ErrorBody(noToken.body(), "InvalidSessionId");

        String token = SIMULATOR.accessToken();
        HttpResponse<String> badUrl = SIMULATOR.raw("GET", V1 + "/" + UNKNOWN_JOB + "/batch/x/nonsense", token, null, null);
        assertThat(badUrl.statusCode()).isEqualTo(404);
        assertV1ErrorBody(badUrl.body(), "InvalidUrl");
        HttpResponse<String> badMethod = SIMULATOR.raw("DELETE", V1 + "/" + UNKNOWN_JOB, token, null, null);
        assertThat(badMethod.statusCode()).isEqualTo(405);
        assertV1ErrorBody(badMethod.body(), "InvalidUrl");
    }

    private static void assertV1ErrorBody(String body, String code) {
        assertThat(body).contains("<error xmlns=\"" + ASYNC_NS + "\"")
                .contains("<exceptionCode>" + code + "</exceptionCode>")
                .contains("<exceptionMessage>");
    }

    // ---- Bulk 2.0 ---------------------------------------------------------------------------------------------------

    @Test
    void v2NotFoundForAnUnknownJob() {
        SalesforceException e = failure("bulk2GetJob", null, Map.of("jobId", UNKNOWN_JOB));
        assertError(e, 404, "NOT_FOUND");
        assertError(failure("bulk2CreateBatch", "LastName\nX\n", Map.of("jobId", UNKNOWN_JOB)), 404, "NOT_FOUND");
        assertError(failure("bulk2GetSuccessfulResults", null, Map.of("jobId", UNKNOWN_JOB)), 404, "NOT_FOUND");
        assertError(failure("bulk2DeleteJob", null, Map.of("jobId", UNKNOWN_JOB)), 404, "NOT_FOUND");
    }

    @Test
    void v2SecondUploadIsABulkApiError() {
        Job job = call("bulk2CreateJob", v2Job("Contact"), Job.class);
        call("bulk2CreateBatch", "LastName\nFirst\n", Map.of("jobId", job.getId()), Object.class);
        SalesforceException e = failure("bulk2CreateBatch", "LastName\nSecond\n", Map.of("jobId", job.getId()));
        assertError(e, 400, "BULK_API_ERROR");
        assertThat(e.getErrors().get(0).getMessage()).contains("only do 'PUT' once");
    }

    @Test
    void v2InvalidJobForAnUnknownObjectOrExternalId() {
        SalesforceException e = failure("bulk2CreateJob", v2Job("Spaceship__c"), Map.of());
        assertError(e, 400, "INVALIDJOB");
        assertThat(e.getErrors().get(0).getMessage()).contains("Spaceship__c");

        Job upsert = v2Job("Contact");
        upsert.setOperation(org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum.UPSERT);
        upsert.setExternalIdFieldName("Email");
        assertError(failure("bulk2CreateJob", upsert, Map.of()), 400, "INVALIDJOB");
    }

    @Test
    void v2InvalidJobStateForWrongTransitions() throws Exception {
        Job job = call("bulk2CreateJob", v2Job("Contact"), Job.class);
        assertError(failure("bulk2GetSuccessfulResults", null, Map.of("jobId", job.getId())), 409, "INVALIDJOBSTATE");
        assertError(failure("bulk2DeleteJob", null, Map.of("jobId", job.getId())), 400, "INVALIDJOBSTATE");
        Job aborted = call("bulk2AbortJob", null, Map.of("jobId", job.getId()), Job.class);
        assertThat(aborted.getState()).isEqualTo(org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum.ABORTED);
        assertError(failure("bulk2CreateBatch", "LastName\nX\n", Map.of("jobId", job.getId())), 409, "INVALIDJOBSTATE");
        assertStateChangeRefused(job.getId(), "bulk2CloseJob", "UploadComplete");
        assertStateChangeRefused(job.getId(), "bulk2AbortJob", "Aborted");
    }

    /**
     * A refused Bulk 2.0 state change answers 400 INVALIDJOBSTATE on the wire. Through the component the
     * call fails, but which exception it reports is a race: camel-salesforce 4.18's
     * {@code DefaultBulkApiV2Client.changeJobState} completes its callback twice on an error (the error,
     * then a failure to read the error array as a job), so only the failure itself is asserted there.
     */
    private void assertStateChangeRefused(String jobId, String operation, String state) throws Exception {
        HttpResponse<String> r = SIMULATOR.raw("PATCH", V2 + "/" + jobId, SIMULATOR.accessToken(), "application/json", "{\"state\":\"" + state + "\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertRestError(r.body(), "INVALIDJOBSTATE");
        SalesforceException e = failure(operation, null, Map.of("jobId", jobId));
        if (!e.getErrors().isEmpty()) {
            assertError(e, 400, "INVALIDJOBSTATE");
        }
    }

    @Test
    void v2LineEndingMismatchFailsTheJob() {
        Job request = v2Job("Contact");
        request.setLineEnding(LineEndingEnum.CRLF);
        Job job = call("bulk2CreateJob", request, Job.class);
        call("bulk2CreateBatch", "LastName\nLf Only\n", Map.of("jobId", job.getId()), Object.class);
        call("bulk2CloseJob", null, Map.of("jobId", job.getId()), Job.class);
        Job done = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(
                () -> call("bulk2GetJob", null, Map.of("jobId", job.getId()), Job.class),
                j -> j.getState() == org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum.FAILED);
        assertThat(done.getErrorMessage()).isNotBlank();
    }

    @Test
    void v2InvalidSessionIdAndUnknownResourcesOnTheWire() throws Exception {
        HttpResponse<String> badToken = SIMULATOR.raw("GET", V2, "00Dnot-a-session", null, null);
        assertThat(badToken.statusCode()).isEqualTo(401);
        assertRestError(badToken.body(), "INVALID_SESSION_ID");
        String token = SIMULATOR.accessToken();
        HttpResponse<String> unknown = SIMULATOR.raw("GET", "/services/data/v62.0/sobjects/Nothing", token, null, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertRestError(unknown.body(), "NOT_FOUND");
        HttpResponse<String> badMethod = SIMULATOR.raw("POST", V2 + "/" + UNKNOWN_JOB + "/successfulResults", token,
                "application/json", "{}");
        assertThat(badMethod.statusCode()).isIn(404, 405);
        assertThat(JSON.readTree(badMethod.body()).isArray()).isTrue();
        HttpResponse<String> postLimits = SIMULATOR.raw("POST", "/services/data/v62.0/limits", token, "application/json", "{}");
        assertThat(postLimits.statusCode()).isEqualTo(405);
        assertRestError(postLimits.body(), "METHOD_NOT_ALLOWED");
    }

    private static void assertRestError(String body, String code) throws Exception {
        JsonNode errors = JSON.readTree(body);
        assertThat(errors.isArray()).as(body).isTrue();
        assertThat(errors.get(0).get("errorCode").asText()).as(body).isEqualTo(code);
        assertThat(errors.get(0).get("message").asText()).as(body).isNotBlank();
    }

    // ---- limits -----------------------------------------------------------------------------------------------------

    @Test
    void limitsReallyDecreaseWithCallsAndBatches() {
        Limits before = call("limits", null, Limits.class);
        Limits.Usage apiBefore = before.getDailyApiRequests();
        Limits.Usage batchesBefore = before.forOperation("DailyBulkApiBatches");
        assertThat(apiBefore.getMax()).isPositive();
        assertThat(apiBefore.getRemaining()).isLessThanOrEqualTo(apiBefore.getMax());
        assertThat(batchesBefore.isUnknown()).isFalse();
        assertThat(batchesBefore.getMax()).isEqualTo(15_000);

        JobInfo job = createV1Job("Account");
        addBatch(job.getId(), "Name\nOne\n");
        addBatch(job.getId(), "Name\nTwo\n");
        addBatch(job.getId(), "Name\nThree\n");
        call("getJob", null, Map.of("jobId", job.getId()), JobInfo.class);

        Limits after = call("limits", null, Limits.class);
        // five calls in between, and the first limits call itself may count
        assertThat(apiBefore.getRemaining() - after.getDailyApiRequests().getRemaining()).isBetween(5, 7);
        assertThat(batchesBefore.getRemaining() - after.forOperation("DailyBulkApiBatches").getRemaining()).isEqualTo(3);

        // Bulk 2.0 counts one batch per 10,000 records once the job is processed
        Job v2 = call("bulk2CreateJob", v2Job("Contact"), Job.class);
        StringBuilder csv = new StringBuilder("LastName\n");
        for (int i = 0; i < 10_001; i++) {
            csv.append("L").append(i).append('\n');
        }
        call("bulk2CreateBatch", csv.toString(), Map.of("jobId", v2.getId()), Object.class);
        call("bulk2CloseJob", null, Map.of("jobId", v2.getId()), Job.class);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(
                () -> call("bulk2GetJob", null, Map.of("jobId", v2.getId()), Job.class).getState()
                        == org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum.JOB_COMPLETE);
        Limits end = call("limits", null, Limits.class);
        assertThat(after.forOperation("DailyBulkApiBatches").getRemaining()
                - end.forOperation("DailyBulkApiBatches").getRemaining()).isEqualTo(2);
        assertThat(end.getDailyApiRequests().getRemaining()).isLessThan(after.getDailyApiRequests().getRemaining() - 3);
    }

    @Test
    void exceededQuotaOnceTheDailyAllowancesAreUsed() throws Exception {
        Map<String, String> settings = Map.of("simulator.daily-bulk-batches", "2", "simulator.daily-api-requests", "10");
        try (Simulator small = new Simulator(SimulatorConfig.from(settings::get)).start()) {
            CamelContext context = newCamel(small.baseUrl(), Credentials.dev());
            context.start();
            try {
                var t = context.createProducerTemplate();
                JobInfo job = t.requestBody("direct:createJob", v1Job("Account", OperationEnum.INSERT, ContentType.CSV),
                        JobInfo.class);
                Map<String, Object> headers = Map.of("jobId", job.getId(), "contentType", "CSV");
                t.requestBodyAndHeaders("direct:createBatch", "Name\nA\n", headers, BatchInfo.class);
                t.requestBodyAndHeaders("direct:createBatch", "Name\nB\n", headers, BatchInfo.class);
                SalesforceException batches = failureOn(t, "createBatch", "Name\nC\n", headers);
                assertError(batches, 400, "ExceededQuota");
                assertThat(batches.getErrors().get(0).getMessage()).contains("batches");

                // four requests so far; the sixth after them is over the allowance of ten
                for (int i = 0; i < 6; i++) {
                    t.requestBodyAndHeaders("direct:getJob", null, Map.of("jobId", job.getId()), JobInfo.class);
                }
                assertError(failureOn(t, "getJob", null, Map.of("jobId", job.getId())), 400, "ExceededQuota");
                assertError(failureOn(t, "bulk2GetAllJobs", null, Map.of()), 403, "REQUEST_LIMIT_EXCEEDED");
            } finally {
                context.stop();
            }
        }
    }

    private static SalesforceException failureOn(org.apache.camel.ProducerTemplate t, String op, Object body,
                                                 Map<String, Object> headers) {
        try {
            t.requestBodyAndHeaders("direct:" + op, body, headers);
        } catch (org.apache.camel.CamelExecutionException e) {
            Throwable c = e;
            while (c != null && !(c instanceof SalesforceException)) {
                c = c.getCause();
            }
            if (c != null) {
                return (SalesforceException) c;
            }
            throw new AssertionError("expected a SalesforceException from " + op, e);
        }
        throw new AssertionError("expected " + op + " to fail");
    }

    // ---- malformed bodies: 400 in Salesforce's shape, never 500 -------------------------------------------------------

    @Test
    void malformedXmlIsA400InTheAsyncNamespace() throws Exception {
        String token = SIMULATOR.accessToken();
        String[] bodies = {
            "", "not xml at all", "<jobInfo xmlns=\"" + ASYNC_NS + "\"><operation>insert</operation>",
            "<jobInfo xmlns=\"" + ASYNC_NS + "\"><operation>insert</object></jobInfo>",
            "<?xml version=\"1.0\"?><!DOCTYPE jobInfo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                    + "<jobInfo xmlns=\"" + ASYNC_NS + "\"><operation>&xxe;</operation><object>Account</object></jobInfo>",
            "<jobInfo xmlns=\"" + ASYNC_NS + "\"><operation><b>insert</b></operation></jobInfo>",
            "<batchInfo xmlns=\"" + ASYNC_NS + "\"><state>Open</state></batchInfo>",
            "<jobInfo xmlns=\"" + ASYNC_NS + "\"><operation>explode</operation><object>Account</object></jobInfo>",
            "<jobInfo xmlns=\"" + ASYNC_NS + "\"><operation>insert</operation><object>Account</object>"
                    + "<concurrencyMode>Sideways</concurrencyMode></jobInfo>",
            "\u0000\u0001binary"
        };
        for (String body : bodies) {
            HttpResponse<String> r = SIMULATOR.raw("POST", V1, token, "application/xml; charset=UTF-8", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(body).startsWith("application/xml");
            assertThat(r.body()).as(body).startsWith("<?xml").contains("<error xmlns=\"" + ASYNC_NS + "\"")
                    .containsPattern("<exceptionCode>(InvalidXML|InvalidJob)</exceptionCode>");
        }
        assertThat(SIMULATOR.state().get("jobs")).isEmpty();

        // the state change of an existing job with a broken body
        JobInfo job = createV1Job("Account");
        for (String body : new String[] {"<jobInfo", "", "<jobInfo xmlns=\"" + ASYNC_NS + "\"><state>Sleeping</state></jobInfo>"}) {
            HttpResponse<String> r = SIMULATOR.raw("POST", V1 + "/" + job.getId(), token, "application/xml", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.body()).as(body).contains("<error xmlns=\"" + ASYNC_NS + "\"");
        }
        assertThat(call("getJob", null, Map.of("jobId", job.getId()), JobInfo.class).getState()).isEqualTo(JobStateEnum.OPEN);
    }

    @Test
    void malformedJsonIsA400JsonArray() throws Exception {
        String token = SIMULATOR.accessToken();
        String[] bodies = {"", "{", "{\"object\":\"Account\",", "not json", "[1,2", "42", "null",
            "{\"object\":\"Account\",\"operation\":\"insert\",\"lineEnding\":\"CR\"}",
            "{\"object\":\"Account\",\"operation\":\"explode\"}",
            "{\"object\":\"Account\",\"operation\":\"insert\",\"contentType\":\"JSON\"}",
            "{\"object\":{\"nested\":true},\"operation\":\"insert\"}"};
        for (String body : bodies) {
            HttpResponse<String> r = SIMULATOR.raw("POST", V2, token, "application/json", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            JsonNode errors = JSON.readTree(r.body());
            assertThat(errors.isArray()).as(r.body()).isTrue();
            assertThat(errors.get(0).get("errorCode").asText()).as(r.body()).isNotBlank();
            assertThat(errors.get(0).get("message").asText()).as(r.body()).isNotBlank();
        }
        assertThat(SIMULATOR.state().get("jobs")).isEmpty();

        Job job = call("bulk2CreateJob", v2Job("Contact"), Job.class);
        for (String body : new String[] {"{", "", "[]", "{\"state\":\"Sleeping\"}", "{\"state\":5}"}) {
            HttpResponse<String> r = SIMULATOR.raw("PATCH", V2 + "/" + job.getId(), token, "application/json", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).isArray()).as(r.body()).isTrue();
        }
        assertThat(call("bulk2GetJob", null, Map.of("jobId", job.getId()), Job.class).getState())
                .isEqualTo(org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum.OPEN);
    }

    @Test
    void malformedTokenRequestsAreOAuthErrorsNot500() throws Exception {
        for (String form : new String[] {"grant_type=%zz&client_id=bulkroute-dev", "%", "grant_type=password&&&=",
            "\u00ff\u00fe", "", "grant_type=password&username=%E0%A4%A"}) {
            HttpResponse<String> r = SIMULATOR.raw("POST", "/services/oauth2/token", null, "application/x-www-form-urlencoded", form);
            assertThat(r.statusCode()).as(form).isEqualTo(400);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("error").asText()).as(r.body()).isNotBlank();
            assertThat(body.get("error_description").asText()).as(r.body()).isNotBlank();
        }
    }
}
