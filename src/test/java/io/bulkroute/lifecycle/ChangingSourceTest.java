package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.assertEveryRowAccountedFor;
import static io.bulkroute.testing.OutcomeAssertions.assertNoJobLeftOpen;
import static io.bulkroute.testing.OutcomeAssertions.assertOrgHoldsExactlyTheSucceeded;
import static io.bulkroute.testing.OutcomeAssertions.counts;
import static io.bulkroute.testing.OutcomeAssertions.originalRows;
import static io.bulkroute.testing.OutcomeAssertions.rows;
import static io.bulkroute.testing.TestInputs.accounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that changes after its input check: the load reads the file it checked or fails, naming the
 * file; it never loads rows nobody checked, nor lets a change go by. The change is made while the load's
 * createJob call is held up by the simulator's latency: after the check, before the cut.
 */
class ChangingSourceTest {
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
    void rowsAppendedAfterTheCheckFailTheBulk1LoadAndAreNotLoaded() throws Exception {
        appendedRowsFailTheLoad("v1");
    }

    @Test
    void rowsAppendedAfterTheCheckFailTheBulk2LoadAndAreNotLoaded() throws Exception {
        appendedRowsFailTheLoad("v2");
    }

    private void appendedRowsFailTheLoad(String api) throws Exception {
        Path input = accounts(work, "growing-" + api + ".csv", 3000);
        Path checked = Files.copy(input, work.resolve("as-checked.csv"));
        String loadId = "grow-" + api + "-" + Loads.newLoadId();

        Map<String, Object> report = loadChangingAfterCheck(input, loadId, api, () -> Files.writeString(input,
                "Appended 1,Energy,1,late\r\nAppended 2,Energy,2,late\r\n", StandardOpenOption.APPEND));

        assertThat(report.get("outcome")).isEqualTo("FAILED");
        assertThat((String) report.get("error")).contains(input.getFileName().toString(), "the file changed during the load",
                "bytes when checked");
        Path out = work.resolve("out");
        // every row checked is accounted for once, none of the rows appended after the check
        assertEveryRowAccountedFor(checked, out, report);
        assertThat(((Number) counts(report).get("total")).longValue()).isEqualTo(3000L);
        assertThat(SIMULATOR.records("Account")).noneMatch(r -> r.path("Name").asText().startsWith("Appended"));
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertNoJobLeftOpen(SIMULATOR);
        assertThat(deadLetterOf(loadId)).contains("the file changed during the load");
    }

    @Test
    void rowsAppendedWhileTheJobRunsFailTheLoadAtItsEnd() throws Exception {
        Path input = accounts(work, "growing-late.csv", 3000);
        Path checked = Files.copy(input, work.resolve("as-checked.csv"));
        String loadId = "grow-late-" + Loads.newLoadId();
        Loads loads = APP.context().getRegistry().lookupByNameAndType("loads", Loads.class);
        SIMULATOR.faults("{\"latencyMs\": 2000}");
        CompletableFuture<Map<String, Object>> load = CompletableFuture.supplyAsync(() -> {
            try {
                return APP.load(input, "Account", "insert", Map.of("bulkLoadId", loadId, "bulkBatchSize", "1000"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // every row is cut; the uploads and the job's follow-up are still held up by the latency
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> loads.running(loadId) != null && loads.running(loadId).getRecordsCut() == 3000);
        Files.writeString(input, "Appended 1,Energy,1,late\r\n", StandardOpenOption.APPEND);
        SIMULATOR.faults("{\"latencyMs\": 0}");
        Map<String, Object> report = load.get(120, java.util.concurrent.TimeUnit.SECONDS);

        // once in .done/ with the file, the appended row would be loaded by nobody: the load says so
        assertThat(report.get("outcome")).isEqualTo("FAILED");
        assertThat((String) report.get("error")).contains("growing-late.csv", "the file changed during the load");
        Path out = work.resolve("out");
        assertEveryRowAccountedFor(checked, out, report);
        assertThat(SIMULATOR.records("Account")).noneMatch(r -> r.path("Name").asText().startsWith("Appended"));
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertNoJobLeftOpen(SIMULATOR);
        assertThat(deadLetterOf(loadId)).contains("the file changed during the load");
    }

    @Test
    void aRowRewrittenInPlaceAfterTheCheckFailsTheLoadBeforeItsBatchIsSent() throws Exception {
        Path input = accounts(work, "rewritten.csv", 2000);
        String loadId = "rewrite-" + Loads.newLoadId();
        String row = "Account 1500,Energy,";

        Map<String, Object> report = loadChangingAfterCheck(input, loadId, "v1", () -> {
            // the same length, one column more: sent, it would fail its whole batch
            try (var file = java.nio.channels.FileChannel.open(input, StandardOpenOption.WRITE)) {
                long at = Files.readString(input).indexOf(row) + "Account 1500,".length();
                file.write(java.nio.ByteBuffer.wrap("En,rgy".getBytes(StandardCharsets.UTF_8)), at);
            }
        });

        assertThat(report.get("outcome")).isEqualTo("FAILED");
        assertThat((String) report.get("error")).contains("rewritten.csv", "the file changed during the load",
                "is not the content checked");
        Path out = work.resolve("out");
        // nothing went to Salesforce: the change was seen before the first batch was handed out
        assertThat(rows(out.resolve("success.csv"))).isEmpty();
        assertThat(rows(out.resolve("failed.csv"))).isEmpty();
        assertThat(SIMULATOR.records("Account")).isEmpty();
        assertThat(originalRows(out.resolve("unprocessed.csv"))).containsExactlyElementsOf(rows(input));
        assertThat(((Number) counts(report).get("unprocessed")).longValue()).isEqualTo(2000L);
        assertNoJobLeftOpen(SIMULATOR);
        assertThat(deadLetterOf(loadId)).contains("rewritten.csv");
    }

    interface Change {
        void apply() throws Exception;
    }

    /** Loads {@code input} in 1,000-record batches and applies {@code change} once its check has ended. */
    private Map<String, Object> loadChangingAfterCheck(Path input, String loadId, String api, Change change) throws Exception {
        Loads loads = APP.context().getRegistry().lookupByNameAndType("loads", Loads.class);
        // the createJob (v1) or the first bulk2CreateJob (v2) takes this long: the change lands before the cut
        SIMULATOR.faults("{\"latencyMs\": 2000}");
        CompletableFuture<Map<String, Object>> load = CompletableFuture.supplyAsync(() -> {
            try {
                return APP.load(input, "Account", "insert", Map.of("bulkLoadId", loadId, "bulkApi", api, "bulkBatchSize", "1000",
                        "bulkJobMaxBytes", "200000"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // the check has ended once the load knows its record count
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> loads.running(loadId) != null && loads.running(loadId).getTotalRecords() > 0);
        change.apply();
        SIMULATOR.faults("{\"latencyMs\": 0}");
        return load.get(120, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** The dead-letter envelope of the load, as text, once written. */
    private static String deadLetterOf(String loadId) {
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> APP.deadLettersOf(loadId).stream().findFirst().map(JsonNode::toString).orElse(null), t -> t != null);
    }

    @SuppressWarnings("unused")
    private static List<String> names(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
