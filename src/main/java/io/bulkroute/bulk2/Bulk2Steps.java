package io.bulkroute.bulk2;

import static io.bulkroute.salesforce.Retries.withRetries;

import io.bulkroute.load.Reasons;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bulkroute.batch.Batch;
import io.bulkroute.batch.CsvBatcher;
import io.bulkroute.load.LoadContext;
import io.bulkroute.load.LoadFailedException;
import io.bulkroute.load.LoadRequest;
import io.bulkroute.monitor.PollBackoff;
import io.bulkroute.monitor.PollPolicy;
import io.bulkroute.salesforce.SalesforceCalls;
import io.bulkroute.salesforce.TransientFaults;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Jobs;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a Bulk 2.0 load that routes/load-v2.camel.yaml calls: the input cut into jobs of at
 * most {@code bulk.v2.job-max-bytes}, each job opened, uploaded once, closed on its completion
 * signal, followed to its end, and its results joined to its rows. The current job rides on the
 * exchange as the property {@code bulkJob}.
 *
 * <p>A step that fails for good inside the split of the load into jobs is handled there (the error
 * handler records it as the load's step failure): from then on the load is stopping. No more jobs are
 * cut or opened, each job still running aborts itself at its next step (its rows processed so far are
 * still joined), and once the split has returned the load fails ({@code loads.allSubmitted}).
 *
 * <p>Every step may be retried by the error handler after a transient fault, also when the fault
 * was a lost answer to a call that took effect: a create whose answer was lost left an Open job
 * nobody knows, which the retry finds in the org's job list and aborts; an upload already there
 * ("Found multipe contents") and a job already closed count as done.
 */
public final class Bulk2Steps {
    private static final Logger LOG = LoggerFactory.getLogger(Bulk2Steps.class);
    public static final String JOB = "bulkJob";
    /** How far Salesforce's clock may be from ours when telling our lost job from older ones. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Pattern ALREADY = Pattern.compile("already (\\w+)");
    private static final Pattern NOT_IN_STATE = Pattern.compile("not in Open state: (\\w+)");
    private static final Pattern QUERY_LOCATOR = Pattern.compile("[?&]queryLocator=([^&]+)");

    /**
     * Creates of this application in flight hold the read lock; a retried create holds the write lock
     * while it looks for the job its lost answer opened, so no create of ours is half done meanwhile.
     */
    private static final ReentrantReadWriteLock CREATES = new ReentrantReadWriteLock();
    /** Jobs this application opened and has not seen end: never taken for a lost create's job. */
    private static final Set<String> OPENED = ConcurrentHashMap.newKeySet();

    private String apiVersion = "62.0";
    private PollPolicy pollPolicy = new PollPolicy();
    private io.bulkroute.batch.PiecesInFlight jobsInFlight = new io.bulkroute.batch.PiecesInFlight(2);

    /**
     * The input cut into jobs, one at a time, each registered with the load as it is handed out.
     * A piece is cut one ahead, so a failure to cut (bad input, a full disk) is met here, where it
     * stops the load like a failed job does; thrown from the iterator, it would end the split at once
     * while jobs are still running.
     */
    public Iterator<JobRef> jobs(Exchange exchange) {
        LoadContext load = load(exchange);
        LoadRequest r = load.getRequest();
        CsvBatcher cutter = new CsvBatcher(r.source(), r.sourceName(), Integer.MAX_VALUE, r.jobMaxBytes(),
                r.outDir().resolve(".work"), "job", load.getSnapshot());
        return jobsInFlight.bound(exchange, new Iterator<>() {
            private Batch ahead;
            private boolean done;

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
                if (stopping(load)) {
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
                    LoadFailedException failure = new LoadFailedException("The input could not be cut into jobs: " + Reasons.describe(e), e);
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
                    cutter.close();
                }
            }
        });
    }

    /**
     * Opens the job for the piece in the body ({@code bulk2CreateJob}), unless the load is stopping.
     * An attempt whose answer was lost (a dropped connection, a timeout) may have opened a job all the
     * same, whose id nobody knows: the next attempt first looks for it in the org's job list (an Open
     * 2.0 job of our user, for this object and operation, opened since the first attempt, that this
     * application does not know) and aborts it. It has no data.
     */
    public void open(Exchange exchange) {
        JobRef ref = exchange.getProperty(JOB, JobRef.class);
        if (ref == null) {
            ref = exchange.getIn().getBody(JobRef.class);
            exchange.setProperty(JOB, ref);
        }
        LoadContext load = load(exchange);
        if (ref.getId() != null && ref.isResumed()) {
            refresh(exchange.getContext(), load, ref);
        }
        if (ref.getId() != null) {
            return;
        }
        if (stopping(load)) {
            LOG.info("Load {}: the load is stopping, no job is opened for the {} records from line {}", load.getLoadId(),
                    ref.getRecords(), ref.getFirstLine());
            return;
        }
        CamelContext camel = exchange.getContext();
        Job request = jobRequest(load.getRequest());
        boolean lost = ref.isCreateAnswerLost();
        ref.createAttempt();
        Lock lock = lost ? CREATES.writeLock() : CREATES.readLock();
        lock.lock();
        try {
            if (lost) {
                abortLostJobs(camel, load, ref.getFirstCreateAttempt(), request);
            }
            Job job = SalesforceCalls.of(camel).call(load, "bulk2CreateJob", request, Map.of(), Job.class);
            OPENED.add(job.getId());
            ref.setId(job.getId());
            ref.setState(stateOf(job));
        } catch (RuntimeException e) {
            if (TransientFaults.answerMayBeLost(e)) {
                ref.createAnswerLost();
                load.createJobAnswerLost(ref.getFirstCreateAttempt());
            }
            throw failedStep(ref, e);
        } finally {
            lock.unlock();
        }
        LOG.info("Load {}: job {} opened for {} records from line {}", load.getLoadId(), ref.getId(),
                ref.getRecords(), ref.getFirstLine());
        if (stopping(load)) {
            // the load failed while this job was being opened: it gets no data
            abort(camel, load, ref);
        }
    }

    /**
     * A job of a resumed load: what happened to it while no process followed it. A job past Open had its
     * upload and its close. An Open one may or may not hold its upload, and Salesforce does not say: it
     * is aborted (an Open job is never processed, so none of its rows were loaded) and the piece gets a
     * new job. Sending the upload again instead would rely on Salesforce refusing a second one, which it
     * may only do when the job is closed.
     */
    private static void refresh(CamelContext camel, LoadContext load, JobRef ref) {
        Job job = SalesforceCalls.of(camel).call(load, "bulk2GetJob", null, Map.of("jobId", ref.getId()), Job.class);
        String before = ref.getState();
        ref.setState(stateOf(job));
        ref.stateRefreshed();
        LOG.info("Load {}: resumed job {} is {}", load.getLoadId(), ref.getId(), ref.getState());
        switch (ref.getState()) {
            case "Open" -> {
                abort(camel, load, ref);
                if (ref.getState().equals("Aborted")) {
                    LOG.warn("Load {}: job {} was still Open: aborted, its {} records go in a new job", load.getLoadId(),
                            ref.getId(), ref.getRecords());
                    ref.reopen();
                }
            }
            case "Aborted" -> {
                // aborted while we were gone: its rows are processed only if it had been closed first
                ref.setUploaded(!before.equals("Open"));
                ref.setNeverClosed(before.equals("Open"));
            }
            default -> ref.setUploaded(true);
        }
    }

    /** The one upload, streamed from the spool; a retry after a lost answer finds it already there. */
    public void upload(Exchange exchange) throws Exception {
        JobRef ref = job(exchange);
        if (ref.getId() == null || ref.isEnded() || ref.isUploaded()) {
            return;
        }
        LoadContext load = load(exchange);
        if (stopping(load)) {
            abort(exchange.getContext(), load, ref);
            return;
        }
        boolean retried = ref.uploadAttempted();
        try {
            new Bulk2Http(exchange.getContext(), apiVersion).upload(load, ref.getId(), ref.getSpool());
        } catch (SalesforceException e) {
            String message = Reasons.allMessages(e);
            Matcher state = NOT_IN_STATE.matcher(message);
            if (retried && message.contains("multipe contents")) {
                LOG.warn("Load {}: job {} already had its upload (an earlier answer was lost)", load.getLoadId(), ref.getId());
            } else if (state.find() && state.group(1).equals("Aborted")) {
                // aborted (by someone else, or by this load stopping) before its data arrived: nothing was processed
                ref.setState("Aborted");
                ref.setNeverClosed(true);
                LOG.warn("Load {}: job {} was aborted before its upload; its {} records are unprocessed", load.getLoadId(),
                        ref.getId(), ref.getRecords());
                return;
            } else {
                throw failedStep(ref, e);
            }
        }
        ref.setUploaded(true);
    }

    /**
     * The job's completion signal: its last row is uploaded. Closing is UploadComplete. camel-salesforce
     * completes a failing close twice, so the call is made with {@link SalesforceCalls#callOnce}.
     */
    public void close(Exchange exchange) {
        JobRef ref = job(exchange);
        if (ref.getId() == null || ref.isEnded() || !ref.isUploaded()) {
            return;
        }
        LoadContext load = load(exchange);
        if (stopping(load)) {
            abort(exchange.getContext(), load, ref);
            return;
        }
        boolean retried = ref.closeAttempted();
        try {
            Job job = SalesforceCalls.of(exchange.getContext()).callOnce(load, "bulk2CloseJob", Map.of("jobId", ref.getId()), Job.class);
            ref.setState(stateOf(job));
        } catch (RuntimeException e) {
            String message = Reasons.allMessages(e);
            Matcher already = ALREADY.matcher(message);
            if (!message.contains("Closing already") || !already.find()) {
                throw failedStep(ref, e);
            }
            String state = already.group(1);
            switch (state) {
                // an earlier close took effect, its answer was lost
                case "UploadComplete", "InProgress", "JobComplete" -> ref.setState("UploadComplete");
                case "Aborted", "Failed" -> {
                    // ended before it was closed: by someone else (if this was our first close, we never closed it)
                    LOG.warn("Load {}: job {} ended before it was closed ({})", load.getLoadId(), ref.getId(), Reasons.describe(e));
                    ref.setState(state);
                    ref.setNeverClosed(!retried);
                }
                default -> throw failedStep(ref, e);
            }
        }
        LOG.info("Load {}: job {} uploaded and closed ({})", load.getLoadId(), ref.getId(), ref.getState());
    }

    /** Follows an uploaded job with {@code bulk2GetJob} until it ends; a job never uploaded has nothing to follow. */
    public void startMonitoring(Exchange exchange) {
        JobRef ref = job(exchange);
        PollBackoff backoff = pollPolicy.start();
        exchange.setProperty("bulkBackoff", backoff);
        exchange.setProperty("bulkMonitoring", ref.getId() != null && ref.isUploaded() && !ref.isNeverClosed()
                && !ref.getState().equals("Deleted"));
        exchange.setProperty("bulkPollDelay", backoff.nextDelay());
        exchange.getIn().setHeader("jobId", ref.getId());
    }

    /**
     * One {@code bulk2GetJob} (after aborting the job if the load is stopping). A failure goes to the
     * error handler, which retries transient ones;
     * in a load that has already failed (its failure handling follows what its jobs left) a call is
     * retried here, and a job that cannot be followed any more ends its follow with its rows unprocessed.
     */
    public void poll(Exchange exchange) {
        JobRef ref = job(exchange);
        LoadContext load = load(exchange);
        SalesforceCalls calls = SalesforceCalls.of(exchange.getContext());
        if (stopping(load) && !ref.isEnded()) {
            // another job failed: this one is aborted, and followed until it has settled
            abort(exchange.getContext(), load, ref);
        }
        Job job;
        if (load.isFailed()) {
            try {
                job = withRetries(() -> calls.call(load, "bulk2GetJob", null, Map.of("jobId", ref.getId()), Job.class));
            } catch (RuntimeException e) {
                gone(load, ref, e);
                exchange.setProperty("bulkMonitoring", false);
                return;
            }
        } else {
            job = calls.call(load, "bulk2GetJob", null, Map.of("jobId", ref.getId()), Job.class);
        }
        ref.setState(stateOf(job));
        ref.setErrorMessage(job.getErrorMessage());
        long processed = job.getNumberRecordsProcessed() == null ? 0 : job.getNumberRecordsProcessed();
        long failed = job.getNumberRecordsFailed() == null ? 0 : job.getNumberRecordsFailed();
        ref.progress(processed, failed);
        LOG.info("Load {}: job {} {}: {} of {} records processed ({}%), {} failed", load.getLoadId(), ref.getId(),
                ref.getState(), processed, ref.getRecords(), processed * 100 / Math.max(1, ref.getRecords()), failed);
        exchange.setProperty("bulkMonitoring", !ref.isEnded());
        exchange.setProperty("bulkPollDelay", exchange.getProperty("bulkBackoff", PollBackoff.class).nextDelay());
    }

    /** The three result sets, streamed and joined to the job's rows. A job never processed has none to ask for. */
    public void results(Exchange exchange) throws Exception {
        JobRef ref = job(exchange);
        LoadContext load = load(exchange);
        Bulk2Join join = new Bulk2Join(ref.getSpool().resolveSibling("join-" + ref.getIndex()));
        long[] counts = null;
        if (ref.getId() != null && ref.isUploaded() && !ref.isNeverClosed() && !ref.getState().equals("Deleted")) {
            Bulk2Http http = new Bulk2Http(exchange.getContext(), apiVersion);
            Bulk2Join.ResultSource source = kind -> http.results(load, ref.getId(), switch (kind) {
                case SUCCESS -> "successfulResults";
                case FAILED -> "failedResults";
                case UNPROCESSED -> "unprocessedrecords";
            });
            if (load.isFailed()) {
                try {
                    counts = withRetries(() -> {
                        try {
                            return join.join(ref.getSpool(), source, ref.part("success"), ref.part("failed"), ref.part("unprocessed"));
                        } catch (RuntimeException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new org.apache.camel.RuntimeCamelException(e);
                        }
                    });
                } catch (RuntimeException e) {
                    gone(load, ref, e);
                }
            } else {
                counts = join.join(ref.getSpool(), source, ref.part("success"), ref.part("failed"), ref.part("unprocessed"));
            }
        }
        if (counts == null) {
            counts = join.join(ref.getSpool(), kind -> java.io.InputStream.nullInputStream(),
                    ref.part("success"), ref.part("failed"), ref.part("unprocessed"));
        }
        ref.setOutcomeCounts(counts[0], counts[1], counts[2]);
        if (ref.getId() != null && ref.isEnded()) {
            OPENED.remove(ref.getId());
        }
        LOG.info("Load {}: job {} {}: {} succeeded, {} failed, {} unprocessed", load.getLoadId(), ref.getId(), ref.getState(),
                counts[0], counts[1], counts[2]);
    }

    /**
     * After a failure: no more jobs are opened and every job still running is aborted, so none is left
     * Open or UploadComplete. Then the jobs that creates whose answer was lost may have opened are found and
     * aborted (also those of a load resumed from the ledger). A job it cannot abort is followed to its end;
     * a sweep that cannot get through leaves the load unfinished, so the next resume sweeps again.
     */
    public void abortUnfinished(Exchange exchange) {
        LoadContext load = load(exchange);
        if (load == null) {
            return;
        }
        for (JobRef ref : load.getJobs()) {
            if (ref.getId() != null && !ref.isEnded()) {
                abort(exchange.getContext(), load, ref);
            }
        }
        Instant since = load.getCreateJobAnswerLostSince();
        if (since != null && "v2".equals(load.getApi())) {
            abortLostJobsOf(exchange.getContext(), load, since);
        }
    }

    /** Never throws: the failure is ending the load; one whose lost jobs cannot be looked for now stays to be resumed. */
    private static void abortLostJobsOf(CamelContext camel, LoadContext load, Instant since) {
        CREATES.writeLock().lock();
        try {
            withRetries(() -> {
                abortLostJobs(camel, load, since, jobRequest(load.getRequest()));
                return null;
            });
            load.orphansHandled();
        } catch (RuntimeException e) {
            LOG.error("Load {}: the jobs lost creates may have opened could not be looked for ({}); resume the load to"
                    + " look again", load.getLoadId(), Reasons.describe(e));
            load.resultsUnread();
        } finally {
            CREATES.writeLock().unlock();
        }
    }

    /** A step of the job failed: if for good (it is not retried), the job's report says why. */
    private static <E extends Exception> E failedStep(JobRef ref, E e) {
        if (!TransientFaults.isTransient(e)) {
            ref.setErrorMessage(Reasons.describe(e));
        }
        return e;
    }

    /** A job of the load failed for good, or the load itself did: no more jobs are opened, the running ones end. */
    private static boolean stopping(LoadContext load) {
        return load.getStepFailure() != null || load.isFailed();
    }

    /** Aborts one job, retrying transient faults; a job already ended keeps its state. Never throws. */
    private static void abort(CamelContext camel, LoadContext load, JobRef ref) {
        SalesforceCalls calls = SalesforceCalls.of(camel);
        try {
            Job job = withRetries(() -> calls.callOnce(load, "bulk2AbortJob", Map.of("jobId", ref.getId()), Job.class));
            ref.setState(stateOf(job));
            if (!ref.isUploaded()) {
                ref.setNeverClosed(true);
            }
            LOG.warn("Load {}: job {} aborted", load.getLoadId(), ref.getId());
        } catch (RuntimeException e) {
            Matcher already = ALREADY.matcher(Reasons.allMessages(e));
            if (already.find()) {
                ref.setState(already.group(1));
            } else if (isNotFound(e)) {
                gone(load, ref, e);
            } else {
                LOG.error("Load {}: job {} could not be aborted: {}", load.getLoadId(), ref.getId(), Reasons.describe(e));
            }
        }
    }

    /** A job Salesforce no longer knows (deleted by someone else), or can no longer tell us about: its rows are unprocessed. */
    private static void gone(LoadContext load, JobRef ref, RuntimeException e) {
        if (isNotFound(e)) {
            ref.setState("Deleted");
        } else {
            // it may still be there once the faults pass: a resume follows it again
            load.resultsUnread();
        }
        ref.setErrorMessage("The job could not be followed to its end: " + Reasons.describe(e));
        LOG.error("Load {}: job {} cannot be followed any more ({}); its records are counted unprocessed", load.getLoadId(),
                ref.getId(), Reasons.describe(e));
    }

    /** Finds and aborts the Open job a create whose answer was lost may have opened (see {@link #open}). */
    private static void abortLostJobs(CamelContext camel, LoadContext load, Instant firstAttempt, Job request) {
        SalesforceCalls calls = SalesforceCalls.of(camel);
        String me = SalesforceCalls.userId(camel);
        Instant since = firstAttempt.minus(CLOCK_SKEW);
        List<Job> lost = new ArrayList<>();
        String locator = null;
        do {
            Map<String, Object> headers = locator == null ? Map.of() : Map.of("queryLocator", locator);
            Jobs page = calls.call(load, "bulk2GetAllJobs", null, headers, Jobs.class);
            if (page == null) {
                break;
            }
            if (page.getRecords() != null) {
                for (Job j : page.getRecords()) {
                    if (isLostJob(load, j, request, me, since)) {
                        lost.add(j);
                    }
                }
            }
            locator = queryLocator(page);
        } while (locator != null);
        for (Job j : lost) {
            LOG.warn("Load {}: job {} was opened by a create whose answer was lost; aborting it", load.getLoadId(), j.getId());
            try {
                calls.callOnce(load, "bulk2AbortJob", Map.of("jobId", j.getId()), Job.class);
            } catch (RuntimeException e) {
                if (!Reasons.allMessages(e).contains("already")) {
                    throw e;
                }
            }
        }
    }

    private static boolean isLostJob(LoadContext load, Job j, Job request, String me, Instant since) {
        return j.getState() == JobStateEnum.OPEN
                && (j.getJobType() == null || j.getJobType() == JobTypeEnum.V2INGEST)
                && j.getId() != null && !OPENED.contains(j.getId())
                && request.getObject().equalsIgnoreCase(String.valueOf(j.getObject()))
                && request.getOperation() == j.getOperation()
                && Objects.equals(blankToNull(request.getExternalIdFieldName()), blankToNull(j.getExternalIdFieldName()))
                && me != null && SalesforceCalls.sameId(me, j.getCreatedById())
                && j.getCreatedDate() != null && !j.getCreatedDate().isBefore(since)
                // a job of another load, or of this one before a crash, is not a lost one
                && (load.ledger() == null || !load.ledger().knowsJob(j.getId()));
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

    /** The job to open for a load. */
    private static Job jobRequest(LoadRequest r) {
        Job job = new Job();
        job.setObject(r.object());
        job.setOperation(OperationEnum.fromValue(r.operation().equalsIgnoreCase("harddelete") ? "hardDelete"
                : r.operation().toLowerCase(Locale.ROOT)));
        job.setExternalIdFieldName(r.externalIdField());
        job.setContentType(ContentTypeEnum.CSV);
        return job;
    }

    private static boolean isNotFound(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SalesforceException se && se.getStatusCode() == 404) {
                return true;
            }
        }
        return false;
    }

    /** The state as Salesforce spells it: the DTO's enum keeps that spelling only in its Jackson annotation. */
    private static String stateOf(Job job) {
        return switch (job.getState()) {
            case OPEN -> "Open";
            case CLOSED -> "Closed";
            case UPLOAD_COMPLETE -> "UploadComplete";
            case IN_PROGRESS -> "InProgress";
            case ABORTED -> "Aborted";
            case JOB_COMPLETE -> "JobComplete";
            case FAILED -> "Failed";
        };
    }



    private static LoadContext load(Exchange exchange) {
        return exchange.getProperty(LoadContext.PROPERTY, LoadContext.class);
    }

    private static JobRef job(Exchange exchange) {
        return exchange.getProperty(JOB, JobRef.class);
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public void setJobsInFlight(io.bulkroute.batch.PiecesInFlight jobsInFlight) {
        this.jobsInFlight = jobsInFlight;
    }

    public void setPollPolicy(PollPolicy pollPolicy) {
        this.pollPolicy = pollPolicy;
    }
}
