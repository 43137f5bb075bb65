package io.bulkroute.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.sql.DataSource;

/**
 * The ledger's one connection and its statements, shared by the data-access classes of this package, which turn
 * each row into a record of their own.
 */
final class LedgerDb {
    private final DataSource dataSource;
    private final CompletableFuture<Void> opened;
    private Connection connection;

    /** @param opened completes once the schema is migrated; no statement runs before */
    LedgerDb(DataSource dataSource, CompletableFuture<Void> opened) {
        this.dataSource = dataSource;
        this.opened = opened;
    }

    /** Opens the shared connection, before the schema is known to be current. */
    synchronized void connect() {
        try {
            if (connection == null) {
                connection = dataSource.getConnection();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** @throws LedgerUnavailableException when the database could not be opened or migrated */
    void awaitOpen() {
        try {
            opened.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof LedgerUnavailableException u ? u : e;
        }
    }

    /** One statement on the shared connection. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * One connection, kept open and shared: the ledger's writes are few and small, and opening a
     * connection costs far more than they do (an H2 file database is even reopened each time).
     * A connection that failed is replaced once.
     */
    <T> T withConnection(Work<T> work) throws SQLException {
        // outside the lock: the opening thread takes it to open the connection
        awaitOpen();
        return onConnection(work);
    }

    private synchronized <T> T onConnection(Work<T> work) throws SQLException {
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

    void update(String sql, Object... args) {
        updateCount(sql, args);
    }

    int updateCount(String sql, Object... args) {
        try {
            return withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bind(ps, args);
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw refusedWrite(e);
        }
    }

    /** The same statement for every row of {@code rows}, in one transaction: all of them are written, or none. */
    void updateAll(String sql, List<Object[]> rows) {
        try {
            withConnection(c -> {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (Object[] row : rows) {
                        bind(ps, row);
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
            throw refusedWrite(e);
        }
    }

    /** One row of a result, as a record of the calling class. */
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** The first row of a query, or null. */
    <T> T one(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = all(sql, mapper, args);
        return rows.isEmpty() ? null : rows.get(0);
    }

    <T> List<T> all(String sql, RowMapper<T> mapper, Object... args) {
        try {
            return withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bind(ps, args);
                    List<T> rows = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(mapper.map(rs));
                        }
                    }
                    return rows;
                }
            });
        } catch (SQLException e) {
            throw new LedgerException("The job ledger cannot be read: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static LedgerException refusedWrite(SQLException e) {
        return new LedgerException("The job ledger refused a write: " + e.getMessage(), e);
    }

    static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp t = row.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
