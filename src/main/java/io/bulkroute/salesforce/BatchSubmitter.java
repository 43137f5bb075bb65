package io.bulkroute.salesforce;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.bulkroute.batch.Batch;
import io.bulkroute.load.BatchRef;
import io.bulkroute.load.LoadContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.api.dto.bulk.BatchInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits one batch with {@code createBatch}, never twice: when an earlier attempt's answer may have
 * been lost (a dropped connection after Salesforce accepted the batch), the job's batch list is
 * checked first, and a batch we do not know whose request has the same SHA-256 is taken as ours.
 */
public final class BatchSubmitter {
    private static final Logger LOG = LoggerFactory.getLogger(BatchSubmitter.class);
    public void submit(Exchange exchange) throws Exception {
        SalesforceCalls salesforce = SalesforceCalls.of(exchange.getContext());
        LoadContext load = exchange.getProperty(LoadContext.PROPERTY, LoadContext.class);
        Batch batch = exchange.getIn().getBody(Batch.class);
        BatchRef ref = load.getBatches().get(batch.index() - 1);
        if (ref.isSubmitted()) {
            return;
        }
        String jobId = load.getJobId();
        if (Boolean.TRUE.equals(exchange.getProperty("bulkUploadAttempted", Boolean.class))) {
            String known = findAccepted(salesforce, load, batch);
            if (known != null) {
                LOG.warn("Load {}: batch {} was accepted as {} although its answer was lost; not sending it again",
                        load.getLoadId(), batch.index(), known);
                ref.setId(known);
                ref.update("Queued", null);
                return;
            }
        }
        exchange.setProperty("bulkUploadAttempted", true);
        BatchInfo info = salesforce.call(load, "createBatch", batch.csv(), Map.of("jobId", jobId, "contentType", "CSV"),
                BatchInfo.class);
        ref.setId(info.getId());
        ref.update(info.getState().value(), info.getStateMessage());
        LOG.info("Load {}: batch {} of {} records accepted as {}", load.getLoadId(), batch.index(), batch.records(), info.getId());
    }

    private static String findAccepted(SalesforceCalls salesforce, LoadContext load, Batch batch) throws Exception {
        String jobId = load.getJobId();
        @SuppressWarnings("unchecked")
        List<BatchInfo> all = salesforce.call(load, "getAllBatches", null, Map.of("jobId", jobId), List.class);
        String ours = sha256(batch.csv());
        synchronized (load) {
            for (BatchInfo b : all) {
                if (load.batchById(b.getId()) != null) {
                    continue;
                }
                InputStream request = salesforce.call(load, "getRequest", null,
                        Map.of("jobId", jobId, "batchId", b.getId()), InputStream.class);
                byte[] bytes;
                try (request) {
                    bytes = request.readAllBytes();
                }
                if (ours.equals(sha256(bytes))) {
                    load.getBatches().get(batch.index() - 1).setId(b.getId());
                    return b.getId();
                }
            }
        }
        return null;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
