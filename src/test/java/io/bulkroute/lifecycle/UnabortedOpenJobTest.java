package io.bulkroute.lifecycle;

import static io.bulkroute.testing.OutcomeAssertions.assertNoJobLeftOpen;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.bulkroute.model.JobRef;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.model.PollBackoff;
import io.bulkroute.salesforce.LostJobSweeper;
import io.bulkroute.salesforce.RetryPolicy;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.SimulatorExtension;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2.0 job still Open when its load fails is aborted; if the abort cannot get through (Salesforce answering 503
 * to every call), the job would stay Open for good, since an Open job is never processed. Its load is left
 * unfinished instead, and the failed load's end that its resume runs aborts the job once Salesforce answers
 * again (seen once in fifty loads under faults: a load ended FAILED with its job Open).
 */
class UnabortedOpenJobTest {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR);
    @TempDir
    Path work;

    @Test
    void anOpenJobThatCannotBeAbortedLeavesItsLoadUnfinishedAndResumeAbortsIt() throws Exception {
        CamelContext camel = APP.context();
        LoadRequest request = new LoadRequest(work.resolve("accounts.csv"), "accounts.csv", "Account", "insert", null,
                "v2", 10_000, 10_000_000, false, 100_000_000, work.resolve("out"));
        LoadContext load = new LoadContext("unaborted-open-job", request, new PollBackoff(50, 2, 400));
        JobRef ref = load.addJob(new JobRef(0, 10, 2, work.resolve("job-00000.csv")));
        ref.setId(SIMULATOR.openV2Job());
        // the same calls as the load's, tried once: the faults below outlast any number of attempts
        Bulk2Jobs once = new Bulk2Jobs();
        once.setRetryPolicy(RetryPolicy.ONCE);
        once.setSweeper(new LostJobSweeper());

        SIMULATOR.faults("{\"http503Rate\":1.0}");
        once.abort(camel, load, ref);

        assertThat(SIMULATOR.job(ref.getId()).get("state").asText()).isEqualTo("Open");
        assertThat(load.isLeftForResume()).as("the load stays unfinished").isTrue();

        SIMULATOR.faults("{}");
        camel.getRegistry().lookupByNameAndType("bulk2", Bulk2JobSteps.class).abortUnfinished(load, camel);

        assertThat(SIMULATOR.job(ref.getId()).get("state").asText()).isEqualTo("Aborted");
        assertNoJobLeftOpen(SIMULATOR);
    }
}
