package io.bulkroute.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.bulkroute.batch.Batch;
import io.bulkroute.batch.BadInputException;
import io.bulkroute.batch.CsvBatcher;
import io.bulkroute.batch.CsvRows;
import io.bulkroute.batch.InputCheck;
import io.bulkroute.bulk2.JobRef;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.ledger.LoadEntry;
import io.bulkroute.monitor.PollPolicy;
import io.bulkroute.outcome.ResultJoiner;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.api.dto.bulk.ConcurrencyModeEnum;
import org.apache.camel.component.salesforce.api.dto.bulk.ContentType;
import org.apache.camel.component.salesforce.api.dto.bulk.JobInfo;
import org.apache.camel.component.salesforce.api.dto.bulk.OperationEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a load that the routes call, one method per step: begin (check the input, make the
 * output folder), the job to open, the batches to submit, the results to join, the end.
 * A load's parameters arrive as {@code bulk*} headers, from the command line or a trigger.
 */
public final class Loads {
    private static final Logger LOG = LoggerFactory.getLogger(Loads.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final Map<String, LoadContext> running = new ConcurrentHashMap<>();

    private Ledger ledger;
    private String api = "v1";
    private int batchSize = 10_000;
    private long batchMaxBytes = 10_000_000;
    private long jobMaxBytes = 100_000_000;
    private String outbox = "outbox";
    private PollPolicy pollPolicy = new PollPolicy();
    private io.bulkroute.batch.PiecesInFlight piecesInFlight = new io.bulkroute.batch.PiecesInFlight(4);

    /** A new load's id: when it started, and enough randomness that two loads of one second differ. */
    public static String newLoadId() {
        return LocalDateTime.now().format(ID_TIME) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    }

    public void begin(Exchange exchange) {
        var in = exchange.getIn();
        String loadId = header(exchange, "bulkLoadId", newLoadId());
        String sourceText = header(exchange, "bulkSource", in.getHeader(Exchange.FILE_PATH, String.class));
        if (sourceText == null) {
            throw new IllegalArgumentException("A load needs a source file (header bulkSource)");
        }
        Path source = Path.of(sourceText);
        // absolute: the ledger keeps it (and the spools in it) for a resume, which may run elsewhere
        Path outDir = Path.of(header(exchange, "bulkOutDir", Path.of(outbox, loadId).toString())).toAbsolutePath();
        String operation = required(exchange, "bulkOperation");
        LoadRequest request = new LoadRequest(source, Printable.of(header(exchange, "bulkSourceName", source.toString())),
                required(exchange, "bulkObject"), operation, header(exchange, "bulkExternalId", null),
                header(exchange, "bulkApi", api).toLowerCase(Locale.ROOT),
                Integer.parseInt(header(exchange, "bulkBatchSize", String.valueOf(batchSize))),
                Long.parseLong(header(exchange, "bulkBatchMaxBytes", String.valueOf(batchMaxBytes))),
                Boolean.parseBoolean(header(exchange, "bulkSerial", "false")),
                Long.parseLong(header(exchange, "bulkJobMaxBytes", String.valueOf(jobMaxBytes))), outDir);
        if (OperationEnum.fromValue(operationWire(operation)) == null) {
            throw new IllegalArgumentException("Unknown operation " + operation);
        }
        // before the load has a context: a refused folder gets no report.json of this load either
        OutputFolder.check(outDir, source, Boolean.parseBoolean(header(exchange, "bulkForce", "false")));
        OutputFolder.make(outDir);
        LoadContext load = new LoadContext(loadId, request, pollPolicy.start());
        exchange.setProperty(LoadContext.PROPERTY, load);
        running.put(loadId, load);
        LOG.info("Load {}: {} {} from {} through Bulk API {}", loadId, request.operation(), request.object(),
                request.sourceName(), request.api());
        if (!Files.isRegularFile(source)) {
            throw new BadInputException(request.sourceName(), 0, "no such file");
        }
        if (request.operation().equalsIgnoreCase("upsert") && request.externalIdField() == null) {
            throw new IllegalArgumentException("An upsert needs an external id field");
        }
        InputCheck.Summary summary = InputCheck.check(source, request.sourceName(), request.batchMaxBytes() - 1);
        long size = summary.snapshot().size();
        String name = source.getFileName().toString();
        LoadEntry earlier = ledger.earlierLoad(name, size, summary.sha256());
        if (earlier != null && !Boolean.parseBoolean(header(exchange, "bulkForce", "false"))) {
            throw new AlreadyLoadedException(request.sourceName() + " was already loaded by load " + earlier.loadId()
                    + " (" + earlier.state() + ", started " + earlier.startedAt() + "); load it again with --force");
        }
        ledger.loadStarted(LoadEntry.starting(loadId, request, name, size, summary.sha256(), summary.records()));
        load.setLedger(ledger);
        load.setSnapshot(summary.snapshot());
        load.setInput(summary.header(), summary.records());
        LOG.info("Load {}: {} records in {} columns", loadId, summary.records(), summary.header().length);
    }

    /**
     * Picks up a load that a process left unfinished (header {@code bulkLoadId}), as the ledger holds it:
     * claims it (so no other process resumes it too), checks that its source is unchanged, and rebuilds
     * its state: the job(s) it opened and the pieces it cut, with the batches Salesforce accepted. The
     * load then runs its lifecycle again, where each step skips what was done: the input is cut into the
     * same pieces, those accepted are not sent again and those whose answer is unknown are looked for
     * first. A load that had failed has its jobs ended and its outcome written. Sets the property
     * {@code bulkResumeSkipped} when another process holds the load.
     */
    public void resume(Exchange exchange) {
        String loadId = required(exchange, "bulkLoadId");
        LoadEntry entry = ledger.load(loadId);
        if (entry == null) {
            throw new IllegalArgumentException("The ledger holds no load " + loadId);
        }
        if (!entry.state().equals(Ledger.RUNNING) && !entry.isFailing()) {
            throw new IllegalArgumentException("Load " + loadId + " is already finished (" + entry.state() + ")");
        }
        Path source = entry.request().source();
        if (!sameSize(source, entry.sourceSize())) {
            throw new IllegalStateException("Load " + loadId + " cannot be resumed: its source " + source
                    + " is missing or has changed; put it back, or end its jobs with abort-job");
        }
        if (!ledger.claim(entry)) {
            LOG.info("Load {} is held by {} (lease until {}): not resumed here", loadId, entry.owner(), entry.leaseUntil());
            exchange.setProperty("bulkResumeSkipped", true);
            exchange.getIn().setBody(Map.of("loadId", loadId, "outcome", Outcome.RUNNING.name(), "heldBy", String.valueOf(entry.owner())));
            return;
        }
        LoadRequest request = entry.request();
        LoadContext load = new LoadContext(loadId, request, pollPolicy.start(), entry.startedAt());
        load.setResumed(true);
        exchange.setProperty(LoadContext.PROPERTY, load);
        running.put(loadId, load);
        LOG.warn("Load {}: resuming ({}) {} {} from {} through Bulk API {}, begun {} by {}", loadId, entry.state(),
                request.operation(), request.object(), request.sourceName(), request.api(), entry.startedAt(), entry.owner());
        InputCheck.Summary summary;
        try {
            summary = InputCheck.check(source, request.sourceName(), request.batchMaxBytes() - 1);
        } catch (RuntimeException e) {
            summary = null;
        }
        if (summary == null || !summary.sha256().equals(entry.sourceSha256()) || summary.snapshot().size() != entry.sourceSize()) {
            ledger.release(loadId);
            running.remove(loadId);
            exchange.removeProperty(LoadContext.PROPERTY);
            throw new IllegalStateException("Load " + loadId + " cannot be resumed: its source " + source
                    + " has changed since it began; put it back, or end its jobs with abort-job");
        }
        try {
            java.nio.file.Files.createDirectories(request.outDir().resolve(".work"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot create the output folder " + request.outDir(), e);
        }
        load.setLedger(ledger);
        load.setSnapshot(summary.snapshot());
        load.setInput(summary.header(), summary.records());
        Resumption.restore(load, entry, ledger);
    }

    private static boolean sameSize(Path file, long size) {
        try {
            return Files.isRegularFile(file) && Files.size(file) == size;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Unfinished loads whose process is gone, oldest first: those this process may resume. */
    public List<String> resumable() {
        return ledger.unfinishedLoads().stream().filter(ledger::isAbandoned).map(LoadEntry::loadId).toList();
    }

    /** The Bulk 1.0 job to open. */
    public JobInfo jobInfo(Exchange exchange) {
        LoadRequest r = load(exchange).getRequest();
        JobInfo job = new JobInfo();
        job.setObject(r.object());
        job.setOperation(OperationEnum.fromValue(operationWire(r.operation())));
        job.setContentType(ContentType.CSV);
        job.setConcurrencyMode(r.serial() ? ConcurrencyModeEnum.SERIAL : ConcurrencyModeEnum.PARALLEL);
        job.setExternalIdFieldName(r.externalIdField());
        return job;
    }

    public void jobOpened(Exchange exchange) {
        LoadContext load = load(exchange);
        JobInfo job = exchange.getIn().getBody(JobInfo.class);
        load.setJobId(job.getId());
        load.setJobState(job.getState().value());
        ledger.jobOpened(load.getLoadId(), job.getId(), "v1", 0, job.getState().value());
        exchange.getIn().setHeader("jobId", job.getId());
        LOG.info("Load {}: job {} opened", load.getLoadId(), job.getId());
    }

    /** The input cut into batches, one at a time, each registered with the load as it is cut. */
    public Iterator<Batch> batches(Exchange exchange) {
        LoadContext load = load(exchange);
        LoadRequest r = load.getRequest();
        CsvBatcher batcher = new CsvBatcher(r.source(), r.sourceName(), r.batchSize(), r.batchMaxBytes(),
                r.outDir().resolve(".work"), "batch", load.getSnapshot());
        return piecesInFlight.bound(exchange, new Iterator<>() {
            private Boolean more;

            // once a batch has failed for good the rest of the input is not cut; an answer once given
            // holds until next(), because Camel's parallel split ends when hasNext() changes its mind
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
                    throw new java.util.NoSuchElementException();
                }
                more = null;
                Batch batch = batcher.next();
                // a resumed load cuts its input again, into the same batches: those the ledger holds are known
                if (load.batchOfPiece(batch.index()) != null) {
                    return batch;
                }
                load.addBatch(new BatchRef(batch.index(), batch.records(), batch.firstLine(), batch.spool()));
                ledger.batchCut(load.getLoadId(), batch.index(), batch.records(), batch.firstLine(), batch.spool().toString());
                load.cut(batch.records());
                return batch;
            }
        });
    }

    /** The job's state as Salesforce last answered it ({@code getJob}). */
    public void jobState(Exchange exchange) {
        JobInfo job = exchange.getIn().getBody(JobInfo.class);
        load(exchange).setJobState(job.getState().value());
    }

    /** The completion signal: the splitter has returned, so every batch has been accepted. */
    public void allSubmitted(Exchange exchange) {
        LoadContext load = load(exchange);
        if (load.getStepFailure() != null) {
            throw load.getStepFailure();
        }
        load.setAllSubmitted(true);
        LOG.info("Load {}: all {} batches accepted, {} records: closing job {}", load.getLoadId(), load.getBatchCount(),
                load.getTotalRecords(), load.getJobId());
    }

    public void joinResults(Exchange exchange) {
        BatchRef batch = exchange.getProperty("bulkBatch", BatchRef.class);
        ResultJoiner.join(load(exchange), batch, exchange.getIn().getBody(java.io.InputStream.class));
        LOG.info("Load {}: results of batch {} joined to its {} rows", load(exchange).getLoadId(), batch.getId(), batch.getRecords());
    }

    /**
     * A step inside a split failed for good (its retries are over): the upload of a batch, or the results
     * of one. The split goes on without sending more, then the load fails (see {@link #allSubmitted},
     * {@link #finish}). The rows of a batch whose results could not be read are unprocessed.
     */
    public void stepFailed(Exchange exchange) {
        LoadContext load = load(exchange);
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = e == null ? "unknown failure" : Reasons.describe(e);
        BatchRef results = exchange.getProperty("bulkBatch", BatchRef.class);
        if (load == null) {
            LOG.error("A step failed outside a load: {}", reason);
            return;
        }
        LoadFailedException failure;
        if (results != null) {
            results.update(results.getState(), "its results could not be read: " + reason);
            ResultJoiner.unprocessedFrom(load, results, results.getRowsWritten());
            load.resultsUnread();
            failure = new LoadFailedException("The results of batch " + results.getId() + " could not be read: " + reason, e);
        } else if (exchange.getIn().getBody() instanceof Batch b && "v1".equals(load.getApi())
                && b.index() <= load.getBatchCount()) {
            BatchRef ref = load.getBatches().get(b.index() - 1);
            ref.update(ref.getState(), "not sent: " + reason);
            failure = new LoadFailedException("Batch " + b.index() + " could not be submitted: " + reason, e);
        } else {
            failure = new LoadFailedException("A step of the load failed: " + reason, e);
        }
        load.stepFailed(failure);
        LOG.error("Load {}: {}", load.getLoadId(), failure.getMessage());
    }

    public void unprocessedBatch(Exchange exchange) {
        ResultJoiner.unprocessed(load(exchange), exchange.getProperty("bulkBatch", BatchRef.class));
    }

    public java.util.List<BatchRef> submittedAndCut(Exchange exchange) {
        return load(exchange).getBatches();
    }

    /** report.json's content for the caller; also for a load that failed before it had a context. */
    public Map<String, Object> report(Exchange exchange) {
        LoadContext load = exchange.getProperty(LoadContext.PROPERTY, LoadContext.class);
        if (load != null) {
            return LoadReport.of(load);
        }
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("loadId", null);
        report.put("jobs", java.util.List.of());
        report.put("records", Map.of("total", 0, "succeeded", 0, "failed", 0, "unprocessed", 0));
        report.put("outcome", Outcome.FAILED.name());
        report.put("error", e == null ? "unknown failure" : Reasons.describe(e));
        report.put("apiCalls", 0);
        return report;
    }

    /** Records why the load failed. Called by the error handler before the job is ended. */
    public void failed(Exchange exchange) {
        LoadContext load = exchange.getProperty(LoadContext.PROPERTY, LoadContext.class);
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = e == null ? "unknown failure" : Reasons.describe(e);
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
            load.ledger().loadFailing(load.getLoadId(), truncate(reason));
        }
    }

    /** Rows of the input that no batch carried (the load stopped before cutting them) are unprocessed. */
    public void finish(Exchange exchange) {
        LoadContext load = load(exchange);
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
        exchange.getIn().setBody(finish(load, !load.isResultsUnread()));
        exchange.getIn().setHeader("bulkOutcome", load.getOutcome().name());
        if (stepFailure != null) {
            throw stepFailure;
        }
    }

    /**
     * Writes the outcome: the rows no batch or job carried are unprocessed, the outcome files are closed and
     * report.json is written.
     *
     * @param ended whether the load's jobs were followed to their end: only then is the load finished in the
     *              ledger and are its spools deleted; otherwise it stays there for {@code resume} to follow
     *              its jobs and write its outcome again
     */
    Map<String, Object> finish(LoadContext load, boolean ended) {
        if (load.getOutcomes() != null) {
            for (JobRef job : load.getJobs()) {
                load.getOutcomes().appendParts(job.part("success"), job.part("failed"), job.part("unprocessed"));
            }
            long cut = load.getRecordsCut();
            if (cut < load.getTotalRecords()) {
                try (CsvRows rows = uncut(load)) {
                    rows.next();
                    long index = 0;
                    String[] row;
                    while ((row = rows.next()) != null) {
                        if (index++ >= cut) {
                            load.getOutcomes().unprocessed(row);
                        }
                    }
                }
            }
            load.getOutcomes().close();
        }
        load.finished();
        Path report = LoadReport.write(load);
        if (ended) {
            if (load.ledger() != null) {
                load.ledger().loadFinished(load.getLoadId(), load.getOutcome().name(), truncate(load.getError()));
            }
            // only once the ledger says finished: until then a crash resumes the load, which needs the spools
            deleteWork(load.getOutDir().resolve(".work"));
            if (load.isResumed()) {
                SourceFiles.settle(load.getRequest().source(), load.getOutcome());
            }
        }
        running.remove(load.getLoadId());
        if (!ended) {
            if (load.ledger() != null) {
                // given up, so the service's resume sweep (or the resume command) takes it up
                load.ledger().release(load.getLoadId());
            }
            LOG.warn("Load {}: not everything Salesforce did could be read; the load stays unfinished in the ledger: "
                    + "resume it (resume --load {}) to read it and write its outcome again", load.getLoadId(), load.getLoadId());
        }
        var counts = load.getOutcomes();
        LOG.info("Load {} {}: {} records, {} succeeded, {} failed, {} unprocessed; {} API calls; report {}",
                load.getLoadId(), load.getOutcome(), load.getTotalRecords(), counts == null ? 0 : counts.succeeded(),
                counts == null ? 0 : counts.failed(), counts == null ? 0 : counts.unprocessed(), load.getApiCalls(), report);
        return LoadReport.of(load);
    }

    /** The source's rows as checked (no more, if rows were appended since), for the rows no batch carried. */
    private static CsvRows uncut(LoadContext load) {
        LoadRequest r = load.getRequest();
        return load.getSnapshot() == null ? new CsvRows(r.source())
                : new CsvRows(r.sourceName(), load.getSnapshot().open(r.source(), r.sourceName()));
    }

    /** Batch spools are needed only until the results are joined. */
    private static void deleteWork(Path work) {
        try (var files = Files.list(work)) {
            files.forEach(f -> f.toFile().delete());
            Files.deleteIfExists(work);
        } catch (java.io.IOException e) {
            LOG.debug("Could not remove {}", work, e);
        }
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 4000);
    }

    public void setLedger(io.bulkroute.ledger.Ledger ledger) {
        this.ledger = ledger;
    }

    public LoadContext running(String loadId) {
        return running.get(loadId);
    }


    private static String operationWire(String operation) {
        return operation.equalsIgnoreCase("harddelete") ? "hardDelete" : operation.toLowerCase(Locale.ROOT);
    }

    private static LoadContext load(Exchange exchange) {
        return exchange.getProperty(LoadContext.PROPERTY, LoadContext.class);
    }

    private static String header(Exchange exchange, String name, String fallback) {
        String v = exchange.getIn().getHeader(name, String.class);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String required(Exchange exchange, String name) {
        String v = header(exchange, name, null);
        if (v == null) {
            throw new IllegalArgumentException("A load needs the header " + name);
        }
        return v;
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

    public void setPiecesInFlight(io.bulkroute.batch.PiecesInFlight piecesInFlight) {
        this.piecesInFlight = piecesInFlight;
    }

    public void setPollPolicy(PollPolicy pollPolicy) {
        this.pollPolicy = pollPolicy;
    }
}
