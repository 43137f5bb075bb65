package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.assertEveryRowAccountedFor;
import static io.bulkroute.testing.OutcomeAssertions.assertNoJobLeftOpen;
import static io.bulkroute.testing.TestInputs.accounts;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.bulkroute.simulator.CallLog;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion signal in practice: the job is closed once, after the last batch was accepted and
 * before monitoring ends; batches already queued go on processing after the close.
 */
class CallOrderTest {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR);
    @TempDir
    Path work;

    @Test
    void closeComesAfterTheLastBatchIsAcceptedAndBeforeMonitoringEnds() throws Exception {
        SIMULATOR.org().pacer().setRate(5_000);
        Path input = accounts(work, "order.csv", 3_000);
        Map<String, Object> report = APP.load(input, "Account", "insert", Map.of("bulkBatchSize", "250"));
        assertThat(report.get("outcome")).isEqualTo("COMPLETED");

        List<String> calls = SIMULATOR.calls().stream().map(CallLog.Call::toString).toList();
        String job = "/services/async/62.0/job/" + ((List<Map<String, Object>>) report.get("jobs")).get(0).get("id");
        int firstBatch = indexOfFirst(calls, "POST " + job + "/batch 201");
        int lastBatch = indexOfLast(calls, "POST " + job + "/batch 201");
        int close = indexOfFirst(calls, "POST " + job + " 200");
        int lastPoll = indexOfLast(calls, "GET " + job + "/batch 200");
        int firstResult = indexOfFirst(calls, "GET " + job + "/batch/");

        assertThat(calls.stream().filter(c -> c.startsWith("POST " + job + "/batch 201"))).hasSize(12);
        assertThat(calls.stream().filter(c -> c.equals("POST " + job + " 200"))).as("closed exactly once").hasSize(1);
        assertThat(firstBatch).isGreaterThan(calls.indexOf("POST /services/async/62.0/job 201"));
        assertThat(close).as("close after the last batch was accepted").isGreaterThan(lastBatch);
        assertThat(lastPoll).as("monitoring goes on after the close").isGreaterThan(close);
        assertThat(firstResult).as("results after monitoring").isGreaterThan(lastPoll);
        assertEveryRowAccountedFor(input, work.resolve("out"), report);
        assertNoJobLeftOpen(SIMULATOR);
    }

    private static int indexOfFirst(List<String> calls, String prefix) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no call " + prefix + " in " + calls);
    }

    private static int indexOfLast(List<String> calls, String prefix) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no call " + prefix + " in " + calls);
    }
}
