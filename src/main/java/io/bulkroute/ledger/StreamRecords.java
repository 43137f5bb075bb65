package io.bulkroute.ledger;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
        Map<String, Object> r = db.one("select * from bulk_stream where load_id = ?", loadId);
        return r == null ? null : new StreamEntry((String) r.get("load_id"), (String) r.get("source"),
                (String) r.get("work_dir"), (String) r.get("external_id"), (int) LedgerDb.number(r.get("batch_size")),
                Duration.ofMillis(LedgerDb.number(r.get("idle_timeout_ms"))), (int) LedgerDb.number(r.get("job_max_batches")),
                (String) r.get("state"), (String) r.get("ended_by"), LedgerDb.instant(r.get("started_at")),
                LedgerDb.instant(r.get("ended_at")));
    }

    /** The streams whose load is RUNNING, oldest first: those a restarted service takes up again. */
    public List<String> running() {
        return db.all("select s.load_id from bulk_stream s join bulk_load l on l.load_id = s.load_id"
                + " where l.state = 'RUNNING' order by s.started_at").stream().map(r -> (String) r.get("load_id")).toList();
    }
}
