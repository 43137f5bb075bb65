package io.bulkroute.app.cli;

import io.bulkroute.model.BulkHeaders;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bulkroute.app.config.Settings;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.ledger.LoadEntry;
import io.bulkroute.model.Outcome;
import io.bulkroute.app.CamelRuntime;

/**
 * {@code resume [--load ID]}: picks up the loads a crashed process left unfinished (docs/architecture.md#resume), one
 * after the other, and exits when they have ended. A load another live process holds is left to it.
 * Exit status as for {@code load}, for the worst of them: 1 when one failed, 2 when one ended with
 * failed or unprocessed records, 0 otherwise (also when there was nothing to resume).
 */
public final class ResumeCommand {
    private ResumeCommand() {
    }

    public static int run(CommandLine cli, Settings settings, PrintStream out) throws Exception {
        cli.allowOnly(Set.of("profile", "load"));
        if (!cli.arguments().isEmpty()) {
            throw new UsageException("resume takes no argument; name one load with --load ID");
        }
        String only = cli.option("load", null);
        List<Map<String, Object>> reports = new ArrayList<>();
        List<String> held = new ArrayList<>();
        try (CamelRuntime camel = CamelRuntime.forCommand(settings)) {
            Ledger ledger = camel.context().getRegistry().lookupByNameAndType("ledger", Ledger.class);
            for (LoadEntry load : ledger.unfinishedLoads()) {
                if (only != null && !only.equals(load.loadId())) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> report = (Map<String, Object>) camel.template()
                        .requestBodyAndHeader("direct:bulk-resume", null, BulkHeaders.LOAD_ID, load.loadId());
                if (report.containsKey("heldBy")) {
                    held.add("Load " + load.loadId() + " is held by " + report.get("heldBy") + ": not resumed here");
                } else {
                    reports.add(report);
                }
            }
        }
        // printed once Camel has stopped, so the summaries are the last thing on the screen
        held.forEach(out::println);
        if (reports.isEmpty() && held.isEmpty()) {
            out.println(only == null ? "No unfinished load." : "Load " + only + " is not unfinished.");
        }
        int status = 0;
        for (Map<String, Object> report : reports) {
            Summary.print(report, out);
            int s = Outcome.valueOf(String.valueOf(report.get("outcome"))).exitStatus();
            status = s == 1 || status == 1 ? 1 : Math.max(status, s);
        }
        return status;
    }
}
