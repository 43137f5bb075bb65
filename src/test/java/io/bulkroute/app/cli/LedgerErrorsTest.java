package io.bulkroute.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import io.bulkroute.app.Bulkroute;
import io.bulkroute.ledger.Ledger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ledger that cannot be used is named, with its URL (never its password) and the reason, in one line. */
class LedgerErrorsTest {
    private static final String SECRET = "pw-" + UUID.randomUUID();

    @TempDir
    Path work;

    @AfterEach
    void clear() {
        System.clearProperty("bulk.ledger.url");
        System.clearProperty("bulk.ledger.password");
    }

    @Test
    void anUnreachableLedger() throws Exception {
        String err = load("jdbc:postgresql://127.0.0.1:1/ledger?user=bulk&password=" + SECRET, null);
        assertThat(lastLine(err)).startsWith("bulkroute: The job ledger at jdbc:postgresql://127.0.0.1:1/ledger?user=bulk&password=****"
                + " cannot be reached or migrated: Connection refused");
        assertThat(err).doesNotContain(SECRET).doesNotContain("pre-parsing");
    }

    @Test
    void aUrlThatIsNotALedgerUrl() throws Exception {
        String err = load("jdbc:mysql://db/ledger", null);
        assertThat(lastLine(err)).isEqualTo("bulkroute: The job ledger at jdbc:mysql://db/ledger cannot be used:"
                + " bulk.ledger.url (BULK_LEDGER_URL) must be a jdbc:h2: or jdbc:postgresql: URL");
    }

    @Test
    void aWrongPassword() throws Exception {
        String url = "jdbc:h2:mem:ledger-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        new Ledger(url, "bulk", "the-right-one");
        String err = load(url, SECRET);
        assertThat(lastLine(err)).startsWith("bulkroute: The job ledger at " + url + " cannot be reached or migrated: Wrong user name or password");
        assertThat(err).doesNotContain(SECRET);
    }

    /** A CLI load with this ledger; the whole of what it printed. */
    private String load(String url, String password) throws Exception {
        System.setProperty("bulk.ledger.url", url);
        if (password != null) {
            System.setProperty("bulk.ledger.password", password);
        }
        Path input = Files.writeString(work.resolve("a.csv"), "Name\nAcme\n");
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Bulkroute.run(new String[] {"load", input.toString(), "--object", "Account", "--operation", "insert",
                    "--out", work.resolve("out").toString()});
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isEqualTo(1);
        return printed;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines[lines.length - 1];
    }
}
