package io.bulkroute.model;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.bulkroute.model.PollBackoff;
import io.bulkroute.model.Api;
import io.bulkroute.model.LoadLedger;
import io.bulkroute.model.OutcomeSink;

/**
 * The state of one running load, carried by its exchange as the property {@code load}: its request and source,
 * its jobs (Bulk 1.0 {@link V1Job}s or 2.0 {@link JobRef}s) and the pieces of the input they carry, the outcome files
 * being written, the API calls made, and the error if it failed.
 */
public final class LoadContext {
    public static final String PROPERTY = "load";

    private final String loadId;
    private final LoadRequest request;
    private final Instant startedAt;
    private final List<BatchRef> batches = new ArrayList<>();
    private final List<io.bulkroute.model.JobRef> jobs = new ArrayList<>();
    private final List<V1Job> v1Jobs = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong recordsCut = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicInteger apiCalls = new AtomicInteger();
    private volatile OutcomeSink outcomes;
    private final PollBackoff backoff;
    private volatile long totalRecords;
    private volatile String error;
    private volatile Instant finishedAt;
    private volatile Instant submittedAt;
    private volatile Instant createJobAnswerLostSince;
    private volatile LoadFailedException stepFailure;

    private volatile boolean resumed;
    private volatile boolean leftForResume;
    private volatile io.bulkroute.model.SourceSnapshot snapshot;
    private volatile java.util.List<Batch> cutAhead;

    public LoadContext(String loadId, LoadRequest request, PollBackoff backoff) {
        this(loadId, request, backoff, Instant.now());
    }

    public LoadContext(String loadId, LoadRequest request, PollBackoff backoff, Instant startedAt) {
        this.loadId = loadId;
        this.request = request;
        this.backoff = backoff;
        this.startedAt = startedAt;
    }

    /**
     * Whether the load is to stay unfinished in the ledger, with its spools, for {@code resume} to end: some
     * results could not be read (their rows are unprocessed for now; resume reads them and writes the outcome
     * again), the sweep for jobs lost creates opened could not get through, or a job still Open could not be
     * aborted. The report says how the load went; the resume ends what is left.
     */
    public boolean isLeftForResume() {
        return leftForResume;
    }

    public void leaveForResume() {
        this.leftForResume = true;
    }

    /**
     * Results that could not be read are not read again: a record stream is not resumed for them (its recovery takes
     * up running streams only), so their rows stay unprocessed, the load fails, and the ledger has it finished.
     */
    public void resultsGivenUp() {
        this.leftForResume = false;
    }

    /** Whether this load was begun by a process that is gone, and picked up from the ledger. */
    public boolean isResumed() {
        return resumed;
    }

    public void setResumed(boolean resumed) {
        this.resumed = resumed;
    }

    /** The source as its check read it: what the load reads of it, and verifies it still is. */
    public io.bulkroute.model.SourceSnapshot getSnapshot() {
        return snapshot;
    }

