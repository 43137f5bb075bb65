package io.bulkroute.lifecycle;

import io.bulkroute.model.JobRef;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.bulkroute.model.Batch;
import io.bulkroute.input.CsvBatcher;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.LoadFailedException;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.salesforce.SalesforceFailure;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the input of a 2.0 load into jobs of at most {@code bulk.v2.job-max-bytes}, on row boundaries, for the
 * split of routes/load-v2.camel.yaml: at most {@code bulk.v2.parallel-jobs} of a load are handed out at once,
 * and each is registered with the load as it is handed out.
 */
public final class Bulk2Cutter {
    private static final Logger LOG = LoggerFactory.getLogger(Bulk2Cutter.class);
    private PiecesInFlight jobsInFlight = new PiecesInFlight(2);

    /**
     * The input cut into jobs, one at a time. A piece is cut one ahead, so a failure to cut (bad input, a
     * full disk) is met here, where it stops the load like a failed job does; thrown from the iterator, it
     * would end the split at once while jobs are still running. The slots that bound the jobs in flight go in
     * {@code properties}, where the split's pieces find them.
     */
    public Iterator<JobRef> jobs(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load,
                                 @ExchangeProperties Map<String, Object> properties) {
        List<Batch> cutAhead = load.getCutAhead();
        if (cutAhead != null) {
            load.setCutAhead(null);
            return jobsInFlight.bound(properties, new Pieces(load, cutAhead.iterator(), () -> { }));
        }
        LoadRequest r = load.getRequest();
        CsvBatcher cutter = new CsvBatcher(r.source(), r.sourceName(), Integer.MAX_VALUE, r.jobMaxBytes(),
                r.outDir().resolve(".work"), "job", load.getSnapshot());
        return jobsInFlight.bound(properties, new Pieces(load, cutter, cutter::close));
    }

    private static final class Pieces implements Iterator<JobRef> {
        private final LoadContext load;
        private final Iterator<Batch> cutter;
        private final Runnable close;
        private Batch ahead;
        private boolean done;

        Pieces(LoadContext load, Iterator<Batch> cutter, Runnable close) {
            this.load = load;
            this.cutter = cutter;
            this.close = close;
        }

        /*
         * Once true, stays true until next(): Camel's parallel split ends at once, with jobs still in
         * flight, when hasNext() turns false between its calls. A piece already cut when the load
         * starts stopping is still handed out; its job is not opened.
         */
        @Override
        public boolean hasNext() {
            if (ahead != null) {
                return true;
            }
            if (done) {
                return false;
            }
            if (Bulk2Jobs.stopping(load)) {
                finish();
                return false;
            }
            try {
                if (!cutter.hasNext()) {
                    finish();
                    return false;
                }
                ahead = cutter.next();
                return true;
            } catch (RuntimeException e) {
                finish();
                LoadFailedException failure = new LoadFailedException("The input could not be cut into jobs: "
                        + SalesforceFailure.of(e).describe(), e);
                if (load.stepFailed(failure)) {
                    LOG.error("Load {}: {}. No more jobs are opened; the running ones are aborted", load.getLoadId(),
                            failure.getMessage());
                }
                return false;
            }
        }

        @Override
        public JobRef next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Batch piece = ahead;
            ahead = null;
            // a resumed load cuts its input again, into the same pieces: those the ledger holds keep their jobs
            JobRef known = load.jobOfPiece(piece.index());
            if (known != null) {
                return known;
            }
            JobRef job = load.addJob(new JobRef(piece.index(), piece.records(), piece.firstLine(), piece.spool()));
            load.cut(piece.records());
            return job;
        }

        private void finish() {
            if (!done) {
                done = true;
                close.run();
            }
        }
    }

    public void setJobsInFlight(PiecesInFlight jobsInFlight) {
        this.jobsInFlight = jobsInFlight;
    }
}
