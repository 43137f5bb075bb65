package io.bulkroute.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import io.bulkroute.cli.CommandLine;
import io.bulkroute.cli.ResumeCommand;
import io.bulkroute.config.Settings;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.service.CamelRuntime;
import io.bulkroute.service.EmbeddedSimulator;
import io.bulkroute.ledger.LoadEntry;
import io.bulkroute.simulator.Simulator;
import io.bulkroute.simulator.SimulatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A load killed with SIGKILL at each stage of its lifecycle, in a forked JVM, then finished by
 * {@code resume} in another: the outcome files hold exactly the input's rows, the org holds each
 * succeeded record once (no batch was sent twice), and no job is left open. Bulk 1.0 and 2.0; the
 * ledger on an H2 file here, on PostgreSQL in {@link ResumeAfterCrashOnPostgresTest}.
 */
class ResumeAfterCrashTest {
    /** Where the load is killed: when its log shows the {@code nth} line matching {@code line}. */
    enum Stage {
        V1_AFTER_OPEN("v1", "job \\S+ opened", 1),
        V1_SOME_BATCHES_SUBMITTED("v1", "batch \\d+ of \\d+ records accepted", 3),
        V1_AFTER_CLOSE("v1", "job \\S+ is Closed", 1),
        V1_WHILE_MONITORING("v1", "batches ended", 1),
        V1_WHILE_WRITING_RESULTS("v1", "results of batch \\S+ joined", 2),
        V2_AFTER_OPEN("v2", "job \\S+ opened for", 1),
        V2_SOME_JOBS_SUBMITTED("v2", "uploaded and closed", 1),
        V2_AFTER_CLOSE("v2", "uploaded and closed", 3),
        V2_WHILE_MONITORING("v2", "records processed \\(", 1),
        V2_WHILE_WRITING_RESULTS("v2", "succeeded, \\d+ failed, \\d+ unprocessed", 1);

        final String api;
        final Pattern line;
        final int nth;

        Stage(String api, String line, int nth) {
            this.api = api;
            this.line = Pattern.compile(line);
            this.nth = nth;
        }
    }

    private static final int ROWS = 1200;
    private static Simulator simulator;

    @TempDir
    Path work;

