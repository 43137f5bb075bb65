package io.bulkroute.bulk2;

import java.nio.file.Path;

/**
 * One Bulk 2.0 job of a load: a cut of the input (its exact upload is spooled), its Salesforce id
 * and state, and where its joined outcome rows are written until the load's files are assembled.
 */
public final class JobRef {
    private final int index;
    private final int records;
    private final long firstLine;
    private final Path spool;
    private volatile String id;
    private volatile String state = "Unopened";
    private volatile String errorMessage;
    private volatile boolean uploaded;
    private volatile long recordsProcessed;
    private volatile long recordsFailed;
    private final long[] outcomeCounts = new long[3];
    private boolean collected;

    public JobRef(int index, int records, long firstLine, Path spool) {
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

    /** The joined outcome rows of this job: success, failed or unprocessed. */
    public Path part(String kind) {
        return spool.resolveSibling("job-" + index + "-" + kind + ".csv");
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

    public void setState(String state) {
        this.state = state;
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

    public boolean isEnded() {
        return state.equals("JobComplete") || state.equals("Failed") || state.equals("Aborted");
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
