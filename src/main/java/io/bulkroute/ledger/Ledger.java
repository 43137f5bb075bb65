package io.bulkroute.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The durable record of loads, jobs and batches (docs/architecture.md#ledger), in H2 by default
 * ({@code jdbc:h2:file:./data/ledger}) or PostgreSQL. The schema is migrated with Flyway at start;
 * a ledger that cannot be reached is an error at start, and a write that fails stops the load.
 * Writes are per load, job and batch, never per record.
 */
public final class Ledger implements io.bulkroute.model.LoadLedger {
    private final DataSource dataSource;
    private final String owner;
    private final Duration lease;

    /** A ledger for this process: its loads hold leases of ten minutes, renewed while they run. */
    public Ledger(String url, String user, String password) {
        this(url, user, password, THIS_PROCESS, Duration.ofMinutes(10));
    }

    /**
     * Who this process is: {@code pid@host#start}. The start (epoch ms) tells this process from an earlier one
     * with the same pid and host: a container's java restarted after a crash is pid 1 on the same host again.
     */
    private static final String THIS_PROCESS = ProcessHandle.current().pid() + "@" + host() + "#" + started(ProcessHandle.current());

    private static long started(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }

    static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    public Ledger(String url, String user, String password, String owner, Duration lease) {
        this.owner = owner;
        this.lease = lease;
        try {
            this.dataSource = dataSource(url, user, password);
        } catch (RuntimeException e) {
            throw new LedgerUnavailableException("The job ledger at " + JdbcUrls.withoutPassword(url) + " cannot be used: "
                    + e.getMessage(), e);
        }
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/ledger").load().migrate();
        } catch (RuntimeException e) {
            throw new LedgerUnavailableException("The job ledger at " + JdbcUrls.withoutPassword(url)
                    + " cannot be reached or migrated: " + rootMessage(e), e);
        }
    }

    private static DataSource dataSource(String url, String user, String password) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("bulk.ledger.url (BULK_LEDGER_URL) is not set");
        }
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setUrl(url);
            // a user named in the URL is kept unless another is configured
            if (user != null && !user.isBlank()) {
                pg.setUser(user);
            }
            if (password != null && !password.isBlank()) {
                pg.setPassword(password);
            }
            return pg;
        }
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            // an in-memory ledger must outlive its connections (H2 drops it when the last one closes)
            String h2Url = url.startsWith("jdbc:h2:mem:") && !url.contains("DB_CLOSE_DELAY") ? url + ";DB_CLOSE_DELAY=-1" : url;
            // H2 writes a commit to disk up to 500 ms later by default: a crash meanwhile would lose what
            // the ledger promised to hold (a job opened, a batch accepted) before the call returned
            if (!h2Url.startsWith("jdbc:h2:mem:") && !h2Url.toUpperCase().contains("WRITE_DELAY")) {
                h2Url += ";WRITE_DELAY=0";
            }
            h2.setURL(h2Url);
            h2.setUser(user == null || user.isBlank() ? "sa" : user);
            h2.setPassword(password == null ? "" : password);
            return h2;
        }
        throw new IllegalArgumentException("bulk.ledger.url (BULK_LEDGER_URL) must be a jdbc:h2: or jdbc:postgresql: URL");
    }

    /** A load of the same source (name, size and SHA-256) that did not fail, or null. */
    public Map<String, Object> earlierLoad(String sourceName, long size, String sha256) {
        return one("select load_id, state, started_at from bulk_load where source_name = ? and source_size = ?"
                + " and source_sha256 = ? and state not in ('FAILED', 'FAILING') order by started_at desc", sourceName, size, sha256);
    }

    public static final String RUNNING = "RUNNING";
    public static final String FAILED = "FAILED";
    /** The load failed; its jobs are being ended and its outcome written. */
    public static final String FAILING = "FAILING";

    public void loadStarted(LoadEntry l) {
        update("insert into bulk_load (load_id, source_name, source_path, display_name, source_size, source_sha256,"
                + " object_name, operation, external_id, api, batch_size, batch_max_bytes, serial_mode, job_max_bytes,"
                + " records, out_dir, state, owner, lease_until, started_at)"
                + " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'RUNNING',?,?,?)",
                l.loadId(), l.sourceName(), l.sourcePath(), l.displayName(), l.sourceSize(), l.sourceSha256(), l.object(),
                l.operation(), l.externalId(), l.api(), l.batchSize(), l.batchMaxBytes(), l.serial(), l.jobMaxBytes(),
                l.records(), l.outDir(), owner, leaseEnd(), Timestamp.from(l.startedAt()));
    }

    /**
     * Keeps the leases of every load this process runs: a load whose lease has run out has no live
     * process behind it, and may be resumed by another.
     */
    public int renewLeases() {
        return updateCount("update bulk_load set lease_until = ? where owner = ? and state in ('RUNNING', 'FAILING')",
                leaseEnd(), owner);
    }

    /** The load failed: written before its jobs are ended, so a crash meanwhile is resumed as a failure. */
    public void loadFailing(String loadId, String error) {
        update("update bulk_load set state = 'FAILING', error = ? where load_id = ?", error, loadId);
    }

    public void loadFinished(String loadId, String outcome, String error) {
        update("update bulk_load set state = ?, error = ?, finished_at = ?, lease_until = null where load_id = ?",
                outcome, error, now(), loadId);
    }

    /** Loads not finished (RUNNING or FAILING), oldest first, whoever holds them; record streams aside. */
    public List<LoadEntry> unfinishedLoads() {
        // record streams are taken up again by their own recovery (io.bulkroute.stream), not by resume
        return all("select * from bulk_load l where state in ('RUNNING', 'FAILING')"
                + " and not exists (select 1 from bulk_stream s where s.load_id = l.load_id) order by started_at").stream()
                .map(Ledger::loadEntry).toList();
    }

    /** The latest load of the file at {@code sourcePath}, or null when the ledger knows none. */
    public LoadEntry loadOfSource(String sourcePath) {
        List<Map<String, Object>> rows = all("select * from bulk_load where source_path = ? order by started_at desc", sourcePath);
        return rows.isEmpty() ? null : loadEntry(rows.get(0));
    }

    /** One load, or null when the ledger does not know it. */
    public LoadEntry load(String loadId) {
        Map<String, Object> row = one("select * from bulk_load where load_id = ?", loadId);
        return row == null ? null : loadEntry(row);
    }

    /**
     * Whether the process that holds the load is gone: its lease ran out, or it ran on this host and
     * its process no longer exists (a crash is seen at once, without waiting for the lease).
     */
    public boolean isAbandoned(LoadEntry load) {
        if (load.owner() == null || load.leaseUntil() == null || load.leaseUntil().isBefore(Instant.now())) {
            return true;
        }
        java.util.regex.Matcher m = OWNER.matcher(load.owner());
        if (!m.matches() || !m.group(2).equals(host())) {
            return false;
        }
        long pid = Long.parseLong(m.group(1));
        long start = m.group(3) == null ? -1 : Long.parseLong(m.group(3));
        if (load.owner().equals(THIS_PROCESS)) {
            return false;
        }
        if (pid == ProcessHandle.current().pid()) {
            // the same pid, another start: an earlier run of this process's program, now gone
            return start != started(ProcessHandle.current());
        }
        return ProcessHandle.of(pid).map(p -> !p.isAlive() || start != -1 && started(p) != -1 && started(p) != start)
                .orElse(true);
    }

    private static final java.util.regex.Pattern OWNER = java.util.regex.Pattern.compile("(\\d+)@([^#]+)(?:#(-?\\d+))?");

    /**
     * Takes an abandoned load over for this process. Compare-and-set on its owner: of two processes
     * resuming at once, one wins, the other is told no and leaves the load alone.
     */
    public boolean claim(LoadEntry load) {
        if (!isAbandoned(load) && !owner.equals(load.owner())) {
            return false;
        }
        String sql = "update bulk_load set owner = ?, lease_until = ? where load_id = ? and state in ('RUNNING', 'FAILING')"
                + (load.owner() == null ? " and owner is null" : " and owner = ?");
        return load.owner() == null ? updateCount(sql, owner, leaseEnd(), load.loadId()) == 1
                : updateCount(sql, owner, leaseEnd(), load.loadId(), load.owner()) == 1;
    }

    /** Gives a claimed load up again, for another process (or a later attempt) to resume. */
    public void release(String loadId) {
        update("update bulk_load set owner = null, lease_until = null where load_id = ? and owner = ?", loadId, owner);
    }

    /** Who this process is in the ledger: {@code pid@host}. */
    public String owner() {
        return owner;
    }

    /** The pieces of a load cut so far, in input order, with the batch ids Salesforce gave the 1.0 ones. */
    public List<PieceEntry> pieces(String loadId) {
        return all("select piece, records, first_line, spool_path, job_id, batch_id, state from bulk_batch"
                + " where load_id = ? order by piece", loadId).stream()
                .map(r -> new PieceEntry(((Number) r.get("piece")).intValue(), ((Number) r.get("records")).intValue(),
                        ((Number) r.get("first_line")).longValue(), (String) r.get("spool_path"), (String) r.get("job_id"),
                        (String) r.get("batch_id"), (String) r.get("state")))
                .toList();
    }

    private static LoadEntry loadEntry(Map<String, Object> r) {
        return new LoadEntry((String) r.get("load_id"), (String) r.get("source_name"), (String) r.get("source_path"),
                (String) r.get("display_name"), number(r.get("source_size")), (String) r.get("source_sha256"),
                (String) r.get("object_name"), (String) r.get("operation"), (String) r.get("external_id"),
                (String) r.get("api"), (int) number(r.get("batch_size")), number(r.get("batch_max_bytes")),
                Boolean.TRUE.equals(r.get("serial_mode")), number(r.get("job_max_bytes")), number(r.get("records")),
                (String) r.get("out_dir"), (String) r.get("state"), (String) r.get("error"), (String) r.get("owner"),
                instant(r.get("lease_until")), instant(r.get("started_at")));
    }

    private static long number(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static Instant instant(Object v) {
        return v == null ? null : Instant.parse((String) v);
    }

    public void jobOpened(String loadId, String jobId, String api, int piece, String state) {
        update("insert into bulk_job (job_id, load_id, api, piece, state, opened_at, updated_at) values (?,?,?,?,?,?,?)",
                jobId, loadId, api, piece, state, now(), now());
    }

    public void jobState(String jobId, String state) {
        update("update bulk_job set state = ?, updated_at = ? where job_id = ?", state, now(), jobId);
    }

    /** A create call of the load lost its answer; the earliest such time is kept. */
    public void createAnswerLost(String loadId, Instant attemptedAt) {
        update("update bulk_load set lost_create_since = ? where load_id = ? and lost_create_since is null",
                Timestamp.from(attemptedAt), loadId);
    }

    /** When a create call of the load first lost its answer, or null if none did. */
    public Instant lostCreateSince(String loadId) {
        Map<String, Object> row = one("select lost_create_since from bulk_load where load_id = ?", loadId);
        return row == null ? null : instant(row.get("lost_create_since"));
    }

    public boolean knowsJob(String jobId) {
        return one("select job_id from bulk_job where job_id = ?", jobId) != null;
    }

    public void batchCut(String loadId, int piece, int records, long firstLine, String spool) {
        update("insert into bulk_batch (load_id, piece, records, first_line, spool_path, state) values (?,?,?,?,?,'Cut')",
                loadId, piece, records, firstLine, spool);
    }

    /** Several pieces at once, in one transaction: all of them are written down, or none. */
    public void piecesCut(String loadId, List<PieceEntry> pieces) {
        try {
            withConnection(c -> {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("insert into bulk_batch (load_id, piece, records, first_line,"
                        + " spool_path, state) values (?,?,?,?,?,'Cut')")) {
                    for (PieceEntry p : pieces) {
                        bind(ps, loadId, p.piece(), p.records(), p.firstLine(), p.spoolPath());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                    return null;
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            });
        } catch (SQLException e) {
            throw new LedgerException("The job ledger refused a write: " + e.getMessage(), e);
        }
    }

    public void batchSubmitted(String loadId, int piece, String jobId, String batchId) {
        update("update bulk_batch set job_id = ?, batch_id = ?, state = 'Submitted' where load_id = ? and piece = ?",
                jobId, batchId, loadId, piece);
    }

    /** Jobs still Open that were opened before {@code before} and whose load has no live process. */
    public List<Map<String, Object>> staleOpenJobs(Instant before) {
        return all("select j.job_id, j.api, j.load_id, j.opened_at,"
                + " (select count(*) from bulk_batch b where b.job_id = j.job_id) as batches"
                + " from bulk_job j left join bulk_load l on l.load_id = j.load_id"
                + " where j.state = 'Open' and j.opened_at < ?"
                + " and (l.load_id is null or l.state <> 'RUNNING' or l.lease_until is null or l.lease_until < ?)",
                Timestamp.from(before), now());
    }

    public List<Map<String, Object>> loads(boolean openOnly) {
        return all("select l.load_id, l.source_name, l.object_name, l.operation, l.api, l.state, l.started_at,"
                + " l.finished_at, l.out_dir from bulk_load l"
                + (openOnly ? " where l.state = 'RUNNING' or exists (select 1 from bulk_job j where j.load_id = l.load_id"
                        + " and j.state in ('Open', 'UploadComplete', 'InProgress'))" : "")
                + " order by l.started_at");
    }

    public List<Map<String, Object>> jobsOf(String loadId) {
        return all("select job_id, api, piece, state, opened_at, updated_at from bulk_job where load_id = ? order by piece, opened_at",
                loadId);
    }

    /** For the tables of other packages (record streams), whose migrations live beside the ledger's: one write. */
    public void write(String sql, Object... args) {
        update(sql, args);
    }

    /** For the tables of other packages: the rows of one query, column names in lower case. */
    public List<Map<String, Object>> read(String sql, Object... args) {
        return all(sql, args);
    }

    private Timestamp leaseEnd() {
        return Timestamp.from(Instant.now().plus(lease));
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    private Connection connection;

    /**
     * One connection, kept open and shared: the ledger's writes are few and small, and opening a
     * connection costs far more than they do (an H2 file database is even reopened each time).
     * A connection that failed is replaced once.
     */
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private synchronized <T> T withConnection(Work<T> work) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (connection == null || connection.isClosed()) {
                    connection = dataSource.getConnection();
                }
                return work.run(connection);
            } catch (SQLException e) {
                try {
                    if (connection != null) {
                        connection.close();
                    }
                } catch (SQLException ignored) {
                    // replaced below
                }
                connection = null;
                if (attempt > 0 || e instanceof java.sql.SQLIntegrityConstraintViolationException
                        || "23505".equals(e.getSQLState()) || "23503".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    private void update(String sql, Object... args) {
        updateCount(sql, args);
    }

    private int updateCount(String sql, Object... args) {
        try {
            return withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bind(ps, args);
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new LedgerException("The job ledger refused a write: " + e.getMessage(), e);
        }
    }

    private Map<String, Object> one(String sql, Object... args) {
        List<Map<String, Object>> rows = all(sql, args);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private List<Map<String, Object>> all(String sql, Object... args) {
        try {
            return withConnection(c -> query(c, sql, args));
        } catch (SQLException e) {
            throw new LedgerException("The job ledger cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<Map<String, Object>> query(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), v instanceof Timestamp t ? t.toInstant().toString() : v);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
