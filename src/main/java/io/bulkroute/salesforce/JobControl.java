package io.bulkroute.salesforce;

import java.util.Map;

import io.bulkroute.load.LoadContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.bulk.JobInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes and aborts Bulk 1.0 jobs idempotently: after a retry whose first answer was lost,
 * "Closing already Closed Job not allowed" means the close took effect. A job that someone else
 * aborted is not an error of ours: its queued batches end NotProcessed and are accounted for.
 */
public final class JobControl {
    private static final Logger LOG = LoggerFactory.getLogger(JobControl.class);
    private String onFailure = "abort";

    /** {@code abort} (the default) or {@code close}: what to do with the job of a load that failed. */
    public void setOnFailure(String onFailure) {
        this.onFailure = onFailure == null || onFailure.isBlank() ? "abort" : onFailure.trim();
    }

    /** The completion signal has been reached: no more batches will come. */
    public void close(Exchange exchange) {
        change(SalesforceCalls.of(exchange.getContext()), load(exchange), "closeJob", "Closed");
    }

    /** After a failure: abort the job (or close it, with {@code bulk.on-failure=close}) so it is never left Open. */
    public void endAfterFailure(Exchange exchange) {
        LoadContext load = load(exchange);
        if (load == null || load.getJobId() == null) {
            return;
        }
        SalesforceCalls salesforce = SalesforceCalls.of(exchange.getContext());
        if ("Closed".equals(load.getJobState()) && !"close".equals(onFailure)) {
            change(salesforce, load, "abortJob", "Aborted");
        } else if (!"Closed".equals(load.getJobState()) && !"Aborted".equals(load.getJobState())) {
            change(salesforce, load, "close".equals(onFailure) ? "closeJob" : "abortJob",
                    "close".equals(onFailure) ? "Closed" : "Aborted");
        }
    }

    private static LoadContext load(Exchange exchange) {
        return exchange.getProperty(LoadContext.PROPERTY, LoadContext.class);
    }

    private static void change(SalesforceCalls salesforce, LoadContext load, String operation, String target) {
        try {
            JobInfo job = salesforce.call(load, operation, null, Map.of("jobId", load.getJobId()), JobInfo.class);
            load.setJobState(job.getState().value());
            LOG.info("Load {}: job {} is {}", load.getLoadId(), load.getJobId(), load.getJobState());
        } catch (RuntimeException e) {
            String message = rootMessage(e);
            if (message.contains("already " + target)) {
                load.setJobState(target);
            } else if (message.contains("already Aborted")) {
                load.setJobState("Aborted");
                LOG.warn("Load {}: job {} was aborted by someone else", load.getLoadId(), load.getJobId());
            } else {
                throw e;
            }
        }
    }

    private static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getMessage()).append(' ');
            if (t instanceof SalesforceException se && se.getErrors() != null) {
                se.getErrors().forEach(err -> all.append(err.getMessage()).append(' '));
            }
        }
        return all.toString();
    }
}
