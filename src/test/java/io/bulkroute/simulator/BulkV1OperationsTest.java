package io.bulkroute.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.bulk.BatchInfo;
import org.apache.camel.component.salesforce.api.dto.bulk.BatchStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulk.ConcurrencyModeEnum;
import org.apache.camel.component.salesforce.api.dto.bulk.ContentType;
import org.apache.camel.component.salesforce.api.dto.bulk.JobInfo;
import org.apache.camel.component.salesforce.api.dto.bulk.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulk.OperationEnum;
import org.junit.jupiter.api.Test;

/** Every Bulk 1.0 operation of the real component, through routes, against the simulator over HTTP. */
class BulkV1OperationsTest extends SimulatorTestSupport {

    private JobInfo createJob(String object, OperationEnum op, String externalId) {
        JobInfo job = new JobInfo();
        job.setObject(object);
        job.setOperation(op);
        job.setContentType(ContentType.CSV);
        job.setConcurrencyMode(ConcurrencyModeEnum.PARALLEL);
        job.setExternalIdFieldName(externalId);
        return call("createJob", job, JobInfo.class);
    }

    private BatchInfo addBatch(JobInfo job, String csv) {
        return call("createBatch", csv, Map.of("jobId", job.getId(), "contentType", "CSV"), BatchInfo.class);
    }

