package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.assertEveryRowAccountedFor;
import static io.bulkroute.testing.OutcomeAssertions.assertNoJobLeftOpen;
import static io.bulkroute.testing.OutcomeAssertions.assertOrgHoldsExactlyTheSucceeded;
import static io.bulkroute.testing.OutcomeAssertions.counts;
import static io.bulkroute.testing.OutcomeAssertions.header;
import static io.bulkroute.testing.OutcomeAssertions.originalRows;
import static io.bulkroute.testing.OutcomeAssertions.rows;
import static io.bulkroute.testing.TestInputs.accounts;
import static io.bulkroute.testing.TestInputs.csv;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A Bulk 1.0 load end to end through the routes, against the simulator over HTTP. */
class LoadV1Test {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR);
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path work;

    @Test
    void everyRowEndsInExactlyOneOutcomeFile() throws Exception {
        Path input = csv(work, "accounts.csv", "\uFEFFName,Industry,NumberOfEmployees,Description\r\n"
                + "Acme,Energy,10,\"Quoted, with comma\"\r\n"
                + ",Retail,5,no name\r\n"
                + "Globex,Tech,many,bad integer\r\n"
                + "Initech,Tech,7,\"multi\nline \"\"quoted\"\"\"\r\n");
        Map<String, Object> report = APP.load(input, "Account", "insert", Map.of("bulkBatchSize", "2"));
        Path out = work.resolve("out");

        assertThat(report.get("outcome")).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(counts(report)).containsEntry("total", 4L).containsEntry("succeeded", 2L).containsEntry("failed", 2L);
        assertEveryRowAccountedFor(input, out, report);
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertNoJobLeftOpen(SIMULATOR);

        assertThat(header(out.resolve("success.csv"))).containsExactly("sf__Id", "sf__Created", "Name", "Industry",
                "NumberOfEmployees", "Description");
        assertThat(header(out.resolve("failed.csv"))).containsExactly("sf__Id", "sf__Error", "Name", "Industry",
                "NumberOfEmployees", "Description");
        assertThat(header(out.resolve("unprocessed.csv"))).containsExactly("Name", "Industry", "NumberOfEmployees", "Description");
        assertThat(rows(out.resolve("success.csv"))).extracting(r -> r.get(2)).containsExactly("Acme", "Initech");
        assertThat(rows(out.resolve("success.csv")).get(1).get(5)).isEqualTo("multi\nline \"quoted\"");
        assertThat(rows(out.resolve("failed.csv")).get(0).get(1)).startsWith("REQUIRED_FIELD_MISSING");
        assertThat(rows(out.resolve("failed.csv")).get(1).get(1)).contains("xsd:int");

        var jobs = (List<Map<String, Object>>) report.get("jobs");
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0)).containsEntry("state", "Closed").containsEntry("batches", 2L);
        assertThat(report).containsKeys("loadId", "source", "startedAt", "finishedAt", "apiCalls");
        assertThat(report.get("api")).isEqualTo("v1");
        // createJob, 2 × createBatch, closeJob, ≥1 getAllBatches, getJob, 2 × getResults
        assertThat((Integer) report.get("apiCalls")).isGreaterThanOrEqualTo(8);
        Map<?, ?> written = JSON.readValue(Files.readString(out.resolve("report.json"), StandardCharsets.UTF_8), Map.class);
        assertThat(written.get("loadId")).isEqualTo(report.get("loadId"));
        assertThat(written.get("outcome")).isEqualTo("COMPLETED_WITH_ERRORS");
    }

    @Test
    void manyBatchesInParallelLoseNothing() throws Exception {
        Path input = accounts(work, "many.csv", 2_500);
        Map<String, Object> report = APP.load(input, "Account", "insert", Map.of("bulkBatchSize", "100"));
        Path out = work.resolve("out");
        assertThat(report.get("outcome")).isEqualTo("COMPLETED");
        assertEveryRowAccountedFor(input, out, report);
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertThat(originalRows(out.resolve("success.csv"))).as("success.csv keeps the input's order")
                .containsExactlyElementsOf(rows(input));
        assertNoJobLeftOpen(SIMULATOR);
    }

    @Test
    void batchesAreCutByBytesToo() throws Exception {
        Path input = accounts(work, "bytes.csv", 300);
        Map<String, Object> report = APP.load(input, "Account", "insert", Map.of("bulkBatchMaxBytes", "4000"));
        var jobs = (List<Map<String, Object>>) report.get("jobs");
        long batches = ((Number) jobs.get(0).get("batches")).longValue();
        // about 65 bytes a row: 300 rows are 19.5 kB, 5 batches of at most 4,000 bytes
        assertThat(batches).isGreaterThanOrEqualTo(5);
        assertEveryRowAccountedFor(input, work.resolve("out"), report);
    }

    @Test
    void upsertByExternalId() throws Exception {
        Path first = csv(work, "first.csv", "External_Id__c,Name\nA-1,Alpha\nA-2,Beta\n");
        APP.load(first, "Account", "upsert", Map.of("bulkExternalId", "External_Id__c", "bulkOutDir", work.resolve("o1").toString()));
        Path second = csv(work, "second.csv", "External_Id__c,Name\nA-1,Alpha 2\nA-3,Gamma\n");
        Map<String, Object> report = APP.load(second, "Account", "upsert",
                Map.of("bulkExternalId", "External_Id__c", "bulkOutDir", work.resolve("o2").toString()));
        assertThat(report.get("outcome")).isEqualTo("COMPLETED");
        assertThat(rows(work.resolve("o2/success.csv"))).extracting(r -> r.get(1)).containsExactly("false", "true");
        assertThat(SIMULATOR.records("Account")).extracting(n -> n.get("Name").asText()).containsExactlyInAnyOrder("Alpha 2", "Beta", "Gamma");
    }

    @Test
    void aBatchThatFailsWholePutsItsRowsInUnprocessedWithTheReason() throws Exception {
        Path input = csv(work, "unknown-field.csv", "Name,Shoe_Size__c\nAcme,42\nGlobex,43\n");
        Map<String, Object> report = APP.load(input, "Account", "insert", Map.of());
        assertThat(report.get("outcome")).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(counts(report)).containsEntry("unprocessed", 2L);
        assertEveryRowAccountedFor(input, work.resolve("out"), report);
        var unprocessed = (List<Map<String, Object>>) report.get("unprocessedBatches");
        assertThat(unprocessed).singleElement().satisfies(b -> {
            assertThat(b.get("state")).isEqualTo("Failed");
            assertThat(b.get("reason")).isEqualTo("InvalidBatch : Field name not found : Shoe_Size__c");
        });
        assertNoJobLeftOpen(SIMULATOR);
    }

    /**
     * One template makes both 1.0 follows (routes/load-v1.camel.yaml): a load's, under the load's error handling, and
     * a record stream job's (made in stream-load.camel.yaml), under a piece's.
     */
    @Test
    void theTwoFollowsOfOneTemplateEachHaveTheirOwnErrorHandling() throws Exception {
        assertThat(APP.context().getRoute("bulk-v1-follow").getConfigurationId()).isEqualTo("bulk-load-errors");
        assertThat(APP.context().getRoute("bulk-v1-job-follow").getConfigurationId()).isEqualTo("bulk-piece-errors");
    }
}
