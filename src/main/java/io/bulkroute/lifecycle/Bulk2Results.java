package io.bulkroute.lifecycle;

import io.bulkroute.model.BulkHeaders;
import io.bulkroute.model.JobRef;
import io.bulkroute.outcome.Bulk2Join;
import io.bulkroute.salesforce.Bulk2Http;


import io.bulkroute.model.LoadContext;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 2.0 job's three result sets, streamed and joined to its rows once it has ended; a job never processed
 * has none to ask for, and all its rows are unprocessed.
 */
public final class Bulk2Results {
    private static final Logger LOG = LoggerFactory.getLogger(Bulk2Results.class);
    private Bulk2Jobs jobs = new Bulk2Jobs();
    private Executor executor = ForkJoinPool.commonPool();

    /**
     * Begins the join's first pass, the job's rows hashed, while Salesforce processes the job; what the join does
     * not take is let go of when the job's exchange is done.
     */
    public void hashRowsAhead(@ExchangeProperty(Bulk2Jobs.PROPERTY) JobRef ref, Exchange exchange) {
        if (hasResults(ref)) {
            Bulk2Join.Ahead ahead = joinOf(ref).ahead(ref.getSpool(), executor);
            exchange.setProperty(BulkHeaders.ROWS_AHEAD, ahead);
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    ahead.close();
                }
            });
        }
    }

    public void results(@ExchangeProperty(Bulk2Jobs.PROPERTY) JobRef ref, @ExchangeProperty(LoadContext.PROPERTY) LoadContext load,
                        @ExchangeProperty(BulkHeaders.ROWS_AHEAD) Bulk2Join.Ahead ahead, CamelContext camel) throws Exception {
        Bulk2Join join = joinOf(ref);
        long[] counts = null;
        if (hasResults(ref)) {
            Bulk2Http http = jobs.http(camel);
            Bulk2Join.ResultSource source = kind -> http.results(load, ref.getId(), switch (kind) {
                case SUCCESS -> "successfulResults";
                case FAILED -> "failedResults";
                case UNPROCESSED -> "unprocessedrecords";
            });
            if (load.isFailed()) {
                try {
                    counts = jobs.retries().call(() -> join(join, ref, ahead, source));
                } catch (RuntimeException e) {
                    Bulk2Jobs.gone(load, ref, e);
                }
            } else {
                counts = join.join(ref.getSpool(), ahead, source, ref.part("success"), ref.part("failed"),
                        ref.part("unprocessed"));
            }
        }
        if (counts == null) {
            counts = Bulk2Join.allUnprocessed(ref.getSpool(), ref.part("success"), ref.part("failed"), ref.part("unprocessed"));
        }
        ref.setOutcomeCounts(counts[0], counts[1], counts[2]);
        if (ref.getId() != null && ref.isEnded()) {
            jobs.sweeper().ended(ref.getId());
        }
        LOG.info("Load {}: job {} {}: {} succeeded, {} failed, {} unprocessed", load.getLoadId(), ref.getId(), ref.getState(),
                counts[0], counts[1], counts[2]);
    }

    /** A job that was uploaded and closed has results to ask for. */
    private static boolean hasResults(JobRef ref) {
        return ref.getId() != null && ref.isUploaded() && !ref.isNeverClosed() && !ref.getState().equals("Deleted");
    }

    private static Bulk2Join joinOf(JobRef ref) {
        return new Bulk2Join(ref.getSpool().resolveSibling("join-" + ref.getIndex()));
    }

    /** For a retry, which takes no checked exception. */
    private static long[] join(Bulk2Join join, JobRef ref, Bulk2Join.Ahead ahead, Bulk2Join.ResultSource source) {
        try {
            return join.join(ref.getSpool(), ahead, source, ref.part("success"), ref.part("failed"), ref.part("unprocessed"));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** Where the rows are hashed ahead: {@code bulkResultsExecutor}. */
    public void setExecutor(Executor executor) {
        this.executor = executor;
    }

    public void setJobs(Bulk2Jobs jobs) {
        this.jobs = jobs;
    }
}
