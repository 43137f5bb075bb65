package io.bulkroute.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.V1Job;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.salesforce.api.dto.bulk.BatchInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Bulk 1.0 batches Salesforce accepted although their {@code createBatch} answer never came
 * (a dropped connection, a timeout, a crash before the ledger heard of it). Such a batch is in the job's
 * batch list under an id this load does not know; its request ({@code getRequest}) is the exact bytes of
 * one of our spools, so the SHA-256 of the two tells which batch it is. Identical spools (duplicate rows)
 * are matched one each.
 *
 * <p>Asked before a lost batch is sent again (so it is never sent twice), and once more before the job is
 * followed, for every batch whose answer may have been lost and that was never matched: also when the job
 * was aborted meanwhile, its retries ran out, or the load failed, so a batch Salesforce processed has its
 * results joined instead of its rows reported unprocessed.
 */
public final class LostBatches {
    private static final Logger LOG = LoggerFactory.getLogger(LostBatches.class);
    private RetryPolicy retries = new RetryPolicy();

    /** The route step before a job is followed: every batch whose answer may have been lost is looked for. */
    public void reconcile(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load, @ExchangeProperty(V1Job.PROPERTY) V1Job job,
                          CamelContext camel) {
        if (load == null || job == null || job.getId() == null) {
            return;
        }
        List<BatchRef> lost = job.getBatches().stream().filter(b -> !b.isSubmitted() && b.isAnswerMayBeLost()).toList();
        if (lost.isEmpty()) {
            return;
        }
        try {
            int found = match(camel, load, job, lost, null, retries);
            LOG.info("Load {}: {} of {} batches whose answer was lost were found in job {}", load.getLoadId(), found,
                    lost.size(), job.getId());
        } catch (RuntimeException e) {
            // their rows stay unprocessed, with the reason; the load does not fail for it
            LOG.error("Load {}: the batches whose answer was lost could not be looked for in job {}: {}",
                    load.getLoadId(), job.getId(), SalesforceFailure.of(e).describe());
            lost.forEach(b -> b.update(b.getState(), "its answer was lost and the job's batches could not be read: "
                    + SalesforceFailure.of(e).describe()));
        }
    }

    /**
     * Matches {@code candidates} to the batches of {@code job} it does not know, by the SHA-256 of their
     * requests; a matched batch takes its id and state and is written to the ledger.
     *
     * @param listed the job's batch list if the caller has just read it, or null to read it here
     * @param retries how calls are retried here ({@link RetryPolicy#ONCE} where the error handler retries the step)
     * @return how many candidates were found
     */
    public static int match(CamelContext camel, LoadContext load, V1Job job, List<BatchRef> candidates, List<BatchInfo> listed,
            RetryPolicy retries) {
        SalesforceCalls salesforce = SalesforceCalls.of(camel);
        String jobId = job.getId();
        List<BatchInfo> all = listed != null ? listed : allBatches(salesforce, load, jobId, retries);
        // one load looks at a time: two lost batches of one load must not both take the same stranger
        synchronized (load) {
            Map<String, Deque<BatchRef>> wanted = new HashMap<>();
            for (BatchRef ref : candidates) {
                if (!ref.isSubmitted()) {
                    wanted.computeIfAbsent(sha256(ref), h -> new ArrayDeque<>()).add(ref);
                }
            }
            int found = 0;
            for (BatchInfo info : all) {
                if (wanted.isEmpty()) {
                    break;
                }
                if (job.batchById(info.getId()) != null) {
                    continue;
                }
                Deque<BatchRef> same = wanted.get(requestSha256(salesforce, load, jobId, info.getId(), retries));
                if (same == null) {
                    continue;
                }
                BatchRef ref = same.poll();
                if (same.isEmpty()) {
                    wanted.values().remove(same);
                }
                ref.setId(info.getId());
                ref.update(info.getState().value(), info.getStateMessage());
                load.ledger().batchSubmitted(load.getLoadId(), ref.getIndex(), jobId, info.getId());
                LOG.warn("Load {}: batch {} was accepted as {} although its answer was lost; its results are joined",
                        load.getLoadId(), ref.getIndex(), info.getId());
                found++;
            }
            return found;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<BatchInfo> allBatches(SalesforceCalls salesforce, LoadContext load, String jobId, RetryPolicy retries) {
        return retries.call(() -> salesforce.call(load, "getAllBatches", null, Map.of("jobId", jobId), List.class));
    }

    private static String requestSha256(SalesforceCalls salesforce, LoadContext load, String jobId, String batchId,
            RetryPolicy retries) {
        return retries.call(() -> {
            InputStream request = salesforce.call(load, "getRequest", null, Map.of("jobId", jobId, "batchId", batchId),
                    InputStream.class);
            try (request) {
                return sha256(request);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String sha256(BatchRef ref) {
        try (InputStream spool = Files.newInputStream(ref.getSpool())) {
            return sha256(spool);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read batch " + ref.getIndex() + " from " + ref.getSpool(), e);
        }
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream through = new DigestInputStream(in, digest)) {
                through.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void setRetryPolicy(RetryPolicy retries) {
        this.retries = retries;
    }
}
