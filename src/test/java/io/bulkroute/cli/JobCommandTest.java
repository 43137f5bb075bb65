package io.bulkroute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import io.bulkroute.load.LoadTestSupport;
import org.junit.jupiter.api.Test;

/** {@code job}, {@code close-job} and {@code abort-job} refuse what is no job id before they log in or call. */
class JobCommandTest extends LoadTestSupport {

    @Test
    void aJobIdThatIsNoSalesforceIdIsAUsageErrorAndNothingReachesSalesforce() {
        int calls = simulator.calls().calls().size();
        int logins = simulator.sessions().logins();
        for (String command : new String[] {"job", "close-job", "abort-job"}) {
            for (String id : new String[] {"../../../services/oauth2/token", "750Dm0000000001AAA/../../x", "750Dm000000001", "."}) {
                CommandLine cli = CommandLine.parse(new String[] {command, id});
                PrintStream sink = new PrintStream(new ByteArrayOutputStream());
                assertThatThrownBy(() -> JobCommand.run(cli, settings(), sink, sink)).as(command + " " + id)
                        .isInstanceOf(UsageException.class).hasMessageContaining("15 or 18");
            }
        }
        assertThat(simulator.sessions().logins()).as("no login").isEqualTo(logins);
        assertThat(simulator.calls().calls()).as("no call").hasSize(calls);
    }
}
