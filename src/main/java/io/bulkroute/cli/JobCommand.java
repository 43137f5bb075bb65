package io.bulkroute.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.bulkroute.config.Settings;
import io.bulkroute.service.CamelRuntime;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.component.salesforce.api.SalesforceException;

/**
 * {@code close-job}, {@code abort-job} and {@code job}: one call on a job by id, Bulk 1.0 or 2.0,
 * printing the job as JSON. Exit 0 when Salesforce did it, 1 when it refused (with its reason).
 */
public final class JobCommand {
    // the JAXB module prints Bulk 1.0 enums as Salesforce spells them (Closed, not CLOSED)
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(new com.fasterxml.jackson.module.jakarta.xmlbind.JakartaXmlBindAnnotationModule())
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private JobCommand() {
    }

    public static int run(CommandLine cli, Settings settings, PrintStream out, PrintStream err) throws Exception {
        cli.allowOnly(Set.of("profile", "api"));
        if (cli.arguments().size() != 1) {
            throw new UsageException(cli.command() + " takes one JOB_ID");
        }
        String api = cli.option("api", "v1");
        if (!api.equals("v1") && !api.equals("v2")) {
            throw new UsageException("--api must be v1 or v2");
        }
        String operation = switch (cli.command()) {
            case "close-job" -> api.equals("v1") ? "closeJob" : "bulk2CloseJob";
            case "abort-job" -> api.equals("v1") ? "abortJob" : "bulk2AbortJob";
            default -> api.equals("v1") ? "getJob" : "bulk2GetJob";
        };
        String jobId = cli.arguments().get(0);
        try (CamelRuntime camel = new CamelRuntime(settings)) {
            Object job = camel.template().requestBodyAndHeaders("salesforce:" + operation, null, Map.of("jobId", jobId));
            out.println(JSON.writeValueAsString(job));
            if (!cli.command().equals("job")) {
                record(settings, jobId, cli.command().equals("close-job") ? (api.equals("v1") ? "Closed" : "UploadComplete") : "Aborted");
            }
            return 0;
        } catch (CamelExecutionException e) {
            err.println("bulkroute: " + cli.command() + " " + jobId + " refused: " + reason(e));
            return 1;
        }
    }

    /** When the ledger knows the job, it learns what was done to it. */
    private static void record(Settings settings, String jobId, String state) {
        var ledger = JobsCommand.open(settings);
        if (ledger.knowsJob(jobId)) {
            ledger.jobState(jobId, state);
        }
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SalesforceException se) {
                if (se.getErrors() != null && !se.getErrors().isEmpty()) {
                    var first = se.getErrors().get(0);
                    return first.getErrorCode() + ": " + first.getMessage() + " (HTTP " + se.getStatusCode() + ")";
                }
                return se.getMessage();
            }
        }
        return e.getMessage();
    }
}
