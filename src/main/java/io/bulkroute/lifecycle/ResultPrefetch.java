package io.bulkroute.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Map;

import io.bulkroute.model.BatchRef;
import io.bulkroute.model.BulkHeaders;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.V1Job;
import io.bulkroute.outcome.ResultJoiner;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results of a 1.0 job's completed batches fetched several at a time ({@code bulk.upload-parallelism} of a load)
 * and kept on disk beside each batch's spool, before they are joined one batch after the other, in input order
 * (routes/load-v1.camel.yaml). Each fetch waits for its answer, which with 100 batches was most of a load's end.
 * A fetch that fails is only logged: the batch's results are fetched again when it is joined, where a failure
 * has the retries and the consequences it always had.
 */
public final class ResultPrefetch {
    private static final Logger LOG = LoggerFactory.getLogger(ResultPrefetch.class);
    private PiecesInFlight piecesInFlight;

    public void setPiecesInFlight(PiecesInFlight piecesInFlight) {
        this.piecesInFlight = piecesInFlight;
    }

    /** The job's completed batches, one handed out only when the load has a slot for it. */
    public Iterator<BatchRef> batches(@ExchangeProperty(V1Job.PROPERTY) V1Job job,
                                      @ExchangeProperties Map<String, Object> properties) {
        Iterator<BatchRef> completed = job.getBatches().stream().filter(b -> "Completed".equals(b.getState())).iterator();
        return piecesInFlight.bound(properties, completed);
    }

    /** The batch's results as {@code getResults} answered them, written whole before the batch knows of them. */
    public void keep(@ExchangeProperty(BulkHeaders.BATCH) BatchRef batch, @Body InputStream results) {
        Path kept = batch.getSpool().resolveSibling(batch.getSpool().getFileName() + ".results");
        Path partial = kept.resolveSibling(kept.getFileName() + ".part");
        try {
            Files.copy(results, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, kept, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the results of batch " + batch.getId(), e);
        }
        batch.setKeptResults(kept);
    }

    /** Joins the results kept for the batch, then lets them go. */
    public void join(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load,
                     @ExchangeProperty(BulkHeaders.BATCH) BatchRef batch) {
        Path kept = batch.getKeptResults();
        ResultJoiner.join(load, batch, kept);
        batch.setKeptResults(null);
        try {
            Files.deleteIfExists(kept);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", kept, e.getMessage());
        }
        LOG.info("Load {}: results of batch {} joined to its {} rows", load.getLoadId(), batch.getId(), batch.getRecords());
    }
}
