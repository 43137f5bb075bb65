package io.bulkroute.app.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

import io.bulkroute.app.config.Settings;
import io.bulkroute.model.Api;
import io.bulkroute.lifecycle.JobActions;
import io.bulkroute.salesforce.SalesforceFailure;
import io.bulkroute.model.SalesforceNames;
import io.bulkroute.app.CamelRuntime;
import org.apache.camel.CamelExecutionException;

/**
 * {@code close-job}, {@code abort-job} and {@code job}: one call on a job by id, Bulk 1.0 or 2.0,
 * printing the job as JSON. Exit 0 when Salesforce did it, 1 when it refused (with its reason).
 */
public final class JobCommand {
    private JobCommand() {
    }

    public static int run(CommandLine cli, Settings settings, PrintStream out, PrintStream err) throws Exception {
        cli.allowOnly(Set.of("profile", "api"));
        if (cli.arguments().size() != 1) {
            throw new UsageException(cli.command() + " takes one JOB_ID");
        }
        String jobId = cli.arguments().get(0);
        try {
            // it would be put into the URL called with our session: refused before the login
            SalesforceNames.jobId(jobId);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Api typed = Api.of(cli.option("api", Api.V1.configName()));
        if (typed == null) {
            throw new UsageException("--api must be v1 or v2");
        }
        String api = typed.configName();
        String operation = JobActions.operation(cli.command(), api);
        try (CamelRuntime camel = CamelRuntime.forCommand(settings)) {
            Object job = camel.template().requestBodyAndHeaders("salesforce:" + operation, null, Map.of("jobId", jobId));
            out.println(JobActions.json(job));
            String state = JobActions.endState(cli.command(), api);
            if (state != null) {
                JobActions.record(JobsCommand.open(settings), jobId, state);
            }
            return 0;
        } catch (CamelExecutionException e) {
            err.println("bulkroute: " + cli.command() + " " + jobId + " refused: " + SalesforceFailure.of(e).refusal());
            return 1;
        }
    }
}
