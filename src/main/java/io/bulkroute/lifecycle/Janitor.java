package io.bulkroute.lifecycle;

import io.bulkroute.model.Api;

import io.bulkroute.ledger.Ledger;
import io.bulkroute.ledger.StaleJob;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bulkroute.salesforce.SalesforceCalls;
import io.bulkroute.salesforce.SalesforceFailure;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends jobs this application opened that are still Open after {@code bulk.janitor.open-job-ttl}
 * with no live load behind them (the load ended, or its process stopped renewing its lease):
 * a job that holds batches is closed, so what was submitted is processed; an empty one is aborted.
 */
public final class Janitor {
    private static final Logger LOG = LoggerFactory.getLogger(Janitor.class);
    private Ledger ledger;
    private Duration openJobTtl = Duration.ofHours(1);

    /** How many stale jobs were ended. */
    public int sweep(CamelContext camel) {
        SalesforceCalls salesforce = SalesforceCalls.of(camel);
        List<StaleJob> stale = ledger.staleOpenJobs(Instant.now().minus(openJobTtl));
        int ended = 0;
        for (StaleJob job : stale) {
            String id = job.jobId();
            boolean v2 = Api.V2.is(job.api());
            boolean hasBatches = job.batches() > 0;
            String state = hasBatches ? (v2 ? "UploadComplete" : "Closed") : "Aborted";
            String operation = v2 ? (hasBatches ? "bulk2CloseJob" : "bulk2AbortJob") : (hasBatches ? "closeJob" : "abortJob");
            try {
                if (v2) {
                    salesforce.callOnce(null, operation, Map.of("jobId", id), Object.class);
                } else {
                    salesforce.call(null, operation, null, Map.of("jobId", id), Object.class);
                }
                LOG.warn("Janitor: job {} of load {} was still Open {} after it was opened with no live load behind it: {}",
                        id, job.loadId(), openJobTtl, state.equals("Aborted") ? "aborted (it held no batch)" : "closed");
            } catch (RuntimeException e) {
                SalesforceFailure failure = SalesforceFailure.of(e);
                if (!failure.jobStateRefused()) {
                    LOG.warn("Janitor: could not end job {}: {}", id, failure.describe());
                    continue;
                }
                state = failure.jobAlreadyIn("Aborted") ? "Aborted" : state;
            }
            ledger.jobState(id, state);
            ended++;
        }
        return ended;
    }

    public void setLedger(Ledger ledger) {
        this.ledger = ledger;
    }

    /** {@code 1h}, {@code 30m}, {@code 90s}, or an ISO-8601 duration ({@code PT1H}). */
    public void setOpenJobTtl(String ttl) {
        this.openJobTtl = parse(ttl);
    }

    public static Duration parse(String text) {
        String t = text.trim();
        if (t.toUpperCase().startsWith("P")) {
            return Duration.parse(t.toUpperCase());
        }
        long n = Long.parseLong(t.replaceAll("[^0-9]", ""));
        return switch (t.replaceAll("[0-9]", "").trim().toLowerCase()) {
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            case "ms" -> Duration.ofMillis(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
