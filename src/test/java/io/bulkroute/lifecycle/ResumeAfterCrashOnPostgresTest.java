package io.bulkroute.lifecycle;

import io.bulkroute.testing.PostgresServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The crash tests of {@link ResumeAfterCrashTest} with the ledger on a real PostgreSQL server. */
@Tag("heavy")
class ResumeAfterCrashOnPostgresTest extends ResumeAfterCrashTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    /** A database of its own for each test. */
    @Override
    protected String ledgerUrl() throws Exception {
        return POSTGRES.newDatabase("ledger");
    }
}
