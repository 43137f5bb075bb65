package io.bulkroute.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

import io.bulkroute.config.Settings;
import io.bulkroute.ledger.Ledger;

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
        for (Map<String, Object> load : loads) {
            out.printf("load %s  %s  %s %s via %s  from %s  started %s%s%n", load.get("load_id"), load.get("state"),
                    load.get("operation"), load.get("object_name"), load.get("api"), load.get("source_name"),
                    load.get("started_at"), load.get("finished_at") == null ? "" : "  finished " + load.get("finished_at"));
            for (Map<String, Object> job : ledger.jobsOf((String) load.get("load_id"))) {
                out.printf("  job %s  %s  opened %s%n", job.get("job_id"), job.get("state"), job.get("opened_at"));
            }
        }
        return 0;
    }

    public static Ledger open(Settings settings) {
        return new Ledger(settings.get("bulk.ledger.url"), settings.get("bulk.ledger.user", ""),
                settings.get("bulk.ledger.password", ""));
    }
}
