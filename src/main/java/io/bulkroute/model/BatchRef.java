package io.bulkroute.model;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** What the load knows of one batch: where its rows are spooled, its Salesforce id and state. */
public final class BatchRef {
    private final int index;
    private final int records;
    private final long firstLine;
    private final Path spool;
    private volatile String id;
    private volatile String state = "Unsubmitted";
    private volatile String stateMessage;
    private final AtomicLong rowsWritten = new AtomicLong();
    private volatile boolean answerMayBeLost;
    private volatile Path keptResults;

    public BatchRef(int index, int records, long firstLine, Path spool) {
        this.index = index;
        this.records = records;
        this.firstLine = firstLine;
        this.spool = spool;
    }

    public int getIndex() {
        return index;
    }

    public int getRecords() {
        return records;
    }

    public long getFirstLine() {
        return firstLine;
    }

    public Path getSpool() {
        return spool;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getState() {
        return state;
    }

    public String getStateMessage() {
        return stateMessage;
    }

    public void update(String newState, String message) {
        this.state = newState;
        this.stateMessage = message;
    }

    /** How many of the batch's rows are in the outcome files so far. */
    public long getRowsWritten() {
        return rowsWritten.get();
    }

    public void rowWritten() {
        rowsWritten.incrementAndGet();
    }

    public void rowsWritten(long rows) {
        rowsWritten.addAndGet(rows);
    }

    /** The batch's results, fetched ahead of its join and kept on disk; null when they were not. */
    public Path getKeptResults() {
        return keptResults;
    }

    public void setKeptResults(Path keptResults) {
        this.keptResults = keptResults;
    }

    /**
     * An upload of this batch may have been accepted although no answer came back (a dropped connection,
     * or a crash after the call): before it is sent again, the job's batch list is checked for it.
     */
    public boolean isAnswerMayBeLost() {
        return answerMayBeLost;
    }

    public void answerMayBeLost() {
        this.answerMayBeLost = true;
    }

    public boolean isSubmitted() {
        return id != null;
    }

    public boolean isEnded() {
        return state.equals("Completed") || state.equals("Failed") || state.equals("NotProcessed");
    }
}
