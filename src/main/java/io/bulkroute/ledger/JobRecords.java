package io.bulkroute.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** The {@code bulk_job} table: every Salesforce job a load opened, and its last known state. */
public final class JobRecords {
    private final LedgerDb db;

    JobRecords(LedgerDb db) {
        this.db = db;
    }

    public void opened(String loadId, String jobId, String api, int piece, String state) {
        db.update("insert into bulk_job (job_id, load_id, api, piece, state, opened_at, updated_at) values (?,?,?,?,?,?,?)",
                jobId, loadId, api, piece, state, LedgerDb.now(), LedgerDb.now());
    }

    public void state(String jobId, String state) {
        db.update("update bulk_job set state = ?, updated_at = ? where job_id = ?", state, LedgerDb.now(), jobId);
    }

    public boolean knows(String jobId) {
        return db.one("select job_id from bulk_job where job_id = ?", r -> r.getString("job_id"), jobId) != null;
    }

    /** A load's jobs, by piece, oldest first. */
    public List<JobEntry> of(String loadId) {
        return db.all("select job_id, load_id, api, piece, state, opened_at, updated_at from bulk_job where load_id = ?"
                + " order by piece, opened_at", JobRecords::entry, loadId);
    }

    /** Jobs still Open that were opened before {@code before} and whose load has no live process. */
    public List<StaleJob> staleOpen(Instant before) {
        return db.all("select j.job_id, j.api, j.load_id, j.opened_at,"
                + " (select count(*) from bulk_batch b where b.job_id = j.job_id) as batches"
                + " from bulk_job j left join bulk_load l on l.load_id = j.load_id"
                + " where j.state = 'Open' and j.opened_at < ?"
                + " and (l.load_id is null or l.state <> 'RUNNING' or l.lease_until is null or l.lease_until < ?)",
                r -> new StaleJob(r.getString("job_id"), r.getString("api"), r.getString("load_id"),
                        LedgerDb.instant(r, "opened_at"), r.getLong("batches")),
                Timestamp.from(before), LedgerDb.now());
    }

    private static JobEntry entry(ResultSet r) throws SQLException {
        return new JobEntry(r.getString("job_id"), r.getString("load_id"), r.getString("api"), r.getInt("piece"),
                r.getString("state"), LedgerDb.instant(r, "opened_at"), LedgerDb.instant(r, "updated_at"));
    }
}
