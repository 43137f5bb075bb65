package io.bulkroute.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
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

    /*
     * V1 to V3 once cited, in their first comment, a design document that was not in this repository; the comment
     * now points to docs/architecture.md. Flyway checksums every line, so a ledger migrated before records other
     * checksums for the same migrations and would fail Flyway's validation: {version, checksum before, after}.
     */
    private static final int[][] COMMENTS_EDITED = {{1, -609247473, 827035380}, {2, 1935458469, -199374132},
            {3, 570351656, 163889993}};

    static void migrate(DataSource dataSource) {
        if (!current(dataSource)) {
            recordEditedComments(dataSource);
            Flyway.configure().dataSource(dataSource).locations("classpath:db/ledger").load().migrate();
        }
    }

    /** Where the history holds exactly a checksum from before the comments were edited, the one after it. */
    static void recordEditedComments(DataSource dataSource) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("update \"flyway_schema_history\" set \"checksum\" = ?"
                     + " where \"version\" = ? and \"checksum\" = ?")) {
            for (int[] edit : COMMENTS_EDITED) {
                update.setInt(1, edit[2]);
                update.setString(2, String.valueOf(edit[0]));
                update.setInt(3, edit[1]);
                update.executeUpdate();
            }
        } catch (SQLException e) {
            // no history yet: a new ledger, which Flyway makes with the edited migrations
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
