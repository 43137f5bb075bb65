package io.bulkroute.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema check that spares a command Flyway's start must know the newest migration, or it would skip one. */
class LedgerSchemaTest {
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.*\\.sql");

    @TempDir
    Path work;

    @Test
    void theVersionIsTheNewestMigrationFile() throws Exception {
        int newest;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/ledger"))) {
            newest = files.map(f -> MIGRATION.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
        }
        assertThat(LedgerSchema.VERSION).isEqualTo(newest);
    }

    @Test
    void aNewLedgerIsNotCurrentUntilMigratedThenIs() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + work.resolve("ledger") + ";WRITE_DELAY=0");
        h2.setUser("sa");
        assertThat(LedgerSchema.current(h2)).isFalse();
        LedgerSchema.migrate(h2);
        assertThat(LedgerSchema.current(h2)).isTrue();
        // and a ledger made on it works: its tables are there
        Ledger ledger = new Ledger("jdbc:h2:file:" + work.resolve("ledger"), "sa", "");
        assertThat(ledger.unfinishedLoads()).isEmpty();
    }
    /** A ledger migrated before V1–V3's first comments were edited still passes Flyway's validation. */
    @Test
    void aLedgerMigratedBeforeTheCommentsWereEditedStillValidates() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + work.resolve("old") + ";WRITE_DELAY=0");
        h2.setUser("sa");
        LedgerSchema.migrate(h2);
        int[][] before = {{1, -609247473}, {2, 1935458469}, {3, 570351656}};
        try (java.sql.Connection c = h2.getConnection();
             java.sql.PreparedStatement old = c.prepareStatement(
                     "update \"flyway_schema_history\" set \"checksum\" = ? where \"version\" = ?")) {
            for (int[] b : before) {
                old.setInt(1, b[1]);
                old.setString(2, String.valueOf(b[0]));
                old.executeUpdate();
            }
        }
        org.flywaydb.core.Flyway flyway = org.flywaydb.core.Flyway.configure().dataSource(h2).locations("classpath:db/ledger").load();
        assertThat(flyway.validateWithResult().validationSuccessful).as("the old checksums fail as they are").isFalse();

        LedgerSchema.recordEditedComments(h2);

        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    }
}
