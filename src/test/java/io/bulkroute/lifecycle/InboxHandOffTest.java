package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.assertEveryRowAccountedFor;
import static io.bulkroute.testing.OutcomeAssertions.assertNoJobLeftOpen;
import static io.bulkroute.testing.OutcomeAssertions.assertOrgHoldsExactlyTheSucceeded;
import static io.bulkroute.testing.OutcomeAssertions.rows;
import static io.bulkroute.testing.TestInputs.accounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.app.config.Settings;
import io.bulkroute.app.CamelRuntime;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.SimulatorExtension;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a file is handed over to an inbox (routes/file-load.camel.yaml): a file still being written is not
 * taken, by default even when its writer pauses for seconds; a writer can also hand it over with a done file
 * or by renaming a temporary name, set per inbox. Each file ends loaded whole: all its rows in the outcome files.
 */
class InboxHandOffTest {
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
    private static CamelRuntime service;
    private static Path outbox;
    private static Path doneFileInbox;
    private static Path tempNameInbox;

    @BeforeAll
    static void startService() throws Exception {
        deleteTree(INBOX);
        Files.createDirectories(INBOX);
        outbox = Files.createTempDirectory("bulkroute-outbox");
        Path inboxes = Files.createTempDirectory("bulkroute-inboxes");
        doneFileInbox = inboxes.resolve("with-done-files");
        tempNameInbox = inboxes.resolve("with-temp-names");
        Settings s = APP.settings();
        s.set("bulk.outbox", outbox.toString());
        service = new CamelRuntime(s, true);
        // no minimum age: these inboxes rely on the hand-off alone
        TemplatedRouteBuilder.builder(service.context(), "file-load").routeId("test-done-file-inbox")
                .parameter("directory", doneFileInbox.toString()).parameter("object", "Account").parameter("operation", "insert")
                .parameter("doneFileName", "${file:name}.done").parameter("readLockMinAge", "0").add();
        TemplatedRouteBuilder.builder(service.context(), "file-load").routeId("test-temp-name-inbox")
                .parameter("directory", tempNameInbox.toString()).parameter("object", "Account").parameter("operation", "insert")
                .parameter("tempPrefix", "tmp-").parameter("readLockMinAge", "0").add();
    }

    @AfterAll
    static void stopService() throws IOException {
        service.close();
        deleteTree(INBOX);
    }

    @Test
    void aFileWhoseWriterPausesHalfwayIsTakenOnlyOnceComplete() throws Exception {
        Path whole = accounts(work, "half-written.csv", 2000);
        String content = Files.readString(whole);
        int half = content.indexOf("Account 1001,");
        Path dropped = INBOX.resolve("half-written.csv");
        Files.writeString(dropped, content.substring(0, half));

        // the writer pauses 4 s: the file stays where it is, untaken, all that time
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> Files.exists(dropped) && noLoadYet());
        Files.writeString(dropped, content.substring(half), StandardOpenOption.APPEND);

        assertLoadedWhole(INBOX, "half-written.csv", whole);
    }

    @Test
    void aFileWithADoneFileIsTakenOnlyOnceItsDoneFileIsThere() throws Exception {
        Path whole = accounts(work, "marked.csv", 1500);
        String content = Files.readString(whole);
        int half = content.indexOf("Account 701,");
        Path dropped = doneFileInbox.resolve("marked.csv");
        Files.writeString(dropped, content.substring(0, half));

        // without its done file, a file that stopped growing is still not complete
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> Files.exists(dropped) && noLoadYet());
        Files.writeString(dropped, content.substring(half), StandardOpenOption.APPEND);
        Files.writeString(doneFileInbox.resolve("marked.csv.done"), "");

        assertLoadedWhole(doneFileInbox, "marked.csv", whole);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(doneFileInbox.resolve("marked.csv.done")));
    }

    @Test
    void aFileWrittenUnderATemporaryNameIsTakenOnlyOnceRenamed() throws Exception {
        Path whole = accounts(work, "renamed.csv", 1500);
        String content = Files.readString(whole);
        int half = content.indexOf("Account 701,");
        Path writing = tempNameInbox.resolve("tmp-renamed.csv");
        Files.writeString(writing, content.substring(0, half));

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> Files.exists(writing) && noLoadYet());
        Files.writeString(writing, content.substring(half), StandardOpenOption.APPEND);
        Files.move(writing, tempNameInbox.resolve("renamed.csv"));

        assertLoadedWhole(tempNameInbox, "renamed.csv", whole);
    }

    private static boolean noLoadYet() throws IOException {
        try (Stream<Path> dirs = Files.list(outbox)) {
            return dirs.findAny().isEmpty();
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertLoadedWhole(Path inbox, String name, Path whole) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve(".done/" + name)));
        Path out = outputOf(name);
        Map<String, Object> report = JSON.readValue(Files.readString(out.resolve("report.json")), Map.class);
        assertThat(report.get("outcome")).isEqualTo("COMPLETED");
        assertEveryRowAccountedFor(whole, out, report);
        assertThat(rows(out.resolve("success.csv")).stream().map(r -> r.subList(2, r.size())).toList())
                .containsExactlyElementsOf(rows(whole));
        assertOrgHoldsExactlyTheSucceeded(SIMULATOR, "Account", out);
        assertNoJobLeftOpen(SIMULATOR);
        // the next test starts with an empty outbox
        deleteTree(out);
    }

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
}
