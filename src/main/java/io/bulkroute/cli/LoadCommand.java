package io.bulkroute.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.bulkroute.config.Settings;
import io.bulkroute.load.OutputFolder;
import io.bulkroute.load.OutputFolderException;
import io.bulkroute.load.Printable;
import io.bulkroute.service.CamelRuntime;

/**
 * {@code load FILE --object O --operation OP …}: one load through the routes, waiting for its end.
 * Exit status 0 when every record succeeded, 2 when some failed or were not processed, 1 when the
 * load itself failed.
 */
public final class LoadCommand {
    static final Set<String> OPTIONS = Set.of("profile", "object", "operation", "external-id", "api", "batch-size",
            "serial", "out", "force");
    private static final Set<String> OPERATIONS = Set.of("insert", "update", "upsert", "delete", "harddelete");

    private LoadCommand() {
    }

    public static int run(CommandLine cli, Settings settings, PrintStream out) throws Exception {
        cli.allowOnly(OPTIONS);
        if (cli.arguments().size() != 1) {
            throw new UsageException("load takes one FILE");
        }
        String object = cli.option("object", null);
        String operation = cli.option("operation", null);
        if (object == null || operation == null) {
            throw new UsageException("load needs --object and --operation");
        }
        if (!OPERATIONS.contains(operation.toLowerCase())) {
            throw new UsageException("--operation must be insert, update, upsert, delete or hardDelete");
        }
        if (operation.equalsIgnoreCase("upsert") && !cli.has("external-id")) {
            throw new UsageException("an upsert needs --external-id FIELD");
        }
        String api = cli.option("api", settings.get("bulk.api", "v1"));
        if (!api.equals("v1") && !api.equals("v2")) {
            throw new UsageException("--api must be v1 or v2");
        }
        int batchSize = cli.intOption("batch-size", Integer.parseInt(settings.get("bulk.batch-size", "10000")));
        if (batchSize < 1 || batchSize > 10_000) {
            throw new UsageException("--batch-size must be between 1 and 10000");
        }
        Path file = Path.of(cli.arguments().get(0));
        Map<String, Object> headers = new HashMap<>();
        headers.put("bulkSource", file.toAbsolutePath().toString());
        headers.put("bulkSourceName", file.toString());
        headers.put("bulkObject", object);
        headers.put("bulkOperation", operation);
        headers.put("bulkApi", api);
        headers.put("bulkBatchSize", String.valueOf(batchSize));
        headers.put("bulkSerial", String.valueOf(cli.has("serial")));
        headers.put("bulkForce", String.valueOf(cli.has("force")));
        if (cli.has("external-id")) {
            headers.put("bulkExternalId", cli.option("external-id", null));
        }
        if (cli.has("out")) {
            headers.put("bulkOutDir", cli.option("out", null));
        }
        if (!Files.isRegularFile(file)) {
            out.println("bulkroute: no such file " + Printable.of(file.toString()));
            return 1;
        }
        if (cli.has("out")) {
            // at once, before Camel starts: a folder that cannot take the outcome needs no Salesforce to say so
            try {
                Path folder = Path.of(cli.option("out", null)).toAbsolutePath();
                OutputFolder.check(folder, file, cli.has("force"));
                OutputFolder.make(folder);
            } catch (OutputFolderException | java.nio.file.InvalidPathException e) {
                out.println("bulkroute: " + e.getMessage());
                return 1;
            }
        }
        Map<String, Object> report;
        try (CamelRuntime camel = new CamelRuntime(settings)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) camel.template().requestBodyAndHeaders("direct:bulk-load", null, headers);
            report = result;
        }
        // printed once Camel has stopped, so the summary is the last thing on the screen
        Summary.print(report, out);
        return io.bulkroute.load.Outcome.valueOf(String.valueOf(report.get("outcome"))).exitStatus();
    }
}