    private BatchInfo awaitEnd(JobInfo job, BatchInfo batch) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(
                () -> call("getBatch", null, Map.of("jobId", job.getId(), "batchId", batch.getId()), BatchInfo.class),
                b -> b.getState() == BatchStateEnum.COMPLETED || b.getState() == BatchStateEnum.FAILED
                        || b.getState() == BatchStateEnum.NOT_PROCESSED);
    }

    private List<String> results(JobInfo job, BatchInfo batch) throws Exception {
        InputStream in = call("getResults", null, Map.of("jobId", job.getId(), "batchId", batch.getId()), InputStream.class);
        return text(in).lines().toList();
    }

    @Test
    void insertLifecycleFromOpenToResults() throws Exception {
        JobInfo job = createJob("Account", OperationEnum.INSERT, null);
        assertThat(job.getId()).startsWith("750").hasSize(18);
        assertThat(job.getState()).isEqualTo(JobStateEnum.OPEN);
        assertThat(job.getObject()).isEqualTo("Account");

        String csv = "Name,Industry,NumberOfEmployees,Description\r\n"
                + "Acme,Energy,10,\"Says \"\"hi\"\", with commas,\nand a newline\"\r\n"
                + ",Retail,5,no name\r\n"
                + "Globex,Tech,many,bad integer\r\n";
        BatchInfo batch = addBatch(job, csv);
        assertThat(batch.getState()).isEqualTo(BatchStateEnum.QUEUED);
        assertThat(batch.getJobId()).isEqualTo(job.getId());

        JobInfo closed = call("closeJob", null, Map.of("jobId", job.getId()), JobInfo.class);
        assertThat(closed.getState()).isEqualTo(JobStateEnum.CLOSED);

        BatchInfo done = awaitEnd(job, batch);
        assertThat(done.getState()).isEqualTo(BatchStateEnum.COMPLETED);
        assertThat(done.getNumberRecordsProcessed()).isEqualTo(3);
        assertThat(done.getNumberRecordsFailed()).isEqualTo(2);

        List<String> lines = results(job, batch);
        assertThat(lines.get(0)).isEqualTo("\"Id\",\"Success\",\"Created\",\"Error\"");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).matches("\"001\\w{15}\",\"true\",\"true\",\"\"");
        assertThat(lines.get(2)).isEqualTo("\"\",\"false\",\"false\",\"REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --\"");
        assertThat(lines.get(3)).contains("\"false\"", "INVALID_FIELD:Failed to deserialize field at col 3", "xsd:int");

        List<?> all = call("getAllBatches", null, Map.of("jobId", job.getId()), List.class);
        assertThat(all).hasSize(1);
        JobInfo info = call("getJob", null, Map.of("jobId", job.getId()), JobInfo.class);
        assertThat(info.getNumberBatchesCompleted()).isEqualTo(1);
        assertThat(info.getNumberBatchesTotal()).isEqualTo(1);
        assertThat(info.getNumberRecordsProcessed()).isEqualTo(3);
        assertThat(info.getNumberRecordsFailed()).isEqualTo(2);

        String request = text(call("getRequest", null, Map.of("jobId", job.getId(), "batchId", batch.getId()), InputStream.class));
        assertThat(request).isEqualTo(csv);

        var stored = SIMULATOR.records("Account");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("Description").asText()).isEqualTo("Says \"hi\", with commas,\nand a newline");
        assertThat(stored.get(0).get("Id").asText()).isEqualTo(lines.get(1).substring(1, 19));
    }

    @Test
    void upsertUpdateAndDeleteWorkOnTheOrgsRecords() throws Exception {
        JobInfo insert = createJob("Account", OperationEnum.UPSERT, "External_Id__c");
        BatchInfo b1 = addBatch(insert, "External_Id__c,Name\nA-1,Alpha\nA-2,Beta\nA-3,Dup\nA-3,Dup again\n,No key\n");
        awaitEnd(insert, b1);
        List<String> r1 = results(insert, b1);
        assertThat(r1.get(1)).contains("\"true\",\"true\"");
        assertThat(r1.get(3)).contains("DUPLICATE_VALUE:Duplicate external id specified: A-3");
        assertThat(r1.get(4)).contains("DUPLICATE_VALUE");
        assertThat(r1.get(5)).contains("MISSING_ARGUMENT:External_Id__c not specified");
        String alphaId = r1.get(1).substring(1, 19);

        BatchInfo b2 = addBatch(insert, "External_Id__c,Name\nA-1,Alpha renamed\n");
        awaitEnd(insert, b2);
        assertThat(results(insert, b2).get(1)).isEqualTo("\"" + alphaId + "\",\"true\",\"false\",\"\"");
        call("closeJob", null, Map.of("jobId", insert.getId()), JobInfo.class);

        JobInfo update = createJob("Account", OperationEnum.UPDATE, null);
        BatchInfo b3 = addBatch(update, "Id,Industry\n" + alphaId + ",Mining\n001Dm0000zzzzzz,x\nnot-an-id,y\n");
        awaitEnd(update, b3);
        List<String> r3 = results(update, b3);
        assertThat(r3.get(1)).contains("\"true\",\"false\"");
        assertThat(r3.get(2)).contains("INVALID_CROSS_REFERENCE_KEY");
        assertThat(r3.get(3)).contains("MALFORMED_ID");

        JobInfo delete = createJob("Account", OperationEnum.DELETE, null);
        BatchInfo b4 = addBatch(delete, "Id\n" + alphaId + "\n");
        awaitEnd(delete, b4);
        assertThat(results(delete, b4).get(1)).contains("\"true\"");
        BatchInfo b5 = addBatch(delete, "Id\n" + alphaId + "\n");
        awaitEnd(delete, b5);
        assertThat(results(delete, b5).get(1)).contains("ENTITY_IS_DELETED");

        assertThat(SIMULATOR.records("Account")).extracting(n -> n.get("External_Id__c").asText()).containsExactly("A-2");
    }

    @Test
    void unknownFieldFailsTheWholeBatch() {
        JobInfo job = createJob("Contact", OperationEnum.INSERT, null);
        BatchInfo batch = addBatch(job, "LastName,Shoe_Size__c\nSmith,42\n");
        BatchInfo done = awaitEnd(job, batch);
        assertThat(done.getState()).isEqualTo(BatchStateEnum.FAILED);
        assertThat(done.getStateMessage()).isEqualTo("InvalidBatch : Field name not found : Shoe_Size__c");
        SalesforceException e = failure("getResults", null, Map.of("jobId", job.getId(), "batchId", batch.getId()));
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getErrors().get(0).getErrorCode()).isEqualTo("InvalidBatch");
    }

    @Test
    void abortMakesQueuedBatchesNotProcessed() throws Exception {
        JobInfo job = createJob("Lead", OperationEnum.INSERT, null);
        SIMULATOR.org().pacer().setRate(1_000);
        try {
            StringBuilder csv = new StringBuilder("LastName,Company\n");
            for (int i = 0; i < 2_000; i++) {
                csv.append("L").append(i).append(",C\n");
            }
            BatchInfo first = addBatch(job, csv.toString());
            BatchInfo second = addBatch(job, csv.toString());
            BatchInfo third = addBatch(job, csv.toString());
            JobInfo aborted = call("abortJob", null, Map.of("jobId", job.getId()), JobInfo.class);
            assertThat(aborted.getState()).isEqualTo(JobStateEnum.ABORTED);
            SIMULATOR.org().pacer().setRate(0);
            List<BatchInfo> ended = List.of(awaitEnd(job, first), awaitEnd(job, second), awaitEnd(job, third));
            assertThat(ended).extracting(BatchInfo::getState).contains(BatchStateEnum.NOT_PROCESSED);
            SalesforceException e = failure("createBatch", "LastName,Company\nX,Y\n", Map.of("jobId", job.getId(), "contentType", "CSV"));
            assertThat(e.getErrors().get(0).getErrorCode()).isEqualTo("InvalidJobState");
        } finally {
            SIMULATOR.org().pacer().setRate(0);
        }
    }

    @Test
    void serialJobsRunOneBatchAtATime() {
        JobInfo job = new JobInfo();
        job.setObject("Account");
        job.setOperation(OperationEnum.INSERT);
        job.setContentType(ContentType.CSV);
        job.setConcurrencyMode(ConcurrencyModeEnum.SERIAL);
        JobInfo serial = call("createJob", job, JobInfo.class);
        assertThat(serial.getConcurrencyMode()).isEqualTo(ConcurrencyModeEnum.SERIAL);
        SIMULATOR.org().pacer().setRate(20_000);
        try {
            StringBuilder csv = new StringBuilder("Name\n");
            for (int i = 0; i < 1_000; i++) {
                csv.append("A").append(i).append('\n');
            }
            BatchInfo b1 = addBatch(serial, csv.toString());
            BatchInfo b2 = addBatch(serial, csv.toString());
            BatchInfo b3 = addBatch(serial, csv.toString());
            int maxInProgress = 0;
            long deadline = System.currentTimeMillis() + 20_000;
            JobInfo info;
            do {
                info = call("getJob", null, Map.of("jobId", serial.getId()), JobInfo.class);
                maxInProgress = Math.max(maxInProgress, info.getNumberBatchesInProgress());
            } while (info.getNumberBatchesCompleted() < 3 && System.currentTimeMillis() < deadline);
            assertThat(info.getNumberBatchesCompleted()).isEqualTo(3);
            assertThat(maxInProgress).isEqualTo(1);
            assertThat(List.of(b1, b2, b3)).extracting(BatchInfo::getState).containsOnly(BatchStateEnum.QUEUED);
        } finally {
            SIMULATOR.org().pacer().setRate(0);
        }
    }
}
