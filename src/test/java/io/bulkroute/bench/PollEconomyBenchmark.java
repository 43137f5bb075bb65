package io.bulkroute.bench;

import static io.bulkroute.testing.TestInputs.accounts;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bulkroute.app.CamelRuntime;
import io.bulkroute.app.config.Settings;
import io.bulkroute.simulator.CallLog;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * API economy (issue 12): a job Salesforce takes 10 minutes over costs at most 30 status calls and its end is
 * noticed within 5 % of its length. The job and the shipped backoff (200 ms doubling to a 28 s cap) are both
 * scaled down {@value #SCALE} times, which keeps the shape: the same number of polls, the same lag in proportion.
 * The lag is from the moment the simulator ended the job's processing ({@code processingEndedAt}) to the poll that
 * saw it ended.
 * Run: {@code mvn -B test -Dgroups=benchmark -DexcludedGroups=none -Dtest=PollEconomyBenchmark}
 */
@Tag("benchmark")
class PollEconomyBenchmark {
    private static final int SCALE = 20;
    private static final Duration JOB = Duration.ofMinutes(10).dividedBy(SCALE);
    /** Enough that the job's count moves every 0.2 s (the simulator processes 200 records at a time), as a real one's does. */
    private static final int ROWS = 30_000;

    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR).withoutRuntime();
    @TempDir
    Path work;

    @Test
    void aTenMinuteJobCostsAtMostThirtyStatusCalls() throws Exception {
        Settings s = APP.settings();
        s.set("bulk.poll.initial-delay", String.valueOf(200 / SCALE));
        s.set("bulk.poll.multiplier", "2");
        s.set("bulk.poll.max-delay", String.valueOf(28_000 / SCALE));
        s.set("bulk.batch-size", "1000");
        try (CamelRuntime app = new CamelRuntime(s)) {
            app.context();
            for (String api : List.of("v2", "v1")) {
                SIMULATOR.reset();
                SIMULATOR.org().pacer().setRate(ROWS / JOB.toSeconds());
                Path input = accounts(work, api + ".csv", ROWS);
                Map<?, ?> report = (Map<?, ?>) app.template().requestBodyAndHeaders("direct:bulk-load", null,
                        Map.of("bulkSource", input.toString(), "bulkObject", "Account", "bulkOperation", "insert",
                                "bulkApi", api, "bulkOutDir", work.resolve(api).toString()));
                assertThat(report.get("outcome")).isEqualTo("COMPLETED");
                List<CallLog.Call> polls = SIMULATOR.calls().stream().filter(c -> isStatusPoll(c, api)).toList();
                Instant ended = Instant.parse(SIMULATOR.jobs().get(0).get("processingEndedAt").asText());
                Duration lag = Duration.between(ended, polls.get(polls.size() - 1).at());
                System.out.printf("Bulk %s, a %d s job (10 min / %d): %d status calls (goal <= 30); its end noticed %d ms"
                        + " after it = %.1f %% of its length (goal <= 5 %%)%n", api, JOB.toSeconds(), SCALE, polls.size(),
                        lag.toMillis(), 100.0 * lag.toMillis() / JOB.toMillis());
                assertThat(polls.size()).as("status calls").isLessThanOrEqualTo(30);
                assertThat(lag).as("lag").isLessThanOrEqualTo(JOB.dividedBy(20));
            }
        }
    }

    /** Bulk 2.0 polls the job; Bulk 1.0 polls the job's batch list. */
    private static boolean isStatusPoll(CallLog.Call call, String api) {
        return call.method().equals("GET") && (api.equals("v2")
                ? call.path().matches(".*/jobs/ingest/[^/]+")
                : call.path().matches(".*/job/[^/]+/batch"));
    }
}
