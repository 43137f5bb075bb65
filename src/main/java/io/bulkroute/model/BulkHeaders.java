package io.bulkroute.model;

/**
 * The names of the {@code bulk*} message headers and exchange properties the routes and the Java steps share: one
 * home, so a step and the route that sets what it reads cannot drift apart. The YAML routes and the Kamelet spell
 * the same names (docs/architecture.md#routes).
 */
public final class BulkHeaders {
    private BulkHeaders() {
    }

    // Headers: a load's parameters, as every trigger and the command line give them, and what a load answers.
    public static final String API = "bulkApi";
    public static final String BATCH_MAX_BYTES = "bulkBatchMaxBytes";
    public static final String BATCH_SIZE = "bulkBatchSize";
    public static final String DATA_SOURCE = "bulkDataSource";
    public static final String ENDED_BY = "bulkEndedBy";
    public static final String EXTERNAL_ID = "bulkExternalId";
    public static final String FETCH_SIZE = "bulkFetchSize";
    public static final String FORCE = "bulkForce";
    public static final String IDLE_TIMEOUT = "bulkIdleTimeout";
    public static final String JOB_ACTION = "bulkJobAction";
    public static final String JOB_MAX_BATCHES = "bulkJobMaxBatches";
    public static final String JOB_MAX_BYTES = "bulkJobMaxBytes";
    public static final String LOAD_ID = "bulkLoadId";
    public static final String MESSAGE_KEY = "bulkMessageKey";
    public static final String OBJECT = "bulkObject";
    public static final String OPERATION = "bulkOperation";
    public static final String OUT_DIR = "bulkOutDir";
    public static final String OUTCOME = "bulkOutcome";
    public static final String QUERY = "bulkQuery";
    public static final String QUERY_ROWS = "bulkQueryRows";
    public static final String SERIAL = "bulkSerial";
    public static final String SOURCE = "bulkSource";
    public static final String SOURCE_NAME = "bulkSourceName";

    // Exchange properties: a load's state between the steps of its routes.
    public static final String BACKOFF = "bulkBackoff";
    public static final String BATCH = "bulkBatch";
    public static final String BATCH_DONE = "bulkBatchDone";
    public static final String ENDING_FAILED_LOAD = "bulkEndingFailedLoad";
    public static final String JOB = "bulkJob";
    public static final String LOAD_COMPLETE = "bulkLoadComplete";
    public static final String MONITORING = "bulkMonitoring";
    public static final String PIECES_IN_FLIGHT = "bulkPiecesInFlight";
    public static final String POLL_DELAY = "bulkPollDelay";
    /** A 2.0 job's rows being hashed for its join while the job runs (Bulk2Join.Ahead). */
    public static final String ROWS_AHEAD = "bulkRowsAhead";
    public static final String RECORD = "bulkRecord";
    public static final String REJECTED = "bulkRejected";
    public static final String RESUME_SKIPPED = "bulkResumeSkipped";
    public static final String RETRYING = "bulkRetrying";
    public static final String STREAM = "bulkStream";
    public static final String STREAM_ENDS = "bulkStreamEnds";
    public static final String STREAM_FAILING = "bulkStreamFailing";
    public static final String STREAM_GROUP = "bulkStreamGroup";
    public static final String STREAM_UNCUT = "bulkStreamUncut";
    public static final String STREAM_UNSENT = "bulkStreamUnsent";
    public static final String UPLOAD_CONTINUED = "bulkUploadContinued";
}
