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
 * The state of one running load, carried by its exchange as the property {@code load}: the job,
 * its batches, the outcome files being written, the API calls made, and the error if it failed.
 */
public final class LoadContext {
    public static final String PROPERTY = "load";

    private final String loadId;
    private final LoadRequest request;
    private final Instant startedAt;
    private final List<BatchRef> batches = new ArrayList<>();
    private final List<io.bulkroute.model.JobRef> jobs = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong recordsCut = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicInteger apiCalls = new AtomicInteger();
    private volatile OutcomeSink outcomes;
    private final PollBackoff backoff;
    private volatile long totalRecords;
    private volatile String jobId;
    private volatile String jobState;
    private volatile String error;
    private volatile Instant finishedAt;
    private volatile Instant submittedAt;
    private volatile String jobCreatedById;
    private volatile Instant createJobAnswerLostSince;
    private volatile String jobEndedBeforeSubmission;
    private volatile LoadFailedException stepFailure;

    private volatile boolean resumed;
    private volatile boolean resultsUnread;
    private volatile io.bulkroute.model.SourceSnapshot snapshot;

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
     * Whether some results could not be read (their retries ran out): the rows are unprocessed for now, and the
     * load stays unfinished in the ledger, with its spools, so {@code resume} reads them and writes the outcome again.
     */
    public boolean isResultsUnread() {
        return resultsUnread;
    }

    public void resultsUnread() {
        this.resultsUnread = true;
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

    /** Once the input has been checked: how many records it holds, and where their outcome goes. */
    public void setInput(long totalRecords, OutcomeSink outcomes) {
        this.totalRecords = totalRecords;
        this.outcomes = outcomes;
    }

    private final List<LoadContext> parts = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * This load is one part of {@code whole}, followed on its own: one Bulk 1.0 job of a record stream, whose
     * results go to the stream's outcome files and whose job and API calls count in the stream's report.
     */
    public void partOf(LoadContext whole) {
        this.outcomes = whole.outcomes;
        this.totalRecords = whole.totalRecords;
        whole.parts.add(this);
    }

    /** The parts this load was followed in (see {@link #partOf}); empty for a load followed as one. */
    public List<LoadContext> getParts() {
        return parts;
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

    public String getJobId() {
        return jobId;
    }

    public void setJobId(String jobId) {
        this.jobId = jobId;
    }

    /** The user who opened the job, as Salesforce answered {@code createJob}. */
    public String getJobCreatedById() {
        return jobCreatedById;
    }

    public void setJobCreatedById(String jobCreatedById) {
        this.jobCreatedById = jobCreatedById;
    }

    /**
     * When the first {@code createJob} call whose answer never came was made: that call may have opened a
     * job nobody knows the id of (null when every attempt was answered, or once such jobs were dealt with).
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
     * Set when Salesforce refused a batch because the job had already ended (aborted by someone else):
     * the state it was in. No more batches are sent; those not sent are unprocessed.
     */
    public String getJobEndedBeforeSubmission() {
        return jobEndedBeforeSubmission;
    }

    public void jobEndedBeforeSubmission(String state) {
        this.jobEndedBeforeSubmission = state;
        this.jobState = state;
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

    public String getJobState() {
        return jobState;
    }

    /** The Bulk 1.0 job's state; a change is written to the ledger. */
    public void setJobState(String jobState) {
        String before = this.jobState;
        this.jobState = jobState;
        if (ledger != null && jobId != null && before != null && !before.equals(jobState)) {
            ledger.jobState(jobId, jobState);
        }
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

    public synchronized BatchRef batchById(String id) {
        return batches.stream().filter(b -> id.equals(b.getId())).findFirst().orElse(null);
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
