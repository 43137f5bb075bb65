package io.bulkroute.salesforce;

import static io.bulkroute.salesforce.Retries.withRetries;

import io.bulkroute.load.Reasons;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.bulkroute.load.LoadContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.apache.camel.component.salesforce.api.dto.bulk.JobInfo;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Jobs;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens, closes and aborts Bulk 1.0 jobs so that a job this application opened is never left Open:
 * <ul>
 * <li>closing and aborting are idempotent: after a retry whose first answer was lost, "Closing already
 * Closed Job not allowed" means the close took effect. A job that someone else aborted is not an error
 * of ours: its queued batches end NotProcessed and are accounted for.</li>
 * <li>a {@code createJob} whose answer was lost (a dropped connection, a timeout) may have opened a job
 * all the same, whose id nobody knows. Once a later attempt has opened the load's job, the org's job list
 * ({@code GET /jobs/ingest}, where Salesforce lists Bulk 1.0 jobs with {@code jobType} Classic) is read and
 * every such orphan is aborted: Open, Classic, opened by our user for the same object and operation
 * since that attempt, with no batch, and not a job this application opened.</li>
 * </ul>
 */
public final class JobControl {
    private static final Logger LOG = LoggerFactory.getLogger(JobControl.class);
    /** How far Salesforce's clock may be behind ours when telling an orphan's createdDate. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private String onFailure = "abort";
    /** Jobs this application opened that may still be Open: never taken for orphans. */
    private final Set<String> opened = ConcurrentHashMap.newKeySet();
    /**
     * Opening jobs takes the read lock, looking for orphans the write lock: while the job list is read,
     * no createJob of this application is in flight whose job could be taken for an orphan.
     */
    private final ReadWriteLock opening = new ReentrantReadWriteLock();

    /** {@code abort} (the default) or {@code close}: what to do with the job of a load that failed. */
    public void setOnFailure(String onFailure) {
        this.onFailure = onFailure == null || onFailure.isBlank() ? "abort" : onFailure.trim();
    }

    /** {@code createJob} with the body's JobInfo; a failed attempt is remembered, for {@link #abortOrphans}. */
    public JobInfo open(Exchange exchange) {
        LoadContext load = load(exchange);
        JobInfo wanted = exchange.getIn().getBody(JobInfo.class);
        Instant attempt = Instant.now();
        opening.readLock().lock();
        try {
            JobInfo job = SalesforceCalls.of(exchange.getContext()).call(load, "createJob", wanted, Map.of(), JobInfo.class);
            opened.add(job.getId());
            load.setJobCreatedById(job.getCreatedById());
            return job;
        } catch (RuntimeException e) {
            if (TransientFaults.answerMayBeLost(e)) {
                // the call may have taken effect although no answer came back
                load.createJobAnswerLost(attempt);
            }
            throw e;
        } finally {
            opening.readLock().unlock();
        }
    }

    /**
     * Aborts the jobs that {@code createJob} attempts whose answer was lost may have opened: once the load's job
     * is open, and again when a load fails (its job may never have opened). Each call is retried on its own, so
     * under faults the sweep does not have to get all its calls through in one go.
     */
    public void abortOrphans(Exchange exchange) {
        LoadContext load = load(exchange);
        Instant since = load == null ? null : load.getCreateJobAnswerLostSince();
        // a 2.0 load's lost creates are swept by its own steps (Bulk2Steps), among 2.0 jobs
        if (since == null || !"v1".equals(load.getApi())) {
            return;
        }
        SalesforceCalls salesforce = SalesforceCalls.of(exchange.getContext());
        // the load's own job says who we are; without one, the session does
        String me = load.getJobCreatedById() != null ? load.getJobCreatedById() : SalesforceCalls.userId(exchange.getContext());
        opening.writeLock().lock();
        try {
            for (Job job : allJobs(salesforce, load)) {
                if (isOrphanOf(load, job, since, me) && withRetries(() -> hasNoBatch(salesforce, load, job.getId()))) {
                    LOG.warn("Load {}: job {} was opened by a createJob whose answer was lost; aborting it",
                            load.getLoadId(), job.getId());
                    withRetries(() -> abort(salesforce, load, job.getId()));
                }
            }
            load.orphansHandled();
        } finally {
            opening.writeLock().unlock();
        }
    }

