package io.bulkroute.model;

/**
 * What a running load writes down in the ledger as it goes, so that a load a crash stopped is resumed from
 * there: its jobs and their states, its pieces as they are cut and accepted, its end. See docs/architecture.md#ledger-and-crash-resume.
 */
public interface LoadLedger {
    void jobOpened(String loadId, String jobId, String api, int piece, String state);

    void jobState(String jobId, String state);

    /** Whether the ledger holds a job of that id (of any load): a job it does not know was opened by nobody here. */
    boolean knowsJob(String jobId);

    /** A create call of the load lost its answer (its job may exist all the same); the earliest such time is kept. */
    void createAnswerLost(String loadId, java.time.Instant attemptedAt);

    void batchCut(String loadId, int piece, int records, long firstLine, String spool);

    void batchSubmitted(String loadId, int piece, String jobId, String batchId);

    /** The load failed; it is FAILED once its jobs are ended and its outcome written. */
    void loadFailing(String loadId, String error);

    void loadFinished(String loadId, String outcome, String error);

    /** This process no longer holds the load: another may resume it. */
    void release(String loadId);
}