    @BeforeAll
    static void startSimulator() throws Exception {
        // processing paced, so a load spends long enough in each stage to be killed there
        simulator = new Simulator(SimulatorConfig.defaults().withRecordsPerSecond(2000)).start();
        LoadTestSupport.simulator = simulator;
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void resetOrg() throws Exception {
        simulator.reset();
        LoadTestSupport.faults("{\"latencyMs\":40}");
    }

    /** The ledger the forked processes share; a fresh one per test. */
    protected String ledgerUrl() throws Exception {
        return "jdbc:h2:file:" + work.resolve("ledger") + ";AUTO_SERVER=TRUE";
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void aLoadKilledAtEachStageIsFinishedByResume(Stage stage) throws Exception {
        String ledger = ledgerUrl();
        Path input = accounts(work.resolve("accounts.csv"));
        Path out = work.resolve("out");

        Run killed = fork(ledger, stage, "load", input.toString(), "--object", "Account", "--operation", "insert",
                "--api", stage.api, "--out", out.toString());
        assertThat(killed.killed).as("killed at %s; log:%n%s", stage, killed.log).isTrue();
        List<LoadEntry> unfinished = view(ledger).unfinishedLoads();
        assertThat(unfinished).as("the load is unfinished after the crash").hasSize(1);

        // the resume command itself, in this JVM (a second fork would only add its start-up time)
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = ResumeCommand.run(CommandLine.parse(new String[] {"resume"}), settings(ledger),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(exit).as("resume's exit status; it printed:%n%s", printed).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Load " + unfinished.get(0).loadId() + ": COMPLETED");

        assertEveryRowLoadedOnce(input, out);
        Ledger after = view(ledger);
        assertThat(after.unfinishedLoads()).isEmpty();
        assertThat(after.load(unfinished.get(0).loadId()).state()).isEqualTo("COMPLETED");
        assertThat(out.resolve(".work")).doesNotExist();
    }

    /**
     * The load fails for good (the org's daily batch allowance runs out at its fourth batch) and is killed
     * as it logs the failure, before it has ended its job: resume aborts the job, follows the batches it
     * submitted, and writes a FAILED report with every row accounted for.
     */
    @org.junit.jupiter.api.Test
    void aLoadKilledWhileFailingIsFinishedAsFailedWithItsJobAborted() throws Exception {
        String ledger = ledgerUrl();
        Path input = accounts(work.resolve("accounts.csv"));
        Path out = work.resolve("out");
        long left = simulator.org().usage().limits().get("DailyBulkApiBatches").get("Remaining");
        assertThat(simulator.org().usage().takeBatches(left - 3)).isTrue();

        Run killed = fork(ledger, Pattern.compile("failed: .*ExceededQuota"), "load", input.toString(), "--object", "Account",
                "--operation", "insert", "--out", out.toString());
        assertThat(killed.killed).as("killed; log:%n%s", killed.log).isTrue();
        String loadId = view(ledger).unfinishedLoads().get(0).loadId();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = ResumeCommand.run(CommandLine.parse(new String[] {"resume"}), settings(ledger),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(exit).as("it printed:%n%s", printed).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> report = LoadTestSupport.JSON.readValue(out.resolve("report.json").toFile(), Map.class);
        assertThat(report.get("outcome")).isEqualTo("FAILED");
        assertThat((String) report.get("error")).contains("ExceededQuota");
        LoadTestSupport.assertEveryRowAccountedFor(input, out, report);
        assertThat(LoadTestSupport.rows(out.resolve("success.csv"))).hasSize(300);
        LoadTestSupport.assertOrgHoldsExactlyTheSucceeded("Account", out);
        LoadTestSupport.assertNoJobLeftOpen();
        assertThat(LoadTestSupport.state().get("jobs")).singleElement()
                .satisfies(job -> assertThat(job.get("state").asText()).isEqualTo("Aborted"));
        assertThat(view(ledger).load(loadId).state()).isEqualTo("FAILED");
    }

    /**
     * A service killed while it loads a dropped file: the file waits in the folder's .inprogress/, the
     * restarted service finishes its load and moves it to .done/.
     */
    @org.junit.jupiter.api.Test
    void aDroppedFileWhoseServiceCrashedIsFinishedAndMovedToDone() throws Exception {
        String ledger = ledgerUrl();
        Path service = Files.createDirectories(work.resolve("service"));
        Path inbox = Files.createDirectories(service.resolve("inbox/accounts"));
        Path input = accounts(work.resolve("dropped.csv"));
        Run killed = fork(service, () -> {
            try {
                Files.copy(input, inbox.resolve("dropped.csv"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, ledger, Stage.V1_SOME_BATCHES_SUBMITTED.line, Stage.V1_SOME_BATCHES_SUBMITTED.nth, "run");
        assertThat(killed.killed).as("killed; log:%n%s", killed.log).isTrue();
        assertThat(inbox.resolve(".inprogress/dropped.csv")).exists();
        Ledger view = view(ledger);
        LoadEntry load = view.unfinishedLoads().get(0);

        try (CamelRuntime restarted = new CamelRuntime(settings(ledger), true)) {
            restarted.context();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                    .until(() -> view.load(load.loadId()).state().equals("COMPLETED"));
        }
        Path out = Path.of(load.outDir());
        assertEveryRowLoadedOnce(input, out);
        assertThat(inbox.resolve(".done/dropped.csv")).hasSameTextualContentAs(input);
        assertThat(inbox.resolve(".inprogress/dropped.csv")).doesNotExist();
    }

    @org.junit.jupiter.api.Test
    void theServiceResumesAnUnfinishedLoadWhenItStarts() throws Exception {
        String ledger = ledgerUrl();
        Path input = accounts(work.resolve("accounts.csv"));
        Path out = work.resolve("out");
        Run killed = fork(ledger, Stage.V1_SOME_BATCHES_SUBMITTED, "load", input.toString(), "--object", "Account",
                "--operation", "insert", "--out", out.toString());
        assertThat(killed.killed).as("killed; log:%n%s", killed.log).isTrue();
        Ledger view = view(ledger);
        String loadId = view.unfinishedLoads().get(0).loadId();

        try (CamelRuntime service = new CamelRuntime(settings(ledger), true)) {
            service.context();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                    .until(() -> view.load(loadId).state().equals("COMPLETED"));
        }
        assertEveryRowLoadedOnce(input, out);
    }

    /**
     * The outcome files hold exactly the input's rows, all succeeded, and the report counts them; the org
     * holds each succeeded record once (no batch was sent twice); no job is left open.
     */
    private static void assertEveryRowLoadedOnce(Path input, Path out) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> report = LoadTestSupport.JSON.readValue(out.resolve("report.json").toFile(), Map.class);
        LoadTestSupport.assertEveryRowAccountedFor(input, out, report);
        assertThat(LoadTestSupport.originalRows(out.resolve("success.csv")))
                .as("every row succeeded").containsExactlyElementsOf(LoadTestSupport.rows(input));
        LoadTestSupport.assertOrgHoldsExactlyTheSucceeded("Account", out);
        LoadTestSupport.assertNoJobLeftOpen();
    }

    private record Run(boolean killed, int exit, String log) {
    }

    /** The test's own view of the ledger. */
    private static Ledger view(String url) {
        return new Ledger(url, url.startsWith("jdbc:postgresql") ? "postgres" : "", "", "test", java.time.Duration.ofMinutes(1));
    }

    /** The settings the forked load ran with. */
    private Settings settings(String ledger) {
        Settings s = Settings.load("dev");
        s.set("simulator.enabled", "false");
        s.set(EmbeddedSimulator.LOGIN_URL, simulator.baseUrl());
        s.set("bulk.ledger.url", ledger);
        s.set("bulk.ledger.user", ledger.startsWith("jdbc:postgresql") ? "postgres" : "");
        s.set("bulk.dead-letter-uri", "file:" + work.resolve("dead-letter"));
        SETTINGS.forEach(s::set);
        return s;
    }

    private static final Map<String, String> SETTINGS = Map.of("bulk.poll.initial-delay", "100", "bulk.poll.max-delay", "400",
            "bulk.batch-size", "100", "bulk.v2.job-max-bytes", "15000", "bulk.upload-parallelism", "2");

    /** Runs the command line in a forked JVM; killed with SIGKILL at {@code stage} (null: runs to its end). */
    private Run fork(String ledger, Stage stage, String... args) throws Exception {
        return fork(ledger, stage == null ? null : stage.line, stage == null ? 0 : stage.nth, args);
    }

    private Run fork(String ledger, Pattern killAt, String... args) throws Exception {
        return fork(ledger, killAt, 1, args);
    }

    /** Runs the command line in a forked JVM; killed with SIGKILL at the {@code nth} line matching {@code killAt}. */
    private Run fork(String ledger, Pattern killAt, int nth, String... args) throws Exception {
        return fork(null, null, ledger, killAt, nth, args);
    }

    /**
     * @param directory the working directory (null: this one's)
     * @param whenStarted called once the process logs that it runs (a service), e.g. to drop a file
     */
    private Run fork(Path directory, Runnable whenStarted, String ledger, Pattern killAt, int nth, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dbulk.dead-letter-uri=file:" + work.resolve("dead-letter")));
        SETTINGS.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.bulkroute.Bulkroute"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.environment().put("SIMULATOR_ENABLED", "false");
        pb.environment().put("BULK_LEDGER_URL", ledger);
        pb.environment().put("BULK_LEDGER_USER", ledger.startsWith("jdbc:postgresql") ? "postgres" : "");
        pb.environment().put("CAMEL_COMPONENT_SALESFORCE_LOGIN_URL", simulator.baseUrl());
        Process process = pb.start();
        StringBuilder log = new StringBuilder();
        AtomicInteger matches = new AtomicInteger();
        CompletableFuture<Boolean> killed = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                    if (whenStarted != null && line.contains("bulkroute is running")) {
                        whenStarted.run();
                    }
                    if (killAt != null && killAt.matcher(line).find() && matches.incrementAndGet() == nth) {
                        process.destroyForcibly();
                        return true;
                    }
                }
                return false;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        boolean ended = process.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        boolean wasKilled = killed.get(30, TimeUnit.SECONDS);
        synchronized (log) {
            assertThat(ended).as("the process ends; log:%n%s", log).isTrue();
            return new Run(wasKilled, process.exitValue(), log.toString());
        }
    }

    /** Accounts with unique names (the org must hold each once), quoting that must survive the cut. */
    private static Path accounts(Path file) throws Exception {
        StringBuilder csv = new StringBuilder("Name,Industry,NumberOfEmployees,Description\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append("Crash ").append(i).append(",Energy,").append(i % 500).append(",\"row ").append(i)
                    .append(", with \"\"quotes\"\"\nand a newline\"\n");
        }
        Files.writeString(file, csv.toString());
        return file;
    }
}