    private boolean isOrphanOf(LoadContext load, Job job, Instant since, String me) {
        return job.getJobType() == JobTypeEnum.CLASSIC
                && job.getState() == JobStateEnum.OPEN
                && !job.getId().equals(load.getJobId())
                && !opened.contains(job.getId())
                && job.getObject() != null && job.getObject().equalsIgnoreCase(load.getRequest().object())
                && job.getOperation() == OperationEnum.fromValue(operationWire(load.getRequest().operation()))
                && SalesforceCalls.sameId(me, job.getCreatedById())
                && job.getCreatedDate() != null && !job.getCreatedDate().isBefore(since.minus(CLOCK_SKEW))
                // a job of another load, or opened by a process that crashed, is not an orphan
                && (load.ledger() == null || !load.ledger().knowsJob(job.getId()));
    }

    private static boolean hasNoBatch(SalesforceCalls salesforce, LoadContext load, String jobId) {
        JobInfo job = salesforce.call(load, "getJob", null, Map.of("jobId", jobId), JobInfo.class);
        return job.getNumberBatchesTotal() == null || job.getNumberBatchesTotal() == 0;
    }

    private static Void abort(SalesforceCalls salesforce, LoadContext load, String jobId) {
        try {
            salesforce.call(load, "abortJob", null, Map.of("jobId", jobId), JobInfo.class);
        } catch (RuntimeException e) {
            if (!Reasons.allMessages(e).contains("already")) {
                throw e;
            }
        }
        return null;
    }

    /** Every job of the org, page by page. */
    private static List<Job> allJobs(SalesforceCalls salesforce, LoadContext load) {
        List<Job> all = new ArrayList<>();
        String locator = null;
        do {
            Map<String, Object> headers = new HashMap<>();
            if (locator != null) {
                headers.put("queryLocator", locator);
            }
            Jobs page = withRetries(() -> salesforce.call(load, "bulk2GetAllJobs", null, headers, Jobs.class));
            if (page == null) {
                break;
            }
            if (page.getRecords() != null) {
                all.addAll(page.getRecords());
            }
            locator = Boolean.TRUE.equals(page.getDone()) ? null : queryLocator(page.getNextRecordsUrl());
        } while (locator != null);
        return all;
    }

    private static String queryLocator(String nextRecordsUrl) {
        if (nextRecordsUrl == null) {
            return null;
        }
        int at = nextRecordsUrl.indexOf("queryLocator=");
        if (at < 0) {
            return null;
        }
        String locator = nextRecordsUrl.substring(at + "queryLocator=".length());
        int end = locator.indexOf('&');
        return end < 0 ? locator : locator.substring(0, end);
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

    private void change(SalesforceCalls salesforce, LoadContext load, String operation, String target) {
        try {
            JobInfo job = salesforce.call(load, operation, null, Map.of("jobId", load.getJobId()), JobInfo.class);
            load.setJobState(job.getState().value());
            LOG.info("Load {}: job {} is {}", load.getLoadId(), load.getJobId(), load.getJobState());
        } catch (RuntimeException e) {
            String message = Reasons.allMessages(e);
            if (message.contains("already " + target)) {
                load.setJobState(target);
            } else if (message.contains("already Aborted")) {
                load.setJobState("Aborted");
                LOG.warn("Load {}: job {} was aborted by someone else", load.getLoadId(), load.getJobId());
            } else {
                throw e;
            }
        }
        opened.remove(load.getJobId());
    }

    /** Salesforce's error code of a failed call ({@code InvalidJobState}, …), or null. */
    public static String errorCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SalesforceException se && se.getErrors() != null) {
                for (RestError error : se.getErrors()) {
                    if (error.getErrorCode() != null) {
                        return error.getErrorCode();
                    }
                }
            }
        }
        return null;
    }

    private static String operationWire(String operation) {
        return operation.equalsIgnoreCase("harddelete") ? "hardDelete" : operation.toLowerCase(java.util.Locale.ROOT);
    }
}