    public void setSnapshot(io.bulkroute.model.SourceSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** A 2.0 load's jobs, cut while its input was checked, of exactly the checked bytes; null: not cut yet. */
    public java.util.List<Batch> getCutAhead() {
        return cutAhead;
    }

    public void setCutAhead(java.util.List<Batch> pieces) {
        this.cutAhead = pieces;
    }

    /** Once the input has been checked: how many records it holds, and where their outcome goes. */
    public void setInput(long totalRecords, OutcomeSink outcomes) {
        this.totalRecords = totalRecords;
        this.outcomes = outcomes;
    }

    public String getLoadId() {
        return loadId;
    }

    private volatile LoadLedger ledger;

    /** Where this load's jobs and batches are written down (never null once the load has begun). */
    public LoadLedger ledger() {
        return ledger;
    }

    public void setLedger(LoadLedger ledger) {
        this.ledger = ledger;
    }

    public String getApi() {
        return request.api();
    }

    public LoadRequest getRequest() {
        return request;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public void finished() {
        finishedAt = Instant.now();
    }

    public long getTotalRecords() {
        return totalRecords;
    }

    /**
     * Bulk 2.0: when the first {@code bulk2CreateJob} call whose answer never came was made (the load's jobs are
     * swept for orphans together, see Bulk2JobSteps); a 1.0 job keeps its own ({@link V1Job#createAnswerLost}).
     */
    public Instant getCreateJobAnswerLostSince() {
        return createJobAnswerLostSince;
    }

    /**
     * Kept in the ledger too: a load whose sweep for such jobs could not get through is left unfinished, and the
     * resume that ends it must still know to look for them.
     */
    public synchronized void createJobAnswerLost(Instant attemptedAt) {
        if (createJobAnswerLostSince == null || attemptedAt.isBefore(createJobAnswerLostSince)) {
            createJobAnswerLostSince = attemptedAt;
            if (ledger != null) {
                ledger.createAnswerLost(loadId, attemptedAt);
            }
        }
    }

    public void orphansHandled() {
        createJobAnswerLostSince = null;
    }

    /**
     * The first step inside a split (a batch's upload, a batch's results) that failed for good, or null.
     * The split goes on without sending more; once it has returned, the load fails with this.
     */
    public LoadFailedException getStepFailure() {
        return stepFailure;
    }

    public synchronized boolean stepFailed(LoadFailedException failure) {
        if (stepFailure != null) {
            return false;
        }
        stepFailure = failure;
        return true;
    }

    public String getError() {
        return error;
    }

    public void failed(String reason) {
        if (error == null) {
            error = reason;
        }
    }

    public boolean isFailed() {
        return error != null;
    }

    /**
     * The Bulk 1.0 job being opened or filled: the latest one, a first one made when there is none yet; null for
     * a 2.0 load.
     */
    public synchronized V1Job getV1Job() {
        if (Api.V2.is(getApi())) {
            return null;
        }
        return v1Jobs.isEmpty() ? addV1Job(new V1Job()) : v1Jobs.get(v1Jobs.size() - 1);
    }

    /** A record stream's job to open: the latest while it was never opened, else a new one. */
    public synchronized V1Job getNextV1Job() {
        V1Job latest = getV1Job();
        return latest.getId() == null ? latest : addV1Job(new V1Job());
    }

    /** A Bulk 1.0 job of this load; what happens to it is written to the load's ledger. */
    public synchronized V1Job addV1Job(V1Job job) {
        v1Jobs.add(job);
        job.listen(new V1Job.Listener() {
            @Override
            public void stateChanged(V1Job j) {
                if (ledger != null) {
                    ledger.jobState(j.getId(), j.getState());
                }
            }

            @Override
            public void createAnswerLost(Instant attemptedAt) {
                if (ledger != null) {
                    ledger.createAnswerLost(loadId, attemptedAt);
                }
            }
        });
        return job;
    }

    /** The Bulk 1.0 jobs, oldest first. */
    public synchronized List<V1Job> getV1Jobs() {
        return new ArrayList<>(v1Jobs);
    }

    /** A piece of the input cut into a Bulk 1.0 batch (the job it goes to holds it too). */
    public synchronized BatchRef addBatch(BatchRef batch) {
        batches.add(batch);
        return batch;
    }

    /** Bulk 2.0: the jobs the input was cut into, in input order. */
    public synchronized io.bulkroute.model.JobRef addJob(io.bulkroute.model.JobRef job) {
        return addJob(job, true);
    }

    /** @param cut whether the piece is new (written to the ledger), or one the ledger holds from before a crash */
    public synchronized io.bulkroute.model.JobRef addJob(io.bulkroute.model.JobRef job, boolean cut) {
        jobs.add(job);
        if (ledger != null) {
            if (cut) {
                ledger.batchCut(loadId, job.getIndex(), job.getRecords(), job.getFirstLine(), job.getSpool().toString());
            }
            // a job is written down when it is first seen with an id, and each change of its state after that
            job.setListener((j, before) -> {
                if ("Unopened".equals(before)) {
                    ledger.jobOpened(loadId, j.getId(), Api.V2.configName(), j.getIndex(), j.getState());
                } else {
                    ledger.jobState(j.getId(), j.getState());
                }
            });
        }
        return job;
    }

    /** The 2.0 job of the {@code index}-th piece of the input (from 1), or null when it has not been cut yet. */
    public synchronized io.bulkroute.model.JobRef jobOfPiece(int index) {
        return index <= jobs.size() ? jobs.get(index - 1) : null;
    }

    /** The 1.0 batch of the {@code index}-th piece of the input (from 1), or null when it has not been cut yet. */
    public synchronized BatchRef batchOfPiece(int index) {
        return index <= batches.size() ? batches.get(index - 1) : null;
    }

    public synchronized List<io.bulkroute.model.JobRef> getJobs() {
        return new ArrayList<>(jobs);
    }

    /** Records cut into batches or jobs so far: the rest of the input was never submitted. */
    public long getRecordsCut() {
        return recordsCut.get();
    }

    public void cut(long records) {
        recordsCut.addAndGet(records);
    }

    public synchronized List<BatchRef> getBatches() {
        return new ArrayList<>(batches);
    }

    public synchronized int getBatchCount() {
        return batches.size();
    }

    /** The completion signal was reached: every batch was accepted. */
    public void allSubmitted() {
        this.submittedAt = Instant.now();
    }

    /** When the completion signal was reached (every batch accepted), or null. */
    public Instant getSubmittedAt() {
        return submittedAt;
    }

    public int countApiCall() {
        return apiCalls.incrementAndGet();
    }

    public int getApiCalls() {
        return apiCalls.get();
    }

    public OutcomeSink getOutcomes() {
        return outcomes;
    }

    public PollBackoff getBackoff() {
        return backoff;
    }

    public Path getOutDir() {
        return request.outDir();
    }

    public Outcome getOutcome() {
        // a failed load whose jobs are still being ended and followed is not over yet: its outcome files come last
        if (error != null) {
            return finishedAt == null && outcomes != null ? Outcome.RUNNING : Outcome.FAILED;
        }
        if (finishedAt == null) {
            return Outcome.RUNNING;
        }
        return outcomes != null && outcomes.succeeded() == totalRecords ? Outcome.COMPLETED : Outcome.COMPLETED_WITH_ERRORS;
    }
}
