package io.bulkroute.ledger;

import io.bulkroute.lifecycle.Janitor;

import static io.bulkroute.testing.TestInputs.accounts;
import static io.bulkroute.testing.TestInputs.csv;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.app.cli.CommandLine;
import io.bulkroute.app.cli.JobsCommand;
import io.bulkroute.app.cli.ResumeCommand;
import io.bulkroute.app.config.Settings;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.app.CamelRuntime;
import io.bulkroute.app.Service;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.PostgresServer;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The job ledger on H2 and on a real PostgreSQL server: what loads write, fingerprints, the janitor. */
class LedgerTest {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR);
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path work;
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    private static String postgresUrl() {
        return POSTGRES.url();
    }

    @Test
    void aLoadIsWrittenDownInPostgres() throws Exception {
        Settings s = APP.settings();
        s.set("bulk.ledger.url", postgresUrl());
        try (CamelRuntime onPostgres = new CamelRuntime(s)) {
            Path input = accounts(work, "pg.csv", 500);
            Map<String, Object> report = (Map<String, Object>) onPostgres.template().requestBodyAndHeaders("direct:bulk-load", null,
                    Map.of("bulkSource", input.toString(), "bulkObject", "Account", "bulkOperation", "insert",
                            "bulkBatchSize", "100", "bulkOutDir", work.resolve("pg").toString()));
            assertThat(report.get("outcome")).isEqualTo("COMPLETED");
            Ledger ledger = new Ledger(postgresUrl(), "postgres", "");
            LoadEntry load = ledger.loads(false).stream()
                    .filter(l -> l.loadId().equals(report.get("loadId"))).findFirst().orElseThrow();
            assertThat(load.state()).isEqualTo("COMPLETED");
            assertThat(load.sourceName()).isEqualTo("pg.csv");
            assertThat(load.request().object()).isEqualTo("Account");
            assertThat(load.request().api()).isEqualTo("v1");
            List<JobEntry> jobs = ledger.jobsOf(load.loadId());
            assertThat(jobs).singleElement().satisfies(j -> {
                assertThat(j.jobId()).isEqualTo(((List<Map<String, Object>>) report.get("jobs")).get(0).get("id"));
                assertThat(j.state()).isEqualTo("Closed");
            });
            assertThat(ledger.loads(true)).noneMatch(l -> l.loadId().equals(report.get("loadId")));
        }
    }

    @Test
    void theSameFileIsNotLoadedTwiceUnlessForced() throws Exception {
        Path input = accounts(work, "twice.csv", 20);
        Map<String, Object> first = APP.load(input, "Account", "insert", Map.of("bulkForce", "false",
                "bulkOutDir", work.resolve("first").toString()));
        assertThat(first.get("outcome")).isEqualTo("COMPLETED");
        Map<String, Object> second = APP.load(input, "Account", "insert", Map.of("bulkForce", "false",
                "bulkOutDir", work.resolve("second").toString()));
        assertThat(second.get("outcome")).isEqualTo("FAILED");
        assertThat((String) second.get("error")).contains("was already loaded by load " + first.get("loadId"), "--force");
        assertThat(SIMULATOR.records("Account")).hasSize(20);
        Map<String, Object> forced = APP.load(input, "Account", "insert", Map.of("bulkForce", "true",
                "bulkOutDir", work.resolve("forced").toString()));
        assertThat(forced.get("outcome")).isEqualTo("COMPLETED");
        assertThat(SIMULATOR.records("Account")).hasSize(40);
    }

    @Test
    void theJanitorEndsAStaleOpenJobAndLeavesALiveLoadsJobAlone() throws Exception {
        String url = "jdbc:h2:mem:janitor-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        // a load whose process is gone (its lease has run out) and a live one (lease still held)
        Ledger dead = new Ledger(url, "sa", "", "dead@host", Duration.ofSeconds(-60));
        Ledger live = new Ledger(url, "sa", "", "live@host", Duration.ofMinutes(10));
        String staleJob = SIMULATOR.openV1Job();
        String liveJob = SIMULATOR.openV1Job();
        dead.loadStarted(entry("dead-load", "a.csv"));
        dead.jobOpened("dead-load", staleJob, "v1", 0, "Open");
        live.loadStarted(entry("live-load", "b.csv"));
        live.jobOpened("live-load", liveJob, "v1", 0, "Open");

        Janitor janitor = new Janitor();
        janitor.setLedger(live);
        janitor.setOpenJobTtl("0s");
        int ended = janitor.sweep(APP.context());

        assertThat(ended).isEqualTo(1);
        Map<String, String> states = new java.util.HashMap<>();
        SIMULATOR.state().get("jobs").forEach(j -> states.put(j.get("id").asText(), j.get("state").asText()));
        assertThat(states).containsEntry(staleJob, "Aborted").containsEntry(liveJob, "Open");
        assertThat(live.jobsOf("dead-load")).singleElement().satisfies(j -> assertThat(j.state()).isEqualTo("Aborted"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Settings s = APP.settings();
        s.set("bulk.ledger.url", url);
        JobsCommand.run(CommandLine.parse(new String[] {"jobs", "--open"}), s, new PrintStream(out, true, StandardCharsets.UTF_8));
        // the dead load is unfinished (it is for resume to finish), but its job is no longer open
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("load live-load  RUNNING", "job " + liveJob + "  Open",
                "load dead-load  RUNNING", "job " + staleJob + "  Aborted");
    }

    @Test
    void ofTwoProcessesResumingAtOnceOnlyOneTakesTheLoad() throws Exception {
        for (String url : List.of("jdbc:h2:mem:claim-" + UUID.randomUUID(), postgresUrl())) {
            // crashed on another host: its lease has run out
            new Ledger(url, "postgres", "", "4711@elsewhere", Duration.ofSeconds(-60)).loadStarted(entry("crashed-" + url.hashCode(), "c.csv"));
            // held by a live process on another host
            new Ledger(url, "postgres", "", "4712@elsewhere", Duration.ofMinutes(10)).loadStarted(entry("held-" + url.hashCode(), "h.csv"));
            // crashed on this host: its process is gone, its lease has not run out yet
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            new Ledger(url, "postgres", "", gone.pid() + "@" + Ledger.host(), Duration.ofMinutes(10))
                    .loadStarted(entry("gone-" + url.hashCode(), "g.csv"));

            // an earlier run with this very pid on this host (a container's pid 1 after a restart): another start
            new Ledger(url, "postgres", "", ProcessHandle.current().pid() + "@" + Ledger.host() + "#1", Duration.ofMinutes(10))
                    .loadStarted(entry("restarted-" + url.hashCode(), "r.csv"));

            Ledger a = new Ledger(url, "postgres", "", "1@a", Duration.ofMinutes(10));
            Ledger b = new Ledger(url, "postgres", "", "2@b", Duration.ofMinutes(10));
            List<LoadEntry> ours = a.unfinishedLoads().stream().filter(l -> l.loadId().endsWith("-" + url.hashCode())).toList();
            assertThat(ours).hasSize(4);
            for (LoadEntry load : ours) {
                var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> a.claim(load));
                var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> b.claim(load));
                List<Boolean> claims = List.of(first.get(), second.get());
                if (load.loadId().startsWith("held")) {
                    assertThat(claims).as(load.loadId()).containsOnly(false);
                    assertThat(a.isAbandoned(load)).isFalse();
                } else {
                    assertThat(claims).as(load.loadId()).containsExactlyInAnyOrder(true, false);
                    LoadEntry after = a.load(load.loadId());
                    assertThat(after.owner()).isIn("1@a", "2@b");
                    // the winner's lease now says a live process has it: the other cannot take it, the winner still has it
                    Ledger winner = after.owner().equals("1@a") ? a : b;
                    Ledger loser = winner == a ? b : a;
                    assertThat(loser.isAbandoned(after)).isFalse();
                    assertThat(loser.claim(after)).isFalse();
                    assertThat(winner.claim(after)).isTrue();
                }
            }
        }
    }

    @Test
    void aLoadWhoseSourceHasChangedIsNotResumed() throws Exception {
        String url = "jdbc:h2:mem:changed-" + UUID.randomUUID();
        Path source = csv(work, "changed.csv", "Name\nA changed file\n");
        new Ledger(url, "sa", "", "4711@elsewhere", Duration.ofSeconds(-60)).loadStarted(LoadEntry.starting("changed-load",
                new LoadRequest(source, "changed.csv", "Account", "insert", null, "v1", 10_000, 10_000_000, false, 100_000_000,
                        work.resolve("out")), "changed.csv", 12, "0".repeat(64), 1));
        Settings s = APP.settings();
        s.set("bulk.ledger.url", url);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = ResumeCommand.run(CommandLine.parse(new String[] {"resume"}), s, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Load changed-load cannot be resumed: its source " + source
                + " is missing or has changed");
        // left unfinished, for whoever puts the file back
        assertThat(new Ledger(url, "sa", "").load("changed-load").state()).isEqualTo("RUNNING");
    }

    @Test
    void anUnreachableLedgerIsAClearErrorAtStart() {
        Settings s = APP.settings();
        s.set("bulk.ledger.url", "jdbc:postgresql://127.0.0.1:1/nowhere");
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            status = Service.run(s);
        } finally {
            System.setErr(original);
        }
        assertThat(status).isEqualTo(1);
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("The job ledger at jdbc:postgresql://127.0.0.1:1/nowhere cannot be reached or migrated");
    }

    private static LoadEntry entry(String loadId, String source) {
        return LoadEntry.starting(loadId, new LoadRequest(Path.of("/tmp/" + source), source, "Account", "insert", null, "v1",
                10_000, 10_000_000, false, 100_000_000, Path.of("/tmp/out-" + loadId)), source, 1, "0".repeat(64), 1);
    }
}
