package io.bulkroute.simulator;

import io.bulkroute.simulator.fault.FaultInjector;
import io.bulkroute.simulator.org.OrgStore;
import io.bulkroute.simulator.processing.BatchRun;
import io.bulkroute.simulator.processing.RecordPacer;
import io.bulkroute.simulator.processing.Spool;
import io.bulkroute.simulator.processing.Workers;

/** Everything the APIs share: the org's data, its processing, its faults, its allowances. */
public record SimulatedOrg(OrgStore store, FaultInjector faults, RecordPacer pacer, Workers workers, Spool spool,
                           ApiUsage usage, String orgId, String userId, JobIds jobIds) {

    public BatchRun batchRun() {
        return new BatchRun(store, faults, pacer);
    }

    public String newJobId() {
        return jobIds.next("750");
    }

    public String newBatchId() {
        return jobIds.next("751");
    }
}
