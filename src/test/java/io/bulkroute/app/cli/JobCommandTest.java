package io.bulkroute.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import io.bulkroute.app.config.Settings;
import io.bulkroute.app.EmbeddedSimulator;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code job}, {@code close-job} and {@code abort-job} refuse what is no job id before they log in or call:
 * the simulator they would call, theirs alone, hears nothing.
 */
class JobCommandTest {
    @RegisterExtension
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();

    @Test
    void aJobIdThatIsNoSalesforceIdIsAUsageErrorAndNothingReachesSalesforce() {
        Settings settings = Settings.load("dev");
        settings.set("simulator.enabled", "false");
        settings.set(EmbeddedSimulator.LOGIN_URL, SIMULATOR.baseUrl());
        settings.set("bulk.ledger.url", "jdbc:h2:mem:job-command-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        settings.set("artemis.enabled", "false");
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        for (String command : new String[] {"job", "close-job", "abort-job"}) {
            for (String id : new String[] {"../../../services/oauth2/token", "750Dm0000000001AAA/../../x", "750Dm000000001", "."}) {
                CommandLine cli = CommandLine.parse(new String[] {command, id});
                assertThatThrownBy(() -> JobCommand.run(cli, settings, sink, sink)).as(command + " " + id)
                        .isInstanceOf(UsageException.class).hasMessageContaining("15 or 18");
            }
        }
        assertThat(SIMULATOR.sessions().logins()).as("no login").isZero();
        assertThat(SIMULATOR.calls()).as("no call").isEmpty();
    }
}
