package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.rows;
import static io.bulkroute.testing.TestInputs.accounts;
import static io.bulkroute.testing.TestInputs.csv;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bulkroute.app.cli.CommandLine;
import io.bulkroute.app.cli.LoadCommand;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What {@code load} does with its output folder and with input it refuses, and what it prints. */
class CommandLineOutputTest {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR);
    @TempDir
    Path work;

    /** What a run printed: its summary (stdout) and its log (stderr). */
    private record Run(int status, String out, String log, Duration took) {
    }

    private Run run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        Instant start = Instant.now();
        try {
            int status = LoadCommand.run(CommandLine.parse(args), APP.settings(), new PrintStream(out, true, StandardCharsets.UTF_8));
            return new Run(status, out.toString(StandardCharsets.UTF_8), log.toString(StandardCharsets.UTF_8),
                    Duration.between(start, Instant.now()));
        } finally {
            System.setErr(err);
        }
    }

    private Run insert(Path input, Path out, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("load", input.toString(), "--object", "Account",
                "--operation", "insert", "--out", out.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void aFolderHoldingOutcomeFilesIsRefusedUnlessForced() throws Exception {
        Path out = work.resolve("out");
        assertThat(insert(accounts(work, "first.csv", 3), out).status).isZero();
        String firstSuccess = Files.readString(out.resolve("success.csv"));
        Path second = accounts(work, "second.csv", 5);

        Run refused = insert(second, out);
        assertThat(refused.status).isEqualTo(1);
        assertThat(refused.out).isEqualTo("bulkroute: the output folder " + out.toAbsolutePath() + " holds outcome files"
                + " (success.csv, failed.csv, unprocessed.csv, report.json): choose another folder, or write over them with --force"
                + System.lineSeparator());
        assertThat(Files.readString(out.resolve("success.csv"))).isEqualTo(firstSuccess);
        assertThat(SIMULATOR.records("Account")).hasSize(3);

        Run forced = insert(second, out, "--force");
        assertThat(forced.status).isZero();
        assertThat(rows(out.resolve("success.csv"))).hasSize(5);
    }

    @Test
    void theInputIsNeverWrittenOverEvenWithForce() throws Exception {
        Path out = Files.createDirectories(work.resolve("out"));
        Path input = Files.copy(accounts(work, "accounts.csv", 4), out.resolve("success.csv"));
        String content = Files.readString(input);

        Run r = insert(input, out, "--force");
        assertThat(r.status).isEqualTo(1);
        assertThat(r.out).isEqualTo("bulkroute: the output folder " + out.toAbsolutePath() + " holds the input as success.csv,"
                + " which the load would write over: choose another folder" + System.lineSeparator());
        assertThat(Files.readString(input)).isEqualTo(content);
        assertThat(SIMULATOR.state().get("jobs")).isEmpty();
    }

    @Test
    void anOutputFolderThatCannotBeMadeFailsAtOnceInOneLine() throws Exception {
        Path input = accounts(work, "accounts.csv", 2);
        Path file = Files.writeString(work.resolve("a-file"), "x");

        Run isAFile = insert(input, file);
        assertThat(isAFile.status).isEqualTo(1);
        assertThat(isAFile.out).isEqualTo("bulkroute: the output folder " + file.toAbsolutePath() + " is a file" + System.lineSeparator());
        assertThat(isAFile.took).isLessThan(Duration.ofSeconds(5));

        Run underAFile = insert(input, file.resolve("out"));
        assertThat(underAFile.status).isEqualTo(1);
        assertThat(underAFile.out).isEqualTo("bulkroute: the output folder " + file.resolve("out").toAbsolutePath()
                + " cannot be made: " + file.resolve("out").toAbsolutePath() + ": Not a directory" + System.lineSeparator());
        assertThat(underAFile.took).isLessThan(Duration.ofSeconds(5));
        assertThat(SIMULATOR.state().get("jobs")).isEmpty();
    }

    @Test
    void anOutboxThatCannotBeMadeFailsTheLoadWithoutRetries() throws Exception {
        Path file = Files.writeString(work.resolve("a-file"), "x");
        Instant start = Instant.now();
        Map<String, Object> report = APP.load(accounts(work, "accounts.csv", 2), "Account", "insert",
                Map.of("bulkOutDir", file.resolve("out").toString()));
        assertThat(report.get("outcome")).isEqualTo("FAILED");
        assertThat((String) report.get("error")).isEqualTo("the output folder " + file.resolve("out").toAbsolutePath()
                + " cannot be made: " + file.resolve("out").toAbsolutePath() + ": Not a directory");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void duplicateColumnNamesAreBadInputAndTheSummaryListsOnlyWhatWasWritten() throws Exception {
        Path input = csv(work, "dup.csv", "Name,Industry,name\nAcme,Energy,Acme 2\n");
        Path out = work.resolve("out");
        Run r = insert(input, out);
        assertThat(r.status).isEqualTo(1);
        assertThat(r.out).contains("dup.csv, line 1: the header names column name twice (columns 1 and 3)")
                .contains("outcome files: " + out.toAbsolutePath() + "/report.json")
                .doesNotContain("success.csv", "failed.csv", "unprocessed.csv");
        assertThat(Files.exists(out.resolve("success.csv"))).isFalse();
        assertThat(SIMULATOR.state().get("jobs")).isEmpty();
    }

    @Test
    void aNulByteIsBadInputNamingItsLine() throws Exception {
        Path input = csv(work, "nul.csv", "Name,Description\nAcme,fine\nGlobex,bad\0value\n");
        Map<String, Object> report = APP.load(input, "Account", "insert", Map.of());
        assertThat(report.get("outcome")).isEqualTo("FAILED");
        assertThat(report.get("error")).isEqualTo("nul.csv, line 3: the value of column Description holds a NUL byte");
        assertThat(SIMULATOR.state().get("jobs")).isEmpty();
        assertThat(SIMULATOR.records("Account")).isEmpty();
    }

    @Test
    void controlCharactersInAFileNameArePrintedEscaped() throws Exception {
        Path input = accounts(work, "evil\n\u001b[31mred.csv", 2);
        Run r = insert(input, work.resolve("out"));
        assertThat(r.status).isZero();
        String escaped = "evil\\n\\u001b[31mred.csv";
        assertThat(r.out).contains("from " + work.resolve(escaped));
        assertThat(r.log).contains("from " + work.resolve(escaped));
        for (String printed : List.of(r.out, r.log)) {
            assertThat(printed).doesNotContain("\u001b").doesNotContain("evil\n");
        }
    }
}
