package io.bulkroute.lifecycle;

import static io.bulkroute.testing.TestInputs.accounts;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
 * Status polls back off exponentially: a job that runs eight times longer costs a few more polls,
 * not eight times as many. The polls are what the report's apiCalls counts beyond the fixed calls.
 */
class PollingBackoffTest {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR).withoutRuntime();
    @TempDir
    Path work;
    private static CamelRuntime defaults;

    /** The shipped backoff (doubling, 28 s cap) from a fast first poll, not the tests' short cap. */
    @BeforeAll
    static void startWithShippedBackoff() throws Exception {
        Settings s = APP.settings();
        s.set("bulk.poll.max-delay", "28000");
        defaults = new CamelRuntime(s);
        defaults.context();
    }

    @AfterAll
    static void stopIt() {
        defaults.close();
    }

    @Test
    void pollsGrowWithTheLogarithmOfTheJobsDuration() throws Exception {
        long shortJob = polls(2_000, "short");
        long longJob = polls(250, "long");
        // 50 ms doubling: ~1 s of processing needs about 5 polls, ~8 s about 8; polling every 50 ms would need 20 and 160
        assertThat(shortJob).isBetween(2L, 8L);
        assertThat(longJob).isLessThanOrEqualTo(shortJob + 5).isLessThan(14L);
    }

    private long polls(long recordsPerSecond, String name) throws Exception {
        SIMULATOR.reset();
        SIMULATOR.org().pacer().setRate(recordsPerSecond);
        Path input = accounts(work, name + ".csv", 2_000);
        Map<String, Object> report = (Map<String, Object>) defaults.template().requestBodyAndHeaders("direct:bulk-load", null,
                Map.of("bulkSource", input.toString(), "bulkObject", "Account", "bulkOperation", "insert",
                        "bulkBatchSize", "1000", "bulkOutDir", work.resolve(name).toString()));
        assertThat(report.get("outcome")).isEqualTo("COMPLETED");
        long batches = ((Number) ((List<Map<String, Object>>) report.get("jobs")).get(0).get("batches")).longValue();
        // createJob, closeJob, getJob, and per batch createBatch and getResults
        long fixed = 3 + 2 * batches;
        return ((Number) report.get("apiCalls")).longValue() - fixed;
    }
}
