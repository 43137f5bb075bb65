package io.bulkroute.app.cli;

import io.bulkroute.model.BulkHeaders;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.bulkroute.app.config.Settings;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.lifecycle.OutputFolder;
import io.bulkroute.lifecycle.OutputFolderException;
import io.bulkroute.model.Printable;
import io.bulkroute.model.Api;
import io.bulkroute.model.LoadRequestException;
import io.bulkroute.app.CamelRuntime;

/**
 * {@code load FILE --object O --operation OP …}: one load through the routes, waiting for its end.
 * Exit status 0 when every record succeeded, 2 when some failed or were not processed, 1 when the
 * load itself failed.
 */
public final class LoadCommand {
    static final Set<String> OPTIONS = Set.of("profile", "object", "operation", "external-id", "api", "batch-size",
            "serial", "out", "force");
    /** A load's headers as this command's options, for its refusals. */
    private static final Map<String, String> OPTION_OF = Map.of(BulkHeaders.OBJECT, "--object", BulkHeaders.OPERATION, "--operation",
            BulkHeaders.EXTERNAL_ID, "--external-id", BulkHeaders.API, "--api", BulkHeaders.BATCH_SIZE, "--batch-size", BulkHeaders.SOURCE, "FILE");

    private LoadCommand() {
    }

    public static int run(CommandLine cli, Settings settings, PrintStream out) throws Exception {
        cli.allowOnly(OPTIONS);
        if (cli.arguments().size() != 1) {
            throw new UsageException("load takes one FILE");
        }
        Path file = Path.of(cli.arguments().get(0));
        Map<String, Object> headers = new HashMap<>();
        headers.put(BulkHeaders.SOURCE, file.toAbsolutePath().toString());
        headers.put(BulkHeaders.SOURCE_NAME, file.toString());
        headers.put(BulkHeaders.OBJECT, cli.option("object", null));
        headers.put(BulkHeaders.OPERATION, cli.option("operation", null));
        headers.put(BulkHeaders.EXTERNAL_ID, cli.option("external-id", null));
        headers.put(BulkHeaders.API, cli.option("api", settings.get("bulk.api", Api.V1.configName())));
        headers.put(BulkHeaders.BATCH_SIZE, String.valueOf(cli.intOption("batch-size",
                Integer.parseInt(settings.get("bulk.batch-size", String.valueOf(LoadRequest.MAX_BATCH_SIZE))))));
        headers.put(BulkHeaders.SERIAL, String.valueOf(cli.has("serial")));
        headers.put(BulkHeaders.FORCE, String.valueOf(cli.has("force")));
        try {
            // at once, before Camel starts: the load would refuse them the same way, with Salesforce's login first
            LoadRequest.parse(name -> (String) headers.get(name), new LoadRequest.Defaults(file, null, Api.V1,
                    LoadRequest.MAX_BATCH_SIZE, 1, 0), name -> OPTION_OF.getOrDefault(name, name));
        } catch (LoadRequestException e) {
            throw new UsageException(e.getMessage());
        }
        // --out is checked below, as the folder it names
        headers.put(BulkHeaders.OUT_DIR, cli.option("out", null));
        headers.values().removeIf(java.util.Objects::isNull);
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
        // only the chosen API's routes are built: the other's would cost start-up time and never run
        Api api = Api.of(String.valueOf(headers.get(BulkHeaders.API)));
        try (CamelRuntime camel = CamelRuntime.forLoad(settings, api)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) camel.template().requestBodyAndHeaders("direct:bulk-load", null, headers);
            report = result;
        }
        // printed once Camel has stopped, so the summary is the last thing on the screen
        Summary.print(report, out);
        return io.bulkroute.model.Outcome.valueOf(String.valueOf(report.get("outcome"))).exitStatus();
    }
}
