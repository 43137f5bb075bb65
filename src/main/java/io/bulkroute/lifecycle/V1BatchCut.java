package io.bulkroute.lifecycle;

import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.V1Job;
import io.bulkroute.model.LoadFailedException;
import io.bulkroute.model.LoadRequest;

import java.util.Iterator;
import java.util.NoSuchElementException;

import io.bulkroute.model.BadInputException;
import io.bulkroute.model.Batch;
import io.bulkroute.input.CsvBatcher;
import io.bulkroute.ledger.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Bulk 1.0 load's input cut into batches, one at a time, each registered with the load (and the ledger) as it
 * is cut. Once a batch has failed for good the rest of the input is not cut.
 */
final class V1BatchCut implements Iterator<Batch> {
    private static final Logger LOG = LoggerFactory.getLogger(V1BatchCut.class);
    private final LoadContext load;
    private final V1Job job;
    private final Ledger ledger;
    private final CsvBatcher batcher;
    private Boolean more;

    V1BatchCut(LoadContext load, V1Job job, Ledger ledger) {
        this.load = load;
        this.job = job;
        this.ledger = ledger;
        LoadRequest r = load.getRequest();
        this.batcher = new CsvBatcher(r.source(), r.sourceName(), r.batchSize(), r.batchMaxBytes(),
                r.outDir().resolve(".work"), "batch", load.getSnapshot());
    }

    // an answer once given holds until next(), because Camel's parallel split ends when hasNext() changes its mind
    @Override
    public boolean hasNext() {
        if (more == null) {
            more = load.getStepFailure() == null && cutMore();
            if (!more) {
                batcher.close();
            }
        }
        return more;
    }

    // a source that changed since its check stops the cut like a batch that failed for good: thrown
    // from the iterator, it would end the split at once with uploads still in flight
    private boolean cutMore() {
        try {
            return batcher.hasNext();
        } catch (BadInputException e) {
            if (load.stepFailed(new LoadFailedException(e.getMessage(), e))) {
                LOG.error("Load {}: {}. No more batches are sent", load.getLoadId(), e.getMessage());
            }
            return false;
        }
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        more = null;
        Batch batch = batcher.next();
        // a resumed load cuts its input again, into the same batches: those the ledger holds are known
        if (load.batchOfPiece(batch.index()) != null) {
            return batch;
        }
        job.addBatch(load.addBatch(new BatchRef(batch.index(), batch.records(), batch.firstLine(), batch.spool())));
        ledger.batchCut(load.getLoadId(), batch.index(), batch.records(), batch.firstLine(), batch.spool().toString());
        load.cut(batch.records());
        return batch;
    }
}
