package io.bulkroute.app.cli;

import java.io.PrintStream;
import java.util.Set;

import io.bulkroute.app.config.Settings;
import io.bulkroute.ledger.JobEntry;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.ledger.LoadEntry;

/** {@code jobs [--open]}: the ledger's loads and their jobs, newest last; {@code --open}: those not finished. */
public final class JobsCommand {
    private JobsCommand() {
    }

    public static int run(CommandLine cli, Settings settings, PrintStream out) {
        cli.allowOnly(Set.of("profile", "open"));
        if (!cli.arguments().isEmpty()) {
            throw new UsageException("jobs takes no argument");
        }
        Ledger ledger = open(settings);
        var loads = ledger.loads(cli.has("open"));
        if (loads.isEmpty()) {
            out.println(cli.has("open") ? "No unfinished load and no open job." : "The ledger holds no load.");
        }
        for (LoadEntry load : loads) {
            out.printf("load %s  %s  %s %s via %s  from %s  started %s%s%n", load.loadId(), load.state(),
                    load.request().operation(), load.request().object(), load.request().api(), load.sourceName(),
                    load.startedAt(), load.finishedAt() == null ? "" : "  finished " + load.finishedAt());
            for (JobEntry job : ledger.jobsOf(load.loadId())) {
                out.printf("  job %s  %s  opened %s%n", job.jobId(), job.state(), job.openedAt());
            }
        }
        return 0;
    }

    public static Ledger open(Settings settings) {
        return new Ledger(settings.get("bulk.ledger.url"), settings.get("bulk.ledger.user", ""),
                settings.get("bulk.ledger.password", ""));
    }
}
