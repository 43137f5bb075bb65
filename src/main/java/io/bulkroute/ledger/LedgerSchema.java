package io.bulkroute.ledger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * The ledger's schema, migrated by Flyway from {@code db/ledger}. A ledger already at the newest version is left
 * alone without starting Flyway: its start (its classes, a scan of the jar for migrations, a validation) was a large
 * part of a command's start-up, paid by every load for nothing once the schema is there.
 */
final class LedgerSchema {
    /** The newest migration in {@code db/ledger}: a new migration raises it (LedgerSchemaTest compares the files). */
    static final int VERSION = 4;

    private LedgerSchema() {
    }

    static void migrate(DataSource dataSource) {
        if (!current(dataSource)) {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/ledger").load().migrate();
        }
    }

    /** Whether Flyway's history says the newest migration was applied; false whenever it cannot tell. */
    static boolean current(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select \"version\" from \"flyway_schema_history\" where \"success\"")) {
            int newest = 0;
            while (r.next()) {
                String version = r.getString(1);
                if (version != null) {
                    newest = Math.max(newest, Integer.parseInt(version));
                }
            }
            return newest == VERSION;
        } catch (SQLException | NumberFormatException e) {
            // no history yet (a new ledger), or one that Flyway must look at itself
            return false;
        }
    }
}
