package io.bulkroute.lifecycle;

import io.bulkroute.model.Api;

import io.bulkroute.model.JobRef;

import java.time.Instant;
import java.util.Map;

import io.bulkroute.model.LoadContext;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.salesforce.LostJobSweeper;
import io.bulkroute.salesforce.LostJobSweeper.LostCreate;
import io.bulkroute.salesforce.RetryPolicy;
import io.bulkroute.salesforce.SalesforceCalls;
import io.bulkroute.salesforce.SalesforceFailure;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one 2.0 job that routes/load-v2.camel.yaml calls: opened, uploaded once, closed on its
 * completion signal; and, once a load fails, its unfinished jobs aborted.
 *
 * <p>A step that fails for good inside the split of the load into jobs is handled there (the error handler
 * records it as the load's step failure): from then on the load is stopping. No more jobs are opened, and
 * each job still running aborts itself at its next step (its rows processed so far are still joined).
 *
 * <p>Every step may be retried by the error handler after a transient fault, also when the fault was a lost
 * answer to a call that took effect: a create whose answer was lost left an Open job nobody knows, which the
 * retry finds and aborts ({@link LostJobSweeper}); an upload already there ("Found multipe contents") and a
 * job already closed count as done.
 */
public final class Bulk2JobSteps {
    private static final Logger LOG = LoggerFactory.getLogger(Bulk2JobSteps.class);
    private Bulk2Jobs jobs = new Bulk2Jobs();

    /**
     * Opens the job for the piece ({@code bulk2CreateJob}; the route puts it in {@link Bulk2Jobs#PROPERTY}),
     * unless the load is stopping. An attempt whose answer was lost may have opened a job all the same: the
     * next attempt first has the sweeper abort it (it has no data).
     */
    public void open(@ExchangeProperty(Bulk2Jobs.PROPERTY) JobRef ref, @ExchangeProperty(LoadContext.PROPERTY) LoadContext load,
                     CamelContext camel) {
        if (ref.getId() != null && ref.isResumed()) {
            refresh(camel, load, ref);
        }
        if (ref.getId() != null) {
            return;
        }
        if (Bulk2Jobs.stopping(load)) {
            LOG.info("Load {}: the load is stopping, no job is opened for the {} records from line {}", load.getLoadId(),
                    ref.getRecords(), ref.getFirstLine());
            return;
        }
        SalesforceCalls calls = SalesforceCalls.of(camel);
        Job request = jobRequest(load.getRequest());
        boolean lost = ref.isCreateAnswerLost();
        ref.createAttempt();
        try {
            LostJobSweeper sweeper = jobs.sweeper();
            // after a lost answer, the job it may have opened is aborted first (the step is retried as a whole)
            Job job = lost
                    ? sweeper.sweepThenCreate(calls, load, lostCreate(camel, load, ref), RetryPolicy.ONCE,
                            () -> create(calls, load, request))
                    : sweeper.create(() -> create(calls, load, request));
            ref.setId(job.getId());
            ref.setState(Bulk2Jobs.stateOf(job));
        } catch (RuntimeException e) {
            if (SalesforceFailure.of(e).answerMayBeLost()) {
                ref.createAnswerLost();
                load.createJobAnswerLost(ref.getFirstCreateAttempt());
            }
            throw failedStep(ref, e);
        }
        LOG.info("Load {}: job {} opened for {} records from line {}", load.getLoadId(), ref.getId(),
                ref.getRecords(), ref.getFirstLine());
        if (Bulk2Jobs.stopping(load)) {
            // the load failed while this job was being opened: it gets no data
            jobs.abort(camel, load, ref);
        }
    }

    private Job create(SalesforceCalls calls, LoadContext load, Job request) {
        Job job = calls.call(load, "bulk2CreateJob", request, Map.of(), Job.class);
        jobs.sweeper().opened(job.getId());
        return job;
    }

    /**
     * A job of a resumed load: what happened to it while no process followed it. A job past Open had its
     * upload and its close. An Open one may or may not hold its upload, and Salesforce does not say: it is
     * aborted (an Open job is never processed, so none of its rows were loaded) and the piece gets a new job.
     * Sending the upload again instead would rely on Salesforce refusing a second one, which it may only do
     * when the job is closed.
     */
    private void refresh(CamelContext camel, LoadContext load, JobRef ref) {
        Job job = jobs.get(camel, load, ref);
        String before = ref.getState();
        ref.setState(Bulk2Jobs.stateOf(job));
        ref.stateRefreshed();
        LOG.info("Load {}: resumed job {} is {}", load.getLoadId(), ref.getId(), ref.getState());
        switch (ref.getState()) {
            case "Open" -> {
                jobs.abort(camel, load, ref);
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
    public void upload(@ExchangeProperty(Bulk2Jobs.PROPERTY) JobRef ref, @ExchangeProperty(LoadContext.PROPERTY) LoadContext load,
                       CamelContext camel) throws Exception {
        if (ref.getId() == null || ref.isEnded() || ref.isUploaded()) {
            return;
        }
        if (Bulk2Jobs.stopping(load)) {
            jobs.abort(camel, load, ref);
            return;
        }
        boolean retried = ref.uploadAttempted();
        try {
            jobs.http(camel).upload(load, ref.getId(), ref.getSpool());
        } catch (SalesforceException e) {
            SalesforceFailure failure = SalesforceFailure.of(e);
            if (retried && failure.isSecondUpload()) {
                LOG.warn("Load {}: job {} already had its upload (an earlier answer was lost)", load.getLoadId(), ref.getId());
            } else if (failure.jobAlreadyIn("Aborted")) {
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
    public void close(@ExchangeProperty(Bulk2Jobs.PROPERTY) JobRef ref, @ExchangeProperty(LoadContext.PROPERTY) LoadContext load,
                      CamelContext camel) {
        if (ref.getId() == null || ref.isEnded() || !ref.isUploaded()) {
            return;
        }
        if (Bulk2Jobs.stopping(load)) {
            jobs.abort(camel, load, ref);
            return;
        }
        boolean retried = ref.closeAttempted();
        try {
            Job job = SalesforceCalls.of(camel)
                    .callOnce(load, "bulk2CloseJob", Map.of("jobId", ref.getId()), Job.class);
            ref.setState(Bulk2Jobs.stateOf(job));
        } catch (RuntimeException e) {
            SalesforceFailure failure = SalesforceFailure.of(e);
            String state = failure.jobStateRefused() ? failure.jobState() : "";
            switch (state) {
                // an earlier close took effect, its answer was lost
                case "UploadComplete", "InProgress", "JobComplete" -> ref.setState("UploadComplete");
                case "Aborted", "Failed" -> {
                    // ended before it was closed: by someone else (if this was our first close, we never closed it)
                    LOG.warn("Load {}: job {} ended before it was closed ({})", load.getLoadId(), ref.getId(),
                            failure.describe());
                    ref.setState(state);
                    ref.setNeverClosed(!retried);
                }
                default -> throw failedStep(ref, e);
            }
        }
        LOG.info("Load {}: job {} uploaded and closed ({})", load.getLoadId(), ref.getId(), ref.getState());
    }

    /**
     * After a failure: no more jobs are opened and every job still running is aborted, so none is left
     * Open or UploadComplete. Then the jobs that creates whose answer was lost may have opened are found and
     * aborted (also those of a load resumed from the ledger, which remembers such a create). A job it cannot
     * abort is followed to its end; a sweep that cannot get through leaves the load unfinished, so the resume
     * that ends it sweeps again.
     */
    public void abortUnfinished(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load, CamelContext camel) {
        if (load == null) {
            return;
        }
        for (JobRef ref : load.getJobs()) {
            if (ref.getId() != null && !ref.isEnded()) {
                jobs.abort(camel, load, ref);
            }
        }
        Instant since = load.getCreateJobAnswerLostSince();
        if (since != null && Api.V2.is(load.getApi())) {
            try {
                jobs.sweeper().sweep(SalesforceCalls.of(camel), load,
                        LostCreate.of(JobTypeEnum.V2INGEST, load.getRequest(), SalesforceCalls.userId(camel), since), jobs.retries());
                load.orphansHandled();
            } catch (RuntimeException e) {
                LOG.error("Load {}: the jobs lost creates may have opened could not be looked for ({}); resume the load to"
                        + " look again", load.getLoadId(), SalesforceFailure.of(e).describe());
                load.leaveForResume();
            }
        }
    }

    private static LostCreate lostCreate(CamelContext camel, LoadContext load, JobRef ref) {
        return LostCreate.of(JobTypeEnum.V2INGEST, load.getRequest(), SalesforceCalls.userId(camel), ref.getFirstCreateAttempt());
    }

    /** A step of the job failed: if for good (it is not retried), the job's report says why. */
    private static <E extends Exception> E failedStep(JobRef ref, E e) {
        SalesforceFailure failure = SalesforceFailure.of(e);
        if (!failure.isTransient()) {
            ref.setErrorMessage(failure.describe());
        }
        return e;
    }

    /** The job to open for a load. */
    private static Job jobRequest(LoadRequest r) {
        Job job = new Job();
        job.setObject(r.object());
        job.setOperation(OperationEnum.fromValue(r.operationKind().wire(Api.V2)));
        job.setExternalIdFieldName(r.externalIdField());
        job.setContentType(ContentTypeEnum.CSV);
        return job;
    }

    public void setJobs(Bulk2Jobs jobs) {
        this.jobs = jobs;
    }
}
