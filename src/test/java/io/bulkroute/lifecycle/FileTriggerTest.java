package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.assertEveryRowAccountedFor;
import static io.bulkroute.testing.OutcomeAssertions.assertNoJobLeftOpen;
import static io.bulkroute.testing.OutcomeAssertions.assertOrgHoldsExactlyTheSucceeded;
import static io.bulkroute.testing.TestInputs.accounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.app.config.Settings;
import io.bulkroute.app.CamelRuntime;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file-drop trigger as declared in routes/file-load.camel.yaml: CSV files dropped in
 * inbox/accounts are inserted as Accounts, then moved to .done/ or .failed/.
 */
class FileTriggerTest {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR).withoutRuntime();
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path work;
    private static final Path INBOX = Path.of("inbox/accounts");
    private static final Path INBOX_V2 = Path.of("inbox/accounts-v2");
    private static CamelRuntime service;
    private static Path outbox;

    @BeforeAll
    static void startService() throws Exception {
        deleteTree(INBOX);
        deleteTree(INBOX_V2);
        Files.createDirectories(INBOX);
        Files.createDirectories(INBOX_V2);
        outbox = Files.createTempDirectory("bulkroute-outbox");
        Settings s = APP.settings();
        s.set("bulk.outbox", outbox.toString());
        service = new CamelRuntime(s, true);
        service.context();
    }

    @AfterAll
    static void stopService() throws IOException {
        service.close();
        deleteTree(INBOX);
        deleteTree(INBOX_V2);
    }

    @Test
    void aDroppedFileIsLoadedAndMovedToDone() throws Exception {
        Path input = accounts(work, "drop.csv", 700);
        Files.copy(input, INBOX.resolve("tmp.part"));
        Files.move(INBOX.resolve("tmp.part"), INBOX.resolve("accounts-1.csv"));

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(INBOX.resolve(".done/accounts-1.csv")));
        Path out = outputOf("accounts-1.csv");
        Map<String, Object> report = JSON.readValue(Files.readString(out.resolve("report.json")), Map.class);
        assertThat(report.get("outcome")).isEqualTo("COMPLETED");
        assertThat(report.get("source")).isEqualTo("accounts-1.csv");
        assertEveryRowAccountedFor(input, out, report);
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertNoJobLeftOpen(SIMULATOR);
        assertThat(INBOX.resolve("accounts-1.csv")).doesNotExist();
    }

    @Test
    void aFileDroppedForBulk2IsLoadedInBulk2Jobs() throws Exception {
        Path input = accounts(work, "drop-v2.csv", 900);
        Files.copy(input, INBOX_V2.resolve("tmp.part"));
        Files.move(INBOX_V2.resolve("tmp.part"), INBOX_V2.resolve("accounts-v2.csv"));

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(INBOX_V2.resolve(".done/accounts-v2.csv")));
        Path out = outputOf("accounts-v2.csv");
        Map<String, Object> report = JSON.readValue(Files.readString(out.resolve("report.json")), Map.class);
        assertThat(report.get("api")).isEqualTo("v2");
        assertThat(report.get("outcome")).isEqualTo("COMPLETED");
        assertThat((List<Map<String, Object>>) report.get("jobs")).allSatisfy(j -> assertThat(j.get("state")).isEqualTo("JobComplete"));
        assertEveryRowAccountedFor(input, out, report);
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertNoJobLeftOpen(SIMULATOR);
    }

    @Test
    void aFileThatCannotBeLoadedMovesToFailedAndReachesTheDeadLetterChannel() throws Exception {
        String content = "Name,Industry\n";
        Files.writeString(INBOX.resolve("tmp.part"), content);
        Files.move(INBOX.resolve("tmp.part"), INBOX.resolve("header-only.csv"));

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(INBOX.resolve(".failed/header-only.csv")));
        Path out = outputOf("header-only.csv");
        Map<String, Object> report = JSON.readValue(Files.readString(out.resolve("report.json")), Map.class);
        assertThat(report.get("outcome")).isEqualTo("FAILED");
        assertThat(report.get("error")).isEqualTo("header-only.csv, line 1: the file has a header but no records");
        assertThat(SIMULATOR.state().get("jobs")).as("no job opened for bad input").isEmpty();

        JsonNode envelope = await().atMost(Duration.ofSeconds(10))
                .until(() -> APP.deadLettersOf(report.get("loadId")).stream().findFirst().orElse(null), e -> e != null);
        assertThat(envelope.get("loadId").asText()).isEqualTo(report.get("loadId"));
        assertThat(envelope.get("jobId").isNull()).isTrue();
        assertThat(envelope.path("exception").path("type").asText()).isEqualTo("io.bulkroute.model.BadInputException");
        assertThat(envelope.path("exception").path("file").asText()).isEqualTo("header-only.csv");
        assertThat(envelope.path("exception").path("line").asInt()).isEqualTo(1);
        assertThat(envelope.path("exception").path("reason").asText()).isEqualTo("the file has a header but no records");
        assertThat(envelope.path("original").path("content").asText()).isEqualTo(content);
        assertThat(envelope.get("time").asText()).isNotBlank();
        // the service keeps running: the next file is loaded
        Path next = accounts(work, "next.csv", 3);
        Files.copy(next, INBOX.resolve("tmp.part"));
        Files.move(INBOX.resolve("tmp.part"), INBOX.resolve("accounts-2.csv"));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(INBOX.resolve(".done/accounts-2.csv")));
    }

    /** The output folder of the load whose report names {@code source}. */
    private static Path outputOf(String source) throws IOException {
        try (Stream<Path> dirs = Files.list(outbox)) {
            for (Path dir : dirs.toList()) {
                Path report = dir.resolve("report.json");
                if (Files.exists(report) && JSON.readTree(report.toFile()).path("source").asText().equals(source)) {
                    return dir;
                }
            }
        }
        throw new AssertionError("no report for " + source + " in " + outbox);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @SuppressWarnings("unused")
    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
