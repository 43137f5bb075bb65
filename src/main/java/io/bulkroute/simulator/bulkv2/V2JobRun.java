package io.bulkroute.simulator.bulkv2;

import java.io.IOException;

import io.bulkroute.simulator.SimulatedOrg;
import io.bulkroute.simulator.org.BatchFailure;
import io.bulkroute.simulator.processing.BatchRun;
import io.bulkroute.simulator.processing.CsvFormat;

/**
 * A 2.0 job's processing, on a worker once the job is UploadComplete: its upload run against the org, to
 * JobComplete, or Failed whole (nothing processed). An abort stops it between chunks.
 */
final class V2JobRun {
    private final SimulatedOrg org;

    V2JobRun(SimulatedOrg org) {
        this.org = org;
    }

    void process(V2Job job) {
        synchronized (job) {
            if (!job.state.equals("UploadComplete") || job.deleted) {
                return;
            }
            job.moveTo("InProgress");
            job.processingStarted = true;
            job.runningStarted();
        }
        try {
            run(job);
        } finally {
            job.runningFinished();
        }
    }

    private void run(V2Job job) {
        long started = System.currentTimeMillis();
        try {
            if (job.upload == null) {
                fail(job, "InternalServerError : No data found for this job");
                return;
            }
            if (org.faults().batchFailure()) {
                fail(job, "InternalServerError : Simulated job failure");
                return;
            }
            String mismatch = LineEndings.mismatch(job.upload, job.lineEnding);
            if (mismatch != null) {
                fail(job, mismatch);
                return;
            }
            BatchRun.Target target = new BatchRun.Target(job.object, job.operation, job.externalIdFieldName, Long.MAX_VALUE);
            try (V2ResultSink sink = new V2ResultSink(job)) {
                BatchRun.Counts counts = org.batchRun().run(job.upload, new CsvFormat(job.delimiter()), target,
                        () -> job.state.equals("Aborted"), sink, c -> {
                            job.recordsProcessed = c.processed();
                            job.recordsFailed = c.failed();
                        });
                job.recordsProcessed = counts.processed();
                job.recordsFailed = counts.failed();
            }
            // the first batch was taken with the upload
            org.usage().takeBatches(Math.max(0, (job.recordsProcessed + 9_999) / 10_000 - 1));
            job.processingMillis = System.currentTimeMillis() - started;
            synchronized (job) {
                if (job.state.equals("InProgress")) {
                    job.moveTo("JobComplete");
                }
            }
        } catch (BatchFailure e) {
            fail(job, e.getMessage());
        } catch (IOException | RuntimeException e) {
            fail(job, "InternalServerError : " + e.getMessage());
        }
    }

    /** A job that fails whole processed nothing: its upload is all unprocessed. */
    private static void fail(V2Job job, String message) {
        synchronized (job) {
            job.errorMessage = message;
            job.recordsProcessed = 0;
            job.recordsFailed = 0;
            job.processingStarted = false;
            job.moveTo("Failed");
        }
    }
}
