package io.bulkroute.app;

import java.util.Set;

import io.bulkroute.app.cli.CommandLine;
import io.bulkroute.app.cli.UsageException;
import io.bulkroute.app.config.Settings;
import io.bulkroute.app.Service;
import io.bulkroute.app.SimulatorCommand;

/** The command line of {@code bulkroute.jar}. */
public final class Bulkroute {
    public static final int USAGE = 64;

    static final String HELP = """
            Usage: java -jar bulkroute.jar [COMMAND] [OPTIONS]

            Loads data into Salesforce through the Bulk API, as declarative Camel routes.

            Commands:
              run                    service mode: every route in routes/ (the default command)
              load FILE --object O --operation insert|update|upsert|delete|hardDelete
                   [--external-id F] [--api v1|v2] [--batch-size N] [--serial] [--out DIR] [--force]
                                     one load; waits for its end, prints a summary, writes the
                                     outcome files and report.json to DIR (default outbox/<loadId>/;
                                     a DIR holding outcome files only with --force);
                                     exit 0 all succeeded, 2 some failed or unprocessed, 1 the load failed
              close-job JOB_ID [--api v1|v2]   closes an open job (v1 Closed, v2 UploadComplete)
              abort-job JOB_ID [--api v1|v2]   aborts a job
              job JOB_ID [--api v1|v2]         prints the job's state as JSON
                                     exit 0 done, 1 refused or unknown job (with Salesforce's reason)
              jobs [--open]          the ledger's loads and jobs (--open: unfinished loads, open jobs)
              resume [--load ID]     picks up the loads a crashed process left unfinished (their
                                     open jobs closed, submitted batches followed, results joined,
                                     outcome files written to their folders); exits when they end,
                                     with the exit status of load for the worst of them
              simulator [--port N]   the standalone Salesforce simulator; prints its base URL
              help                   this text

            Options for every command:
              --profile NAME         dev (default: embedded simulator) or prod (a real org);
                                     CAMEL_MAIN_PROFILE sets it too
              --help, -h             this text

            Exit status: 0 success, 1 failure, 64 usage error.
            """;

    private Bulkroute() {
    }

    public static void main(String[] args) {
        WarmUp.start();
        System.exit(run(args));
    }

    public static int run(String[] args) {
        try {
            CommandLine cli = CommandLine.parse(args);
            if (cli.has("help") || cli.command().equals("help")) {
                System.out.print(HELP);
                return 0;
            }
            String profile = cli.option("profile", envOr("CAMEL_MAIN_PROFILE", "dev"));
            Settings settings = Settings.load(profile);
            return switch (cli.command()) {
                case "run" -> {
                    cli.allowOnly(Set.of("profile"));
                    noArguments(cli);
                    yield Service.run(settings);
                }
                case "simulator" -> {
                    cli.allowOnly(Set.of("profile", "port"));
                    noArguments(cli);
                    yield SimulatorCommand.run(settings, cli.has("port") ? cli.intOption("port", 0) : null);
                }
                case "load" -> io.bulkroute.app.cli.LoadCommand.run(cli, settings, System.out);
                case "close-job", "abort-job", "job" -> io.bulkroute.app.cli.JobCommand.run(cli, settings, System.out, System.err);
                case "jobs" -> io.bulkroute.app.cli.JobsCommand.run(cli, settings, System.out);
                case "resume" -> io.bulkroute.app.cli.ResumeCommand.run(cli, settings, System.out);
                default -> throw new UsageException("unknown command '" + cli.command() + "'");
            };
        } catch (UsageException | io.bulkroute.app.config.UnknownProfileException e) {
            System.err.println("bulkroute: " + e.getMessage());
            System.err.println("Try 'java -jar bulkroute.jar --help'.");
            return USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            // a message may quote a file's name, and a name may hold control characters
            System.err.println("bulkroute: " + io.bulkroute.model.Printable.of(e.getMessage()));
            return 1;
        }
    }

    private static void noArguments(CommandLine cli) {
        if (!cli.arguments().isEmpty()) {
            throw new UsageException("'" + cli.command() + "' takes no argument '" + cli.arguments().get(0) + "'");
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
