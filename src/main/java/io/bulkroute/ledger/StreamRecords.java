package io.bulkroute.ledger;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;

/**
 * The {@code bulk_stream} table: a record stream beside its load's {@code bulk_load} row. Its batches and jobs are
 * pieces and jobs as a file load's are; this row says where its journals are and whether it still takes records.
 */
public final class StreamRecords {
    private final LedgerDb db;

    StreamRecords(LedgerDb db) {
        this.db = db;
    }

    public void opened(StreamEntry s) {
        db.update("insert into bulk_stream (load_id, source, work_dir, external_id, batch_size, idle_timeout_ms,"
                + " job_max_batches, state, started_at) values (?,?,?,?,?,?,?,?,?)", s.loadId(), s.source(), s.workDir(),
                s.externalId(), s.batchSize(), s.idleTimeout().toMillis(), s.jobMaxBatches(), s.state(),
                Timestamp.from(s.startedAt()));
    }

    /** The completion signal is in: what is left is sent, then the jobs are closed and followed. */
    public void ending(String loadId, String endedBy) {
        db.update("update bulk_stream set state = 'ENDING', ended_by = ? where load_id = ?", endedBy, loadId);
    }

    /** No more records are taken; the load's outcome comes next. */
    public void ended(String loadId, String endedBy) {
        db.update("update bulk_stream set state = 'ENDED', ended_by = ?, ended_at = ? where load_id = ?",
                endedBy, LedgerDb.now(), loadId);
    }

    /** The stream of a load, or null when the load is no record stream. */
    public StreamEntry of(String loadId) {
        return db.one("select * from bulk_stream where load_id = ?", r -> new StreamEntry(r.getString("load_id"),
                r.getString("source"), r.getString("work_dir"), r.getString("external_id"), r.getInt("batch_size"),
                Duration.ofMillis(r.getLong("idle_timeout_ms")), r.getInt("job_max_batches"), r.getString("state"),
                r.getString("ended_by"), LedgerDb.instant(r, "started_at"), LedgerDb.instant(r, "ended_at")), loadId);
    }

    /** The streams whose load is RUNNING, oldest first: those a restarted service takes up again. */
    public List<String> running() {
        return db.all("select s.load_id from bulk_stream s join bulk_load l on l.load_id = s.load_id"
                + " where l.state = 'RUNNING' order by s.started_at", r -> r.getString("load_id"));
    }
}
