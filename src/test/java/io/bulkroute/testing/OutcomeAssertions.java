package io.bulkroute.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.input.CsvRows;

/**
 * What every load must leave, whatever happened to it: each input row in exactly one outcome file, counts that add
 * up, an org that holds exactly what success.csv names, and no job left open. Also the readers of outcome files and
 * reports the tests share.
 */
public final class OutcomeAssertions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OutcomeAssertions() {
    }

    // --- reading outcome files and reports ---

    /** Every row of a CSV file after its header. */
    public static List<List<String>> rows(Path file) {
        List<List<String>> rows = new ArrayList<>();
        try (CsvRows in = new CsvRows(file)) {
            in.next();
            String[] row;
            while ((row = in.next()) != null) {
                rows.add(List.of(row));
            }
        }
        return rows;
    }

    public static List<String> header(Path file) {
        try (CsvRows in = new CsvRows(file)) {
            return List.of(in.next());
        }
    }

    /** The original columns of an outcome file's rows (without the two sf__ columns where there are). */
    public static List<List<String>> originalRows(Path file) {
        boolean sf = header(file).get(0).startsWith("sf__");
        return rows(file).stream().map(r -> sf ? r.subList(2, r.size()) : r).toList();
    }

    /** The report.json an output folder holds. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> report(Path out) throws IOException {
        return JSON.readValue(out.resolve("report.json").toFile(), Map.class);
    }

    /** The report's record counts. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> counts(Map<String, Object> report) {
        return (Map<String, Object>) report.get("records");
    }

    /** The report's jobs. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> jobs(Map<String, Object> report) {
        return (List<Map<String, Object>>) report.get("jobs");
    }

    // --- what every load must leave ---

    /**
     * Nothing lost: the three outcome files hold exactly the input's rows, each once, and the
     * report's counts add up to them.
     */
    public static void assertEveryRowAccountedFor(Path input, Path out, Map<String, Object> report) {
        List<List<String>> expected = rows(input);
        List<List<String>> success = originalRows(out.resolve("success.csv"));
        List<List<String>> failed = originalRows(out.resolve("failed.csv"));
        List<List<String>> unprocessed = originalRows(out.resolve("unprocessed.csv"));
        List<List<String>> all = new ArrayList<>(success);
        all.addAll(failed);
        all.addAll(unprocessed);
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
        Map<String, Object> records = counts(report);
        assertThat(((Number) records.get("total")).longValue()).isEqualTo(expected.size());
        assertThat(((Number) records.get("succeeded")).longValue()).isEqualTo(success.size());
        assertThat(((Number) records.get("failed")).longValue()).isEqualTo(failed.size());
        assertThat(((Number) records.get("unprocessed")).longValue()).isEqualTo(unprocessed.size());
    }

    /** The org holds exactly the records success.csv names. */
    public static void assertOrgHoldsExactlyTheSucceeded(SimulatorExtension org, String object, Path out) throws Exception {
        List<String> ids = rows(out.resolve("success.csv")).stream().map(r -> r.get(0)).toList();
        List<String> stored = org.records(object).stream().map(n -> n.get("Id").asText()).toList();
        assertThat(stored).containsExactlyInAnyOrderElementsOf(ids);
    }

    /** No job the org knows is still Open (or UploadComplete / InProgress for 2.0). */
    public static void assertNoJobLeftOpen(SimulatorExtension org) throws Exception {
        for (JsonNode job : org.state().get("jobs")) {
            assertThat(job.get("state").asText()).as("job %s", job.get("id").asText())
                    .isIn("Closed", "Aborted", "JobComplete", "Failed");
        }
    }

    /**
     * A load of Accounts that ended, whatever happened on the way: every row accounted for in the output folder the
     * report names, the org holds exactly the succeeded records (nothing loaded twice), and no job is left open.
     */
    public static void assertLoadedOnceAndNoJobOpen(SimulatorExtension org, Path input, Map<String, Object> report) throws Exception {
        Path out = Path.of((String) report.get("outputFolder"));
        assertEveryRowAccountedFor(input, out, report);
        assertOrgHoldsExactlyTheSucceeded(org, "Account", out);
        assertNoJobLeftOpen(org);
    }

    /**
     * The outcome files hold exactly the input's rows, all succeeded, and the report counts them; the org
     * holds each succeeded record once (no batch was sent twice); no job is left open.
     */
    public static void assertEveryRowLoadedOnce(SimulatorExtension org, Path input, Path out) throws Exception {
        Map<String, Object> report = report(out);
        assertEveryRowAccountedFor(input, out, report);
        assertThat(originalRows(out.resolve("success.csv"))).as("every row succeeded").containsExactlyElementsOf(rows(input));
        assertOrgHoldsExactlyTheSucceeded(org, "Account", out);
        assertNoJobLeftOpen(org);
    }
}
