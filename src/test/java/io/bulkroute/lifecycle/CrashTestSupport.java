package io.bulkroute.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
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

import io.bulkroute.app.config.Settings;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.app.EmbeddedSimulator;
import io.bulkroute.simulator.SimulatorConfig;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash tests: a load run by the command line in a forked JVM, killed with SIGKILL when its log shows a
 * given line, then finished by {@code resume} (or a restarted service). The simulator runs in this JVM,
 * its processing paced so that a load spends long enough in each stage to be killed there.
 */
abstract class CrashTestSupport {
    static final int ROWS = 1200;
    /** Processing paced, so that a load spends long enough in each stage to be killed there. */
    @RegisterExtension
    static final SimulatorExtension SIMULATOR = new SimulatorExtension(SimulatorConfig.defaults().withRecordsPerSecond(2000))
            .withFaultsBeforeEach("{\"latencyMs\":40}");

    @TempDir
    Path work;

    /**
     * The ledger the forked processes share; a fresh one per test. Outside the test's @TempDir: this JVM's views
     * keep the H2 database open, and its files may still change while JUnit deletes that folder.
     */
    protected String ledgerUrl() throws Exception {
        return "jdbc:h2:file:" + java.nio.file.Files.createTempDirectory("bulkroute-ledger").resolve("ledger") + ";AUTO_SERVER=TRUE";
    }

    record Run(boolean killed, int exit, String log) {
    }

    /** The test's own view of the ledger. */
    static Ledger view(String url) {
        return new Ledger(url, url.startsWith("jdbc:postgresql") ? "postgres" : "", "", "test", java.time.Duration.ofMinutes(1));
    }

    /** The settings the forked load ran with. */
    Settings settings(String ledger) {
        Settings s = Settings.load("dev");
        s.set("simulator.enabled", "false");
        s.set(EmbeddedSimulator.LOGIN_URL, SIMULATOR.baseUrl());
        s.set("bulk.ledger.url", ledger);
        s.set("bulk.ledger.user", ledger.startsWith("jdbc:postgresql") ? "postgres" : "");
        s.set("bulk.dead-letter-uri", "file:" + work.resolve("dead-letter"));
        SETTINGS.forEach(s::set);
        return s;
    }

    private static final Map<String, String> SETTINGS = Map.of("bulk.poll.initial-delay", "100", "bulk.poll.max-delay", "400",
            "bulk.batch-size", "100", "bulk.v2.job-max-bytes", "15000", "bulk.upload-parallelism", "2");


    Run fork(String ledger, Pattern killAt, String... args) throws Exception {
        return fork(ledger, killAt, 1, args);
    }

    /** Runs the command line in a forked JVM; killed with SIGKILL at the {@code nth} line matching {@code killAt}. */
    Run fork(String ledger, Pattern killAt, int nth, String... args) throws Exception {
        return fork(null, null, ledger, killAt, nth, args);
    }

    /**
     * @param directory the working directory (null: this one's)
     * @param whenStarted called once the process logs that it runs (a service), e.g. to drop a file
     */
    Run fork(Path directory, Runnable whenStarted, String ledger, Pattern killAt, int nth, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dbulk.dead-letter-uri=file:" + work.resolve("dead-letter")));
        SETTINGS.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.bulkroute.app.Bulkroute"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.environment().put("SIMULATOR_ENABLED", "false");
        pb.environment().put("BULK_LEDGER_URL", ledger);
        pb.environment().put("BULK_LEDGER_USER", ledger.startsWith("jdbc:postgresql") ? "postgres" : "");
        pb.environment().put("CAMEL_COMPONENT_SALESFORCE_LOGIN_URL", SIMULATOR.baseUrl());
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
    static Path accounts(Path file) throws Exception {
        StringBuilder csv = new StringBuilder("Name,Industry,NumberOfEmployees,Description\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append("Crash ").append(i).append(",Energy,").append(i % 500).append(",\"row ").append(i)
                    .append(", with \"\"quotes\"\"\nand a newline\"\n");
        }
        Files.writeString(file, csv.toString());
        return file;
    }
}
