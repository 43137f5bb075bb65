package io.bulkroute.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.bulkroute.app.config.Settings;
import org.junit.jupiter.api.Test;

class StartupTest {

    @Test
    void aWrongPasswordIsAClearErrorAtStart() {
        Settings settings = Settings.load("dev");
        settings.set("camel.component.salesforce.password", "not-the-password");
        settings.set("bulk.http.port", "0");
        String log = runFailing(settings);
        assertThat(log).contains("bulkroute cannot start: cannot log in to Salesforce at http://127.0.0.1:")
                .contains("as dev@bulkroute.local")
                .contains("authentication failure")
                .doesNotContain("not-the-password");
    }

    /**
     * The salesforce component is made and bound before Camel Main configures it (EarlyLogin); a setting it cannot
     * bind is left to Main, which refuses it as it always has, naming it.
     */
    @Test
    void aSalesforceSettingTheComponentDoesNotHaveIsRefusedByName() {
        Settings settings = Settings.load("dev");
        settings.set("camel.component.salesforce.no-such-option", "1");
        settings.set("bulk.http.port", "0");
        assertThat(runFailing(settings)).contains("bulkroute cannot start")
                .contains("camel.component.salesforce.noSuchOption");
    }

    /** Runs the service, which must fail to start (status 1); returns what it wrote to stderr. */
    private static String runFailing(Settings settings) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            status = Service.run(settings);
        } finally {
            System.setErr(original);
        }
        assertThat(status).isEqualTo(1);
        return captured.toString(StandardCharsets.UTF_8);
    }
}
