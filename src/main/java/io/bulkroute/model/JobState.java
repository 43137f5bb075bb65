package io.bulkroute.model;

/**
 * A Salesforce job's state, by its wire name. Bulk 1.0 jobs are Open, Closed, Aborted or Failed; 2.0 jobs go
 * Open, UploadComplete, InProgress, then JobComplete, Failed or Aborted. {@code Unopened} is ours: a 2.0 piece
 * whose job has not been created yet; {@code Deleted} is ours too: a job Salesforce no longer knows.
 */
public enum JobState {
    UNOPENED("Unopened"),
    OPEN("Open"),
    CLOSED("Closed"),
    UPLOAD_COMPLETE("UploadComplete"),
    IN_PROGRESS("InProgress"),
    JOB_COMPLETE("JobComplete"),
    FAILED("Failed"),
    ABORTED("Aborted"),
    DELETED("Deleted");

    private final String wire;

    JobState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The state of that wire name (exact case, as Salesforce answers it), or null when there is none. */
    public static JobState of(String wire) {
        for (JobState s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        return null;
    }

    /** A 2.0 job in this state does no more: its results (or its failure) are final. */
    public boolean isEnded() {
        return this == JOB_COMPLETE || this == FAILED || this == ABORTED || this == DELETED;
    }

    @Override
    public String toString() {
        return wire;
    }
}
