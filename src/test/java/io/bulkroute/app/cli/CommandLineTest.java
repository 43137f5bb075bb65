package io.bulkroute.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import io.bulkroute.app.Bulkroute;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void parsesCommandArgumentsAndOptions() {
        CommandLine cli = CommandLine.parse(new String[] {"simulator", "--port", "8099", "--profile=prod"});
        assertThat(cli.command()).isEqualTo("simulator");
        assertThat(cli.intOption("port", 0)).isEqualTo(8099);
        assertThat(cli.option("profile", "dev")).isEqualTo("prod");
        assertThat(CommandLine.parse(new String[0]).command()).isEqualTo("run");
    }

    @Test
    void optionWithoutItsValueIsAUsageError() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"simulator", "--port"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("--port needs a value");
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        Output out = capture(() -> Bulkroute.run(new String[] {"--help"}));
        assertThat(out.status).isZero();
        assertThat(out.stdout).contains("Usage: java -jar bulkroute.jar", "simulator [--port N]");
    }

    @Test
    void usageErrorsExit64WithAHint() {
        assertThat(capture(() -> Bulkroute.run(new String[] {"frobnicate"})).status).isEqualTo(64);
        Output badOption = capture(() -> Bulkroute.run(new String[] {"simulator", "--colour", "red"}));
        assertThat(badOption.status).isEqualTo(64);
        assertThat(badOption.stderr).contains("unknown option --colour", "--help");
        assertThat(capture(() -> Bulkroute.run(new String[] {"simulator", "--port", "eighty"})).status).isEqualTo(64);
        assertThat(capture(() -> Bulkroute.run(new String[] {"run", "extra"})).status).isEqualTo(64);
        assertThat(capture(() -> Bulkroute.run(new String[] {"-x"})).status).isEqualTo(64);
    }

    @Test
    void anUnknownProfileIsAUsageErrorNamingIt() {
        Output out = capture(() -> Bulkroute.run(new String[] {"jobs", "--profile", "bogus"}));
        assertThat(out.status).isEqualTo(64);
        assertThat(out.stderr).startsWith("bulkroute: unknown profile 'bogus': there is no application-bogus.properties in ")
                .contains("(profiles: dev, prod)").doesNotContain("clientId");
    }

    @Test
    void aSettingThatIsNotANumberIsOneLineNamingIt() {
        System.setProperty("bulk.batch-size", "abc");
        try {
            Output out = capture(() -> Bulkroute.run(new String[] {"load", "x.csv", "--object", "Account", "--operation", "insert"}));
            assertThat(out.status).isEqualTo(1);
            assertThat(out.stderr).isEqualTo("bulkroute: the setting bulk.batch-size (BULK_BATCH_SIZE) must be a whole number,"
                    + " not 'abc'" + System.lineSeparator());
        } finally {
            System.clearProperty("bulk.batch-size");
        }
    }

    private record Output(int status, String stdout, String stderr) {
    }

    private static Output capture(Supplier<Integer> run) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int status = run.get();
            return new Output(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
