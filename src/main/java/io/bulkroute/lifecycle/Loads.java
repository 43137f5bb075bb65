package io.bulkroute.lifecycle;

import io.bulkroute.model.BulkHeaders;

import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.V1Job;
import io.bulkroute.model.LoadFailedException;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.model.Outcome;
import io.bulkroute.outcome.LoadReport;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import io.bulkroute.model.BadInputException;
import io.bulkroute.model.Batch;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.ledger.LoadEntry;
import io.bulkroute.model.Api;
import io.bulkroute.model.PollPolicy;
import io.bulkroute.outcome.ResultJoiner;
import io.bulkroute.salesforce.SalesforceFailure;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.apache.camel.component.salesforce.api.dto.bulk.ConcurrencyModeEnum;
import org.apache.camel.component.salesforce.api.dto.bulk.ContentType;
import org.apache.camel.component.salesforce.api.dto.bulk.JobInfo;
import org.apache.camel.component.salesforce.api.dto.bulk.OperationEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a load that the routes call, one method per step: begin (check the input, make the
 * output folder), the job to open, the batches to submit, the results to join, the end.
 * A load's parameters arrive as {@code bulk*} headers, from the command line or a trigger; once it has begun,
 * the load rides on the exchange as the property {@link LoadContext#PROPERTY}, which each step takes as a parameter.
 */
public final class Loads {
    private static final Logger LOG = LoggerFactory.getLogger(Loads.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final Map<String, LoadContext> running = new ConcurrentHashMap<>();

    private Ledger ledger;
    private String api = Api.V1.configName();
    private int batchSize = 10_000;
    private long batchMaxBytes = 10_000_000;
    private long jobMaxBytes = 100_000_000;
    private String outbox = "outbox";
    private PollPolicy pollPolicy = new PollPolicy();
    private io.bulkroute.lifecycle.PiecesInFlight piecesInFlight = new io.bulkroute.lifecycle.PiecesInFlight(4);

    /** A new load's id: when it started, and enough randomness that two loads of one second differ. */
    public static String newLoadId() {
        return LocalDateTime.now().format(ID_TIME) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    }

    /**
     * A new load: its parameters (the {@code bulk*} headers, see {@link LoadRequest#parse}) checked, its output
     * folder made, then its input checked and the load written down in the ledger. The load is put in
     * {@code properties} before its input is read: a load whose input is refused is a load that failed.
     */
    public void begin(@Headers Map<String, Object> parameters, @ExchangeProperties Map<String, Object> properties) {
        Function<String, String> headers = name -> text(parameters.get(name));
        String loadId = header(headers, BulkHeaders.LOAD_ID, newLoadId());
        String filePath = headers.apply(Exchange.FILE_PATH);
        LoadRequest.Defaults defaults = new LoadRequest.Defaults(filePath == null ? null : Path.of(filePath),
                Path.of(outbox, loadId), Api.V1, batchSize, batchMaxBytes, jobMaxBytes);
        // the setting bulk.api is the default a header overrides, refused as such when it is neither API
        LoadRequest request = LoadRequest.parse(name -> name.equals(BulkHeaders.API) && blank(headers.apply(name)) ? api
                : headers.apply(name), defaults, LoadRequest.HEADERS);
        boolean force = Boolean.parseBoolean(header(headers, BulkHeaders.FORCE, "false"));
        LoadStart start = new LoadStart(ledger, pollPolicy);
        // before the load has a context: a refused folder gets no report.json of this load either
        LoadContext load = start.open(loadId, request, force);
        properties.put(LoadContext.PROPERTY, load);
        running.put(loadId, load);
        start.readInput(load, force);
    }

    /**
     * Picks up a load that a process left unfinished (header {@code bulkLoadId}), as the ledger holds it:
     * claims it (so no other process resumes it too), checks that its source is unchanged, and rebuilds
     * its state: the job(s) it opened and the pieces it cut, with the batches Salesforce accepted. The
     * load then runs its lifecycle again, where each step skips what was done: the input is cut into the
     * same pieces, those accepted are not sent again and those whose answer is unknown are looked for
     * first. A load that had failed has its jobs ended and its outcome written. The load is put in
     * {@code properties}; when another process holds it, the property {@code bulkResumeSkipped} is set instead
     * and the answer for the caller is returned (else null: the route keeps its body).
     */
    public Map<String, Object> resume(@Header(BulkHeaders.LOAD_ID) String loadId,
                                      @ExchangeProperties Map<String, Object> properties) {
        if (blank(loadId)) {
            throw new IllegalArgumentException("A load needs the header " + BulkHeaders.LOAD_ID);
        }
        LoadResume resume = new LoadResume(ledger, pollPolicy);
        LoadEntry entry = resume.entry(loadId);
        if (!resume.claim(entry)) {
            properties.put(BulkHeaders.RESUME_SKIPPED, true);
            return Map.of("loadId", loadId, "outcome", Outcome.RUNNING.name(), "heldBy", String.valueOf(entry.owner()));
        }
        LoadContext load = resume.open(entry);
        properties.put(LoadContext.PROPERTY, load);
        running.put(loadId, load);
        try {
            resume.readInput(load, entry);
        } catch (LoadResume.SourceChanged e) {
            running.remove(loadId);
            properties.remove(LoadContext.PROPERTY);
            throw e;
        }
        return null;
    }

    /** Unfinished loads whose process is gone, oldest first: those this process may resume. */
    public List<String> resumable() {
        return ledger.unfinishedLoads().stream().filter(ledger::isAbandoned).map(LoadEntry::loadId).toList();
    }

    /** The Bulk 1.0 job to open. */
    public JobInfo jobInfo(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load) {
        LoadRequest r = load.getRequest();
        JobInfo job = new JobInfo();
        job.setObject(r.object());
        job.setOperation(OperationEnum.fromValue(r.operationKind().wire(Api.V1)));
        job.setContentType(ContentType.CSV);
        job.setConcurrencyMode(r.serial() ? ConcurrencyModeEnum.SERIAL : ConcurrencyModeEnum.PARALLEL);
        job.setExternalIdFieldName(r.externalIdField());
        return job;
    }

    /** The job {@code createJob} opened; the route then sets the header {@code jobId} from it. */
    public void jobOpened(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load, @ExchangeProperty(V1Job.PROPERTY) V1Job v1Job,
                          @Body JobInfo job) {
        v1Job.opened(job.getId(), job.getState().value());
        ledger.jobOpened(load.getLoadId(), job.getId(), Api.V1.configName(), 0, job.getState().value());
        LOG.info("Load {}: job {} opened", load.getLoadId(), job.getId());
    }

    /**
     * The input cut into batches, one at a time, each registered with the load as it is cut; the slots that bound
     * the batches in flight go in {@code properties}, where the split's pieces find them.
     */
    public Iterator<Batch> batches(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load,
                                   @ExchangeProperties Map<String, Object> properties) {
        return piecesInFlight.bound(properties, new V1BatchCut(load, load.getV1Job(), ledger));
    }

    /** The job's state as Salesforce last answered it ({@code getJob}). */
    public void jobState(@ExchangeProperty(V1Job.PROPERTY) V1Job v1Job, @Body JobInfo job) {
        v1Job.setState(job.getState().value());
    }

    /** The completion signal: the splitter has returned, so every batch has been accepted. */
    public void allSubmitted(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load,
                             @ExchangeProperty(V1Job.PROPERTY) V1Job job) {
        if (load.getStepFailure() != null) {
            throw load.getStepFailure();
        }
        load.allSubmitted();
        if (load.getRequest().apiKind() == Api.V2) {
            LOG.info("Load {}: all {} jobs ended, {} records", load.getLoadId(), load.getJobs().size(), load.getTotalRecords());
        } else {
            LOG.info("Load {}: all {} batches accepted, {} records: closing job {}", load.getLoadId(), load.getBatchCount(),
                    load.getTotalRecords(), job.getId());
        }
    }

    public void joinResults(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load,
                            @ExchangeProperty(BulkHeaders.BATCH) BatchRef batch, @Body java.io.InputStream results) {
        ResultJoiner.join(load, batch, results);
        LOG.info("Load {}: results of batch {} joined to its {} rows", load.getLoadId(), batch.getId(), batch.getRecords());
    }

    /**
     * A step inside a split failed for good (its retries are over): the upload of a batch, or the results
     * of one. The split goes on without sending more, then the load fails (see {@link #allSubmitted},
     * {@link #finish}). The rows of a batch whose results could not be read are unprocessed. The body is the
     * piece's original message.
     */
    public void stepFailed(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load,
                           @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable e,
                           @ExchangeProperty(BulkHeaders.BATCH) BatchRef results, @Body Object piece) {
        String reason = e == null ? "unknown failure" : SalesforceFailure.of(e).describe();
        if (load == null) {
            LOG.error("A step failed outside a load: {}", reason);
            return;
        }
        LoadFailedException failure;
        if (results != null) {
            results.update(results.getState(), "its results could not be read: " + reason);
            ResultJoiner.unprocessedFrom(load, results, results.getRowsWritten());
            load.leaveForResume();
            failure = new LoadFailedException("The results of batch " + results.getId() + " could not be read: " + reason, e);
        } else if (piece instanceof Batch b && Api.V1.is(load.getApi())
                && b.index() <= load.getBatchCount()) {
            BatchRef ref = load.batchOfPiece(b.index());
            ref.update(ref.getState(), "not sent: " + reason);
            failure = new LoadFailedException("Batch " + b.index() + " could not be submitted: " + reason, e);
        } else {
            failure = new LoadFailedException("A step of the load failed: " + reason, e);
        }
        load.stepFailed(failure);
        LOG.error("Load {}: {}", load.getLoadId(), failure.getMessage());
    }

    public void unprocessedBatch(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load,
                                 @ExchangeProperty(BulkHeaders.BATCH) BatchRef batch) {
        ResultJoiner.unprocessed(load, batch);
    }

    /** report.json's content for the caller; also for a load that failed before it had a context. */
    public Map<String, Object> report(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load,
                                      @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable e) {
        if (load != null) {
            return LoadReport.of(load);
        }
        Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("loadId", null);
        report.put("jobs", java.util.List.of());
        report.put("records", Map.of("total", 0, "succeeded", 0, "failed", 0, "unprocessed", 0));
        report.put("outcome", Outcome.FAILED.name());
        report.put("error", e == null ? "unknown failure" : SalesforceFailure.of(e).describe());
        report.put("apiCalls", 0);
        return report;
    }

    /** Records why the load failed. Called by the error handler before the job is ended. */
    public void failed(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable e) {
        String reason = e == null ? "unknown failure" : SalesforceFailure.of(e).describe();
        if (load == null) {
            LOG.error("A load could not start: {}", reason);
            return;
        }
        load.failed(reason);
        LOG.error("Load {} failed: {}", load.getLoadId(), reason);
        LoadReport.write(load);
        if (load.getOutcomes() == null) {
            // failed before its input was read (bad input): it has no finish to end it
            running.remove(load.getLoadId());
        }
        if (load.ledger() != null && load.getFinishedAt() == null) {
            // FAILED once its jobs are ended and its outcome written (finish); a crash before is resumed as a failure
            load.ledger().loadFailing(load.getLoadId(), LoadEnd.truncate(reason));
        }
    }

    /**
     * Rows of the input that no batch carried (the load stopped before cutting them) are unprocessed. Returns
     * report.json's content; the route then sets the header {@code bulkOutcome} from the load.
     */
    public Map<String, Object> finish(@ExchangeProperty(LoadContext.PROPERTY) LoadContext load) {
        if (load.getError() == null && load.getStepFailure() == null && load.getSnapshot() != null) {
            // rows appended (or rewritten) after the cut would go to .done/ with the file, loaded by nobody
            try {
                load.getSnapshot().verifyUnchanged(load.getRequest().source(), load.getRequest().sourceName());
            } catch (BadInputException e) {
                load.stepFailed(new LoadFailedException(e.getMessage(), e));
            }
        }
        // a step that failed for good while the job was followed fails the load (once it is accounted for)
        LoadFailedException stepFailure = load.getError() == null ? load.getStepFailure() : null;
        if (stepFailure != null) {
            load.failed(stepFailure.getMessage());
        }
        Map<String, Object> report = finish(load, !load.isLeftForResume());
        if (stepFailure != null) {
            throw stepFailure;
        }
        return report;
    }

    /** Writes the outcome (see {@link LoadEnd#finish}); the load is no longer running here. */
    Map<String, Object> finish(LoadContext load, boolean ended) {
        LoadEnd.settleUnjoined(load);
        return LoadEnd.finish(load, ended && !load.isLeftForResume(), () -> running.remove(load.getLoadId()));
    }

    public void setLedger(io.bulkroute.ledger.Ledger ledger) {
        this.ledger = ledger;
    }

    public LoadContext running(String loadId) {
        return running.get(loadId);
    }


    private static String header(Function<String, String> headers, String name, String fallback) {
        String v = headers.apply(name);
        return blank(v) ? fallback : v;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static boolean blank(String v) {
        return v == null || v.isBlank();
    }

    public void setApi(String api) {
        this.api = api;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public void setJobMaxBytes(long jobMaxBytes) {
        this.jobMaxBytes = jobMaxBytes;
    }

    public void setBatchMaxBytes(long batchMaxBytes) {
        this.batchMaxBytes = batchMaxBytes;
    }

    public void setOutbox(String outbox) {
        this.outbox = outbox;
    }

    public void setPiecesInFlight(io.bulkroute.lifecycle.PiecesInFlight piecesInFlight) {
        this.piecesInFlight = piecesInFlight;
    }

    public void setPollPolicy(PollPolicy pollPolicy) {
        this.pollPolicy = pollPolicy;
    }
}
