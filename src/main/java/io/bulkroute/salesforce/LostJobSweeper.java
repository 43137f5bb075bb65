package io.bulkroute.salesforce;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bulkroute.model.Api;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.LoadRequest;
import org.apache.camel.component.salesforce.api.dto.bulk.JobInfo;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Jobs;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and aborts the jobs that creates whose answer was lost (a dropped connection, a timeout) may have
 * opened all the same, Bulk 1.0 or 2.0: nobody knows their ids, so they are looked for in the org's job list
 * ({@code GET /jobs/ingest}, where Bulk 1.0 jobs are listed with {@code jobType} Classic). A job is taken for
 * a lost one only when all of these hold:
 * <ul>
 * <li>it is Open, of the API the create was for (Classic, or V2Ingest);</li>
 * <li>for the same object, operation and external id field;</li>
 * <li>created by our user, since the first lost attempt (less the clock skew between Salesforce and us);</li>
 * <li>not a job this application opened, nor one the ledger knows (another load's, or one from before a crash);</li>
 * <li>for Bulk 1.0: it holds no batch.</li>
 * </ul>
 * Every create of this application holds the read lock while in flight, and a sweep holds the write lock:
 * while the job list is read, no create of ours is half done whose job could be taken for a lost one.
 */
public final class LostJobSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(LostJobSweeper.class);
    /** How far Salesforce's clock may be from ours when telling a lost job's createdDate. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Pattern QUERY_LOCATOR = Pattern.compile("[?&]queryLocator=([^&]+)");

    private final ReadWriteLock creating = new ReentrantReadWriteLock();
    /** Jobs this application opened and has not seen end: never taken for lost ones. */
    private final Set<String> opened = ConcurrentHashMap.newKeySet();

    /** What a lost create asked for, who made it and since when its job may be there. */
    public record LostCreate(JobTypeEnum type, String object, OperationEnum operation, String externalIdField,
                             String createdById, Instant since) {
        public static LostCreate of(JobTypeEnum type, LoadRequest request, String createdById, Instant since) {
            return new LostCreate(type, request.object(), OperationEnum.fromValue(request.operationKind().wire(Api.V2)),
                    request.externalIdField(), createdById, since);
        }
    }

    /** A create of ours: never runs while a sweep reads the job list. */
    public <T> T create(Supplier<T> create) {
        return locked(creating.readLock(), create);
    }

    /** A create tried again after a lost answer: the job the lost one opened is aborted first. */
    public <T> T sweepThenCreate(SalesforceCalls calls, LoadContext load, LostCreate lost, RetryPolicy retries,
                                 Supplier<T> create) {
        return locked(creating.writeLock(), () -> {
            abortLostJobs(calls, load, lost, retries);
            return create.get();
        });
    }

    /** Aborts the jobs lost creates of the load may have opened; how many. */
    public int sweep(SalesforceCalls calls, LoadContext load, LostCreate lost, RetryPolicy retries) {
        return locked(creating.writeLock(), () -> abortLostJobs(calls, load, lost, retries));
    }

    /** A job this application opened: never a lost one, until it has ended. */
    public void opened(String jobId) {
        opened.add(jobId);
    }

    public void ended(String jobId) {
        opened.remove(jobId);
    }

    private int abortLostJobs(SalesforceCalls calls, LoadContext load, LostCreate lost, RetryPolicy retries) {
        int aborted = 0;
        for (Job job : allJobs(calls, load, retries)) {
            if (!isLost(load, job, lost)) {
                continue;
            }
            // a lost create's 1.0 job never got a batch: one that has some is a job somebody uses
            if (lost.type() == JobTypeEnum.CLASSIC && !retries.call(() -> hasNoBatch(calls, load, job))) {
                continue;
            }
            LOG.warn("Load {}: job {} was opened by a create whose answer was lost; aborting it",
                    load.getLoadId(), job.getId());
            retries.run(() -> abort(calls, load, lost.type(), job.getId()));
            aborted++;
        }
        return aborted;
    }

    private boolean isLost(LoadContext load, Job job, LostCreate lost) {
        return job.getState() == JobStateEnum.OPEN
                && isOfType(job, lost.type())
                && job.getId() != null && load.getV1Jobs().stream().noneMatch(own -> job.getId().equals(own.getId())) && !opened.contains(job.getId())
                && lost.object().equalsIgnoreCase(String.valueOf(job.getObject()))
                && lost.operation() == job.getOperation()
                && Objects.equals(blankToNull(lost.externalIdField()), blankToNull(job.getExternalIdFieldName()))
                && SalesforceCalls.sameId(lost.createdById(), job.getCreatedById())
                && job.getCreatedDate() != null && !job.getCreatedDate().isBefore(lost.since().minus(CLOCK_SKEW))
                // a job of another load, or one opened before a crash, is not a lost one
                && (load.ledger() == null || !load.ledger().knowsJob(job.getId()));
    }

    /** A 2.0 job may be listed without its type. */
    private static boolean isOfType(Job job, JobTypeEnum type) {
        return type == JobTypeEnum.CLASSIC ? job.getJobType() == JobTypeEnum.CLASSIC
                : job.getJobType() == null || job.getJobType() == type;
    }

    private static boolean hasNoBatch(SalesforceCalls calls, LoadContext load, Job job) {
        JobInfo info = calls.call(load, "getJob", null, Map.of("jobId", job.getId()), JobInfo.class);
        return info.getNumberBatchesTotal() == null || info.getNumberBatchesTotal() == 0;
    }

    /** A job that ended meanwhile ("Aborting already Aborted Job") is as good as aborted. */
    private static void abort(SalesforceCalls calls, LoadContext load, JobTypeEnum type, String jobId) {
        try {
            if (type == JobTypeEnum.CLASSIC) {
                calls.call(load, "abortJob", null, Map.of("jobId", jobId), JobInfo.class);
            } else {
                calls.callOnce(load, "bulk2AbortJob", Map.of("jobId", jobId), Job.class);
            }
        } catch (RuntimeException e) {
            if (!SalesforceFailure.of(e).jobStateRefused()) {
                throw e;
            }
        }
    }

    /** Every job of the org, page by page. */
    private static List<Job> allJobs(SalesforceCalls calls, LoadContext load, RetryPolicy retries) {
        List<Job> all = new ArrayList<>();
        String locator = null;
        do {
            Map<String, Object> headers = locator == null ? Map.of() : Map.of("queryLocator", locator);
            Jobs page = retries.call(() -> calls.call(load, "bulk2GetAllJobs", null, headers, Jobs.class));
            if (page == null) {
                break;
            }
            if (page.getRecords() != null) {
                all.addAll(page.getRecords());
            }
            locator = queryLocator(page);
        } while (locator != null);
        return all;
    }

    private static String queryLocator(Jobs page) {
        if (Boolean.TRUE.equals(page.getDone()) || page.getNextRecordsUrl() == null) {
            return null;
        }
        Matcher m = QUERY_LOCATOR.matcher(page.getNextRecordsUrl());
        return m.find() ? m.group(1) : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static <T> T locked(Lock lock, Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
