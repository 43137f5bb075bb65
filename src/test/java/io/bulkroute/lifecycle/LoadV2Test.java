package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.assertEveryRowAccountedFor;
import static io.bulkroute.testing.OutcomeAssertions.assertNoJobLeftOpen;
import static io.bulkroute.testing.OutcomeAssertions.assertOrgHoldsExactlyTheSucceeded;
import static io.bulkroute.testing.OutcomeAssertions.counts;
import static io.bulkroute.testing.OutcomeAssertions.originalRows;
import static io.bulkroute.testing.OutcomeAssertions.rows;
import static io.bulkroute.testing.TestInputs.csv;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Bulk 2.0 loads end to end through the routes, against the simulator over HTTP. */
class LoadV2Test {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR);
    @TempDir
    Path work;

    @Test
    void inputCutIntoSeveralJobsLosesNothingAndKeepsDuplicates() throws Exception {
        StringBuilder csv = new StringBuilder("Name,Industry,NumberOfEmployees,Description\n");
        for (int i = 1; i <= 1_500; i++) {
            csv.append("Account ").append(i).append(",Energy,").append(i % 50 == 0 ? "lots" : String.valueOf(i))
                    .append(",\"row ").append(i).append(", quoted \"\"text\"\"\nsecond line\"\n");
            if (i % 300 == 0) {
                // identical rows, succeeding and failing, must each come back once
                csv.append("Twin,Energy,1,same\nTwin,Energy,1,same\n,Energy,1,nameless twin\n,Energy,1,nameless twin\n");
            }
        }
        Path input = csv(work, "v2.csv", csv.toString());
        Map<String, Object> report = APP.load(input, "Account", "insert", Map.of("bulkApi", "v2", "bulkJobMaxBytes", "20000"));
        Path out = work.resolve("out");

        List<Map<String, Object>> jobs = (List<Map<String, Object>>) report.get("jobs");
        assertThat(jobs).hasSizeGreaterThan(4);
        assertThat(jobs).allSatisfy(j -> assertThat(j.get("state")).isEqualTo("JobComplete"));
        assertThat(report.get("api")).isEqualTo("v2");
        assertThat(report.get("outcome")).isEqualTo("COMPLETED_WITH_ERRORS");
        assertEveryRowAccountedFor(input, out, report);
        assertThat(originalRows(out.resolve("success.csv"))).as("input order kept")
                .containsExactlyElementsOf(rows(input).stream().filter(r -> !r.get(0).isEmpty() && !r.get(2).equals("lots")).toList());
        assertThat(rows(out.resolve("failed.csv"))).extracting(r -> r.get(1))
                .allSatisfy(e -> assertThat(e).matches("(REQUIRED_FIELD_MISSING|INVALID_FIELD).*"));
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertNoJobLeftOpen(SIMULATOR);
    }

    @Test
    void aFailedJobPutsItsRowsInUnprocessedWithTheReason() throws Exception {
        Path input = csv(work, "bad-field.csv", "Name,Shoe_Size__c\nAcme,42\nGlobex,43\n");
        Map<String, Object> report = APP.load(input, "Account", "insert", Map.of("bulkApi", "v2"));
        assertThat(report.get("outcome")).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(counts(report)).containsEntry("unprocessed", 2L);
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) report.get("jobs");
        assertThat(jobs).singleElement().satisfies(j -> {
            assertThat(j.get("state")).isEqualTo("Failed");
            assertThat(j.get("errorMessage")).isEqualTo("InvalidBatch : Field name not found : Shoe_Size__c");
        });
        assertEveryRowAccountedFor(input, work.resolve("out"), report);
        assertNoJobLeftOpen(SIMULATOR);
    }

    @Test
    void resultsLargerThanFourMegabytesArriveWhole() throws Exception {
        StringBuilder csv = new StringBuilder("Name,Description\n");
        for (int i = 1; i <= 50_000; i++) {
            csv.append("Company ").append(i).append(",\"").append("x".repeat(90)).append(' ').append(i).append("\"\n");
        }
        Path input = csv(work, "big-results.csv", csv.toString());
        assertThat(Files.size(input)).isGreaterThan(4_500_000);
        Map<String, Object> report = APP.load(input, "Account", "insert", Map.of("bulkApi", "v2"));
        assertThat(report.get("outcome")).isEqualTo("COMPLETED");
        assertThat(Files.size(work.resolve("out/success.csv"))).isGreaterThan(5_000_000);
        assertEveryRowAccountedFor(input, work.resolve("out"), report);
    }

    @Test
    void upsertThroughBulk2() throws Exception {
        APP.load(csv(work, "a.csv", "External_Id__c,Name\nK-1,One\nK-2,Two\n"), "Account", "upsert",
                Map.of("bulkApi", "v2", "bulkExternalId", "External_Id__c", "bulkOutDir", work.resolve("a").toString()));
        Map<String, Object> report = APP.load(csv(work, "b.csv", "External_Id__c,Name\nK-2,Two again\nK-3,Three\n"), "Account", "upsert",
                Map.of("bulkApi", "v2", "bulkExternalId", "External_Id__c", "bulkOutDir", work.resolve("b").toString()));
        assertThat(report.get("outcome")).isEqualTo("COMPLETED");
        assertThat(rows(work.resolve("b/success.csv"))).extracting(r -> r.get(1)).containsExactly("false", "true");
        assertThat(SIMULATOR.records("Account")).extracting(n -> n.get("Name").asText()).containsExactlyInAnyOrder("One", "Two again", "Three");
    }
}
