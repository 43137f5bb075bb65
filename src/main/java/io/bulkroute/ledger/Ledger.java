package io.bulkroute.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The durable record of loads, jobs and batches (docs/architecture.md#ledger), in H2 by default
 * ({@code jdbc:h2:file:./data/ledger}) or PostgreSQL. The schema is migrated with Flyway at start (LedgerSchema: not when it is current);
 * a ledger that cannot be reached is an error at start, and a write that fails stops the load.
 * Writes are per load, job and batch, never per record.
 * <p>
 * A facade: each table has its data-access class ({@link LoadRecords}, {@link JobRecords}, {@link PieceRecords},
 * {@link StreamRecords}), and no SQL is written outside this package.
 */
public final class Ledger implements io.bulkroute.model.LoadLedger {
    public static final String RUNNING = "RUNNING";
    public static final String FAILED = "FAILED";
    /** The load failed; its jobs are being ended and its outcome written. */
    public static final String FAILING = "FAILING";

    private static final Object MIGRATIONS = new Object();

    private final ProcessOwner owner;
    private final LoadRecords loads;
    private final JobRecords jobs;
    private final PieceRecords pieces;
    private final StreamRecords streams;
    private final LedgerDb db;

    /** A ledger for this process: its loads hold leases of ten minutes, renewed while they run. */
    public Ledger(String url, String user, String password) {
        this(url, user, password, ProcessOwner.THIS_PROCESS, Duration.ofMinutes(10));
    }

    /** @param owner who this process is in the ledger: {@code pid@host#start} */
    public Ledger(String url, String user, String password, String owner, Duration lease) {
        DataSource dataSource;
        try {
            dataSource = dataSource(url, user, password);
        } catch (RuntimeException e) {
            throw new LedgerUnavailableException("The job ledger at " + JdbcUrls.withoutPassword(url) + " cannot be used: "
                    + e.getMessage(), e);
        }
        /*
         * Opening and migrating the database (H2: ~0.25 s) runs while Camel builds its routes: the first statement
         * waits for it, and the service awaits it before it says it runs (awaitReady), so an unreachable ledger is
         * still an error at start.
         */
        CompletableFuture<Void> opened = new CompletableFuture<>();
        LedgerDb db = new LedgerDb(dataSource, opened);
        Thread open = new Thread(() -> {
            try {
                // the shared connection first: H2 closes (and compacts) a database when its last connection
                // closes, so the schema check's own connection would cost a second opening
                db.connect();
                // ledgers opened at once in one process (a test, a resume beside a load) migrate one after another
                synchronized (MIGRATIONS) {
                    LedgerSchema.migrate(dataSource);
                }
                opened.complete(null);
            } catch (RuntimeException | Error e) {
                opened.completeExceptionally(new LedgerUnavailableException("The job ledger at "
                        + JdbcUrls.withoutPassword(url) + " cannot be reached or migrated: " + rootMessage(e), e));
            }
        }, "ledger-open");
        open.setDaemon(true);
        open.start();
        this.db = db;
        this.owner = new ProcessOwner(owner);
        this.loads = new LoadRecords(db, this.owner, lease);
        this.jobs = new JobRecords(db);
        this.pieces = new PieceRecords(db);
        this.streams = new StreamRecords(db);
    }

    /** Waits until the database is open and migrated. @throws LedgerUnavailableException when it cannot be */
    public void awaitReady() {
        db.awaitOpen();
    }

    static String host() {
        return ProcessOwner.host();
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

    /** The loads. */
    public LoadRecords loadRecords() {
        return loads;
    }

    /** The jobs the loads opened. */
    public JobRecords jobRecords() {
        return jobs;
    }

    /** The pieces the loads' inputs were cut into. */
    public PieceRecords pieceRecords() {
        return pieces;
    }

    /** The record streams. */
    public StreamRecords streamRecords() {
        return streams;
    }

    /** Who this process is in the ledger: {@code pid@host#start}. */
    public String owner() {
        return owner.id();
    }

    // The calls the lifecycle makes, by name: each is one call of the table's class.

    /** A load of the same source (name, size and SHA-256) that did not fail, or null. */
    public LoadEntry earlierLoad(String sourceName, long size, String sha256) {
        return loads.earlier(sourceName, size, sha256);
    }

    public void loadStarted(LoadEntry load) {
        loads.started(load);
    }

    /** See {@link LoadRecords#renewLeases}; called by routes/resume.camel.yaml. */
    public int renewLeases() {
        return loads.renewLeases();
    }

    public void loadFailing(String loadId, String error) {
        loads.failing(loadId, error);
    }

    public void loadFinished(String loadId, String outcome, String error) {
        loads.finished(loadId, outcome, error);
    }

    public List<LoadEntry> unfinishedLoads() {
        return loads.unfinished();
    }

    public LoadEntry loadOfSource(String sourcePath) {
        return loads.ofSource(sourcePath);
    }

    public LoadEntry load(String loadId) {
        return loads.load(loadId);
    }

    public List<LoadEntry> loads(boolean openOnly) {
        return loads.list(openOnly);
    }

    /**
     * Whether the process that holds the load is gone: its lease ran out, or it ran on this host and
     * its process no longer exists (a crash is seen at once, without waiting for the lease).
     */
    public boolean isAbandoned(LoadEntry load) {
        return owner.isGone(load.owner(), load.leaseUntil());
    }

    public boolean claim(LoadEntry load) {
        return loads.claim(load);
    }

    public void release(String loadId) {
        loads.release(loadId);
    }

    public void jobOpened(String loadId, String jobId, String api, int piece, String state) {
        jobs.opened(loadId, jobId, api, piece, state);
    }

    public void jobState(String jobId, String state) {
        jobs.state(jobId, state);
    }

    /** A create call of the load lost its answer; the earliest such time is kept. */
    public void createAnswerLost(String loadId, Instant attemptedAt) {
        loads.createAnswerLost(loadId, attemptedAt);
    }

    /** When a create call of the load first lost its answer, or null if none did. */
    public Instant lostCreateSince(String loadId) {
        return loads.lostCreateSince(loadId);
    }

    public boolean knowsJob(String jobId) {
        return jobs.knows(jobId);
    }

    public List<JobEntry> jobsOf(String loadId) {
        return jobs.of(loadId);
    }

    public List<StaleJob> staleOpenJobs(Instant before) {
        return jobs.staleOpen(before);
    }

    public void batchCut(String loadId, int piece, int records, long firstLine, String spool) {
        pieces.cut(loadId, piece, records, firstLine, spool);
    }

    public void piecesCut(String loadId, List<PieceEntry> cut) {
        pieces.cut(loadId, cut);
    }

    public void batchSubmitted(String loadId, int piece, String jobId, String batchId) {
        pieces.submitted(loadId, piece, jobId, batchId);
    }

    public List<PieceEntry> pieces(String loadId) {
        return pieces.of(loadId);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
