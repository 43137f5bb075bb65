package io.bulkroute.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One Bulk 1.0 job of a load: its Salesforce id and state, who opened it, whether a {@code createJob} for it may
 * have opened an orphan, and the batches sent to it. A file's load has one; a record stream has one per job it
 * opened (docs/architecture.md#packages). The routes carry the job being opened, filled or followed as the exchange
 * property {@link #PROPERTY}.
 */
public final class V1Job {
    public static final String PROPERTY = "bulkV1Job";

    /** What the ledger hears of the job: the load that holds it installs it (see LoadContext#addV1Job). */
    public interface Listener {
        void stateChanged(V1Job job);

        void createAnswerLost(Instant attemptedAt);
    }

    private final List<BatchRef> batches = new ArrayList<>();
    private volatile String id;
    private volatile String state;
    private volatile String createdById;
    private volatile Instant openedAt;
    private volatile Instant createAnswerLostSince;
    private volatile String endedBeforeSubmission;
    private volatile Listener listener;

    public V1Job() {
    }

    /** A job the ledger holds (a resumed load or stream): its id, last known state and when it was opened. */
    public V1Job(String id, String state, Instant openedAt) {
        this.id = id;
        this.state = state;
        this.openedAt = openedAt;
    }

    void listen(Listener listener) {
        this.listener = listener;
    }

    /** {@code createJob} answered: the job's id and state, from now on. */
    public void opened(String id, String state) {
        this.id = id;
        this.openedAt = Instant.now();
        setState(state);
    }

    public String getId() {
        return id;
    }

    public Instant getOpenedAt() {
        return openedAt;
    }

    public String getState() {
        return state;
    }

    /** A change of the job's known state is written to the ledger (once it has an id and a state before). */
    public void setState(String state) {
        String before = this.state;
        this.state = state;
        Listener l = listener;
        if (l != null && id != null && before != null && !before.equals(state)) {
            l.stateChanged(this);
        }
    }

    /** The user who opened the job, as Salesforce answered {@code createJob}. */
    public String getCreatedById() {
        return createdById;
    }

    public void setCreatedById(String createdById) {
        this.createdById = createdById;
    }

    /**
     * When the first {@code createJob} call for this job whose answer never came was made: that call may have opened
     * a job nobody knows the id of (null when every attempt was answered, or once such jobs were dealt with).
     */
    public Instant getCreateAnswerLostSince() {
        return createAnswerLostSince;
    }

    /**
     * Kept in the ledger too: a load whose sweep for such jobs could not get through is left unfinished, and the
     * resume that ends it must still know to look for them.
     */
    public synchronized void createAnswerLost(Instant attemptedAt) {
        if (createAnswerLostSince == null || attemptedAt.isBefore(createAnswerLostSince)) {
            createAnswerLostSince = attemptedAt;
            Listener l = listener;
            if (l != null) {
                l.createAnswerLost(attemptedAt);
            }
        }
    }

    public void orphansHandled() {
        createAnswerLostSince = null;
    }

    /**
     * Set when Salesforce refused a batch because the job had already ended (aborted by someone else): the state
     * it was in. No more batches are sent to it; those not sent are unprocessed.
     */
    public String getEndedBeforeSubmission() {
        return endedBeforeSubmission;
    }

    public void endedBeforeSubmission(String state) {
        this.endedBeforeSubmission = state;
        this.state = state;
    }

    /** A batch sent (or about to be sent) to this job. */
    public synchronized BatchRef addBatch(BatchRef batch) {
        batches.add(batch);
        return batch;
    }

    public synchronized List<BatchRef> getBatches() {
        return new ArrayList<>(batches);
    }

    public synchronized boolean holds(BatchRef batch) {
        return batches.contains(batch);
    }

    public synchronized int getBatchCount() {
        return batches.size();
    }

    public synchronized BatchRef batchById(String batchId) {
        return batches.stream().filter(b -> batchId.equals(b.getId())).findFirst().orElse(null);
    }
}
