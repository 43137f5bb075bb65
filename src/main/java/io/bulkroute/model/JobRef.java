package io.bulkroute.model;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.bulkroute.model.Piece;

/**
 * One Bulk 2.0 job of a load: a cut of the input (its exact upload is spooled), its Salesforce id
 * and state, and where its joined outcome rows are written until the load's files are assembled.
 */
public final class JobRef {
    private final Piece piece;
    private volatile String id;
    private volatile String state = "Unopened";
    private volatile String errorMessage;
    private volatile boolean uploaded;
    private volatile long recordsProcessed;
    private volatile long recordsFailed;
    private volatile Instant firstCreateAttempt;
    private final AtomicInteger createAttempts = new AtomicInteger();
    private final AtomicInteger uploadAttempts = new AtomicInteger();
    private final AtomicInteger closeAttempts = new AtomicInteger();
    private volatile boolean neverClosed;
    private volatile boolean createAnswerLost;
    private final long[] outcomeCounts = new long[3];
    private boolean collected;
    private volatile boolean resumed;

    public JobRef(int index, int records, long firstLine, Path spool) {
        this.piece = new Piece(index, records, firstLine, spool);
    }

    /**
     * A job of a load picked up after a crash, as the ledger holds it: with its id and last known state
     * (its real state is asked for before the job's next step), or without one when its create may
     * have been sent (any job that create opened is found and aborted, as after a lost answer).
     */
    public static JobRef resumed(int index, int records, long firstLine, Path spool, String id, String state,
                                 Instant loadStartedAt) {
        JobRef ref = new JobRef(index, records, firstLine, spool);
        ref.resumed = true;
        if (id != null) {
            ref.id = id;
            ref.state = state;
            // past Open, its upload was there and it was closed: its rows were processed, whatever comes next
            ref.uploaded = !"Open".equals(state);
        } else {
            ref.createAnswerLost = true;
            ref.firstCreateAttempt = loadStartedAt;
            ref.createAttempts.incrementAndGet();
        }
        return ref;
    }

    /** Whether this job comes from the ledger (a resumed load) and its real state has not been asked for yet. */
    public boolean isResumed() {
        return resumed;
    }

    public void stateRefreshed() {
        resumed = false;
    }

    /** The job was given up (aborted) before its data was processed: the piece gets a new job. */
    public void reopen() {
        id = null;
        state = "Unopened";
        uploaded = false;
        uploadAttempts.set(0);
        closeAttempts.set(0);
        createAttempts.set(0);
        createAnswerLost = false;
        neverClosed = false;
    }

    /** The cut of the input this job loads. */
    public Piece piece() {
        return piece;
    }

    public int getIndex() {
        return piece.index();
    }

    public int getRecords() {
        return piece.records();
    }

    public long getFirstLine() {
        return piece.firstLine();
    }

    public Path getSpool() {
        return piece.spool();
    }

    /** The joined outcome rows of this job: success, failed or unprocessed. */
    public Path part(String kind) {
        return piece.spool().resolveSibling("job-" + piece.index() + "-" + kind + ".csv");
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    /** Told of every change of state once the job has an id: the ledger writes it down. */
    public interface StateListener {
        void changed(JobRef job, String before);
    }

    private volatile StateListener listener;

    public void setListener(StateListener listener) {
        this.listener = listener;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        String before = this.state;
        this.state = state;
        StateListener l = listener;
        if (l != null && id != null && !state.equals(before)) {
            l.changed(this, before);
        }
    }

    public String getErrorMessage() {
        return errorMessage;
    }

    public void setErrorMessage(String errorMessage) {
        this.errorMessage = errorMessage;
    }

    public boolean isUploaded() {
        return uploaded;
    }

    public void setUploaded(boolean uploaded) {
        this.uploaded = uploaded;
    }

    /** Ended: JobComplete, Failed, Aborted, or Deleted (Salesforce no longer knows the job). */
    public boolean isEnded() {
        return state.equals("JobComplete") || state.equals("Failed") || state.equals("Aborted") || state.equals("Deleted");
    }

    /** Notes an attempt to open the job: the first one's time bounds where a lost attempt's job may be. */
    public void createAttempt() {
        if (createAttempts.getAndIncrement() == 0) {
            firstCreateAttempt = Instant.now();
        }
    }

    /** An attempt to open the job may have taken effect although its answer was lost. */
    public void createAnswerLost() {
        createAnswerLost = true;
    }

    public boolean isCreateAnswerLost() {
        return createAnswerLost;
    }

    /** When the first attempt to open the job was made, or null. */
    public Instant getFirstCreateAttempt() {
        return firstCreateAttempt;
    }

    /** Counts an attempt to upload; true when an earlier one was made. */
    public boolean uploadAttempted() {
        return uploadAttempts.getAndIncrement() > 0;
    }

    /** Counts an attempt to close; true when an earlier one was made. */
    public boolean closeAttempted() {
        return closeAttempts.getAndIncrement() > 0;
    }

    /** Whether the job is known never to have been closed (so never processed): its rows are all unprocessed. */
    public boolean isNeverClosed() {
        return neverClosed;
    }

    public void setNeverClosed(boolean neverClosed) {
        this.neverClosed = neverClosed;
    }

    public long getRecordsProcessed() {
        return recordsProcessed;
    }

    public long getRecordsFailed() {
        return recordsFailed;
    }

    public void progress(long processed, long failed) {
        this.recordsProcessed = processed;
        this.recordsFailed = failed;
    }

    /** Whether the job's results have been joined (its outcome parts are written). */
    public synchronized boolean isCollected() {
        return collected;
    }

    public synchronized void setOutcomeCounts(long succeeded, long failed, long unprocessed) {
        collected = true;
        outcomeCounts[0] = succeeded;
        outcomeCounts[1] = failed;
        outcomeCounts[2] = unprocessed;
    }

    public synchronized long[] getOutcomeCounts() {
        return outcomeCounts.clone();
    }
}
