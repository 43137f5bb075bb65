package io.bulkroute.ledger;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.bulkroute.model.LoadRequest;

/**
 * The {@code bulk_load} table: one row per load, with the request it was started with, its source's fingerprint,
 * its state, and the lease of the process that holds it (see {@link ProcessOwner}).
 */
public final class LoadRecords {
    private final LedgerDb db;
    private final ProcessOwner owner;
    private final Duration lease;

    LoadRecords(LedgerDb db, ProcessOwner owner, Duration lease) {
        this.db = db;
        this.owner = owner;
        this.lease = lease;
    }

    public void started(LoadEntry l) {
        LoadRequest r = l.request();
        db.update("insert into bulk_load (load_id, source_name, source_path, display_name, source_size, source_sha256,"
                + " object_name, operation, external_id, api, batch_size, batch_max_bytes, serial_mode, job_max_bytes,"
                + " records, out_dir, state, owner, lease_until, started_at)"
                + " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'RUNNING',?,?,?)",
                l.loadId(), l.sourceName(), r.source().toAbsolutePath().toString(), r.sourceName(), l.sourceSize(),
                l.sourceSha256(), r.object(), r.operation(), r.externalIdField(), r.api(), r.batchSize(), r.batchMaxBytes(),
                r.serial(), r.jobMaxBytes(), l.records(), r.outDir().toAbsolutePath().toString(), owner.id(), leaseEnd(),
                Timestamp.from(l.startedAt()));
    }

    /** A load of the same source (name, size and SHA-256) that did not fail, or null. */
    public LoadEntry earlier(String sourceName, long size, String sha256) {
        return db.one("select * from bulk_load where source_name = ? and source_size = ?"
                + " and source_sha256 = ? and state not in ('FAILED', 'FAILING') order by started_at desc", LoadRecords::entry,
                sourceName, size, sha256);
    }

    /**
     * Keeps the leases of every load this process runs: a load whose lease has run out has no live
     * process behind it, and may be resumed by another.
     */
    public int renewLeases() {
        return db.updateCount("update bulk_load set lease_until = ? where owner = ? and state in ('RUNNING', 'FAILING')",
                leaseEnd(), owner.id());
    }

    /** A create call of the load lost its answer; the earliest such time is kept. */
    public void createAnswerLost(String loadId, Instant attemptedAt) {
        db.update("update bulk_load set lost_create_since = ? where load_id = ? and lost_create_since is null",
                Timestamp.from(attemptedAt), loadId);
    }

    /** When a create call of the load first lost its answer, or null if none did. */
    public Instant lostCreateSince(String loadId) {
        return db.one("select lost_create_since from bulk_load where load_id = ?", r -> LedgerDb.instant(r, "lost_create_since"),
                loadId);
    }

    /** The load failed: written before its jobs are ended, so a crash meanwhile is resumed as a failure. */
    public void failing(String loadId, String error) {
        db.update("update bulk_load set state = 'FAILING', error = ? where load_id = ?", error, loadId);
    }

    public void finished(String loadId, String outcome, String error) {
        db.update("update bulk_load set state = ?, error = ?, finished_at = ?, lease_until = null where load_id = ?",
                outcome, error, LedgerDb.now(), loadId);
    }

    /** Loads not finished (RUNNING or FAILING), oldest first, whoever holds them; record streams aside. */
    public List<LoadEntry> unfinished() {
        // record streams are taken up again by their own recovery (StreamRecovery), not by resume
        return db.all("select * from bulk_load l where state in ('RUNNING', 'FAILING')"
                + " and not exists (select 1 from bulk_stream s where s.load_id = l.load_id) order by started_at",
                LoadRecords::entry);
    }

    /** The latest load of the file at {@code sourcePath}, or null when the ledger knows none. */
    public LoadEntry ofSource(String sourcePath) {
        return db.one("select * from bulk_load where source_path = ? order by started_at desc", LoadRecords::entry, sourcePath);
    }

    /** One load, or null when the ledger does not know it. */
    public LoadEntry load(String loadId) {
        return db.one("select * from bulk_load where load_id = ?", LoadRecords::entry, loadId);
    }

    /** Every load, oldest first; {@code openOnly}: those RUNNING or with a job not ended. */
    public List<LoadEntry> list(boolean openOnly) {
        return db.all("select l.* from bulk_load l"
                + (openOnly ? " where l.state = 'RUNNING' or exists (select 1 from bulk_job j where j.load_id = l.load_id"
                        + " and j.state in ('Open', 'UploadComplete', 'InProgress'))" : "")
                + " order by l.started_at", LoadRecords::entry);
    }

    /**
     * Takes an abandoned load over for this process. Compare-and-set on its owner: of two processes
     * resuming at once, one wins, the other is told no and leaves the load alone.
     */
    public boolean claim(LoadEntry load) {
        if (!owner.isGone(load.owner(), load.leaseUntil()) && !owner.id().equals(load.owner())) {
            return false;
        }
        String sql = "update bulk_load set owner = ?, lease_until = ? where load_id = ? and state in ('RUNNING', 'FAILING')"
                + (load.owner() == null ? " and owner is null" : " and owner = ?");
        return load.owner() == null ? db.updateCount(sql, owner.id(), leaseEnd(), load.loadId()) == 1
                : db.updateCount(sql, owner.id(), leaseEnd(), load.loadId(), load.owner()) == 1;
    }

    /** Gives a claimed load up again, for another process (or a later attempt) to resume. */
    public void release(String loadId) {
        db.update("update bulk_load set owner = null, lease_until = null where load_id = ? and owner = ?", loadId, owner.id());
    }

    private Timestamp leaseEnd() {
        return Timestamp.from(Instant.now().plus(lease));
    }

    private static LoadEntry entry(ResultSet r) throws SQLException {
        String displayName = r.getString("display_name");
        LoadRequest request = new LoadRequest(Path.of(r.getString("source_path")),
                displayName == null ? r.getString("source_name") : displayName, r.getString("object_name"),
                r.getString("operation"), r.getString("external_id"), r.getString("api"), r.getInt("batch_size"),
                r.getLong("batch_max_bytes"), r.getBoolean("serial_mode"), r.getLong("job_max_bytes"),
                Path.of(r.getString("out_dir")));
        return new LoadEntry(r.getString("load_id"), request, r.getString("source_name"), r.getLong("source_size"),
                r.getString("source_sha256"), r.getLong("records"), r.getString("state"), r.getString("error"),
                r.getString("owner"), LedgerDb.instant(r, "lease_until"), LedgerDb.instant(r, "started_at"),
                LedgerDb.instant(r, "finished_at"));
    }
}
