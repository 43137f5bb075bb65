package io.bulkroute.bulk2;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import io.bulkroute.batch.Batch;
import io.bulkroute.batch.CsvBatcher;
import io.bulkroute.load.LoadContext;
import io.bulkroute.load.LoadRequest;
import io.bulkroute.monitor.PollBackoff;
import io.bulkroute.salesforce.SalesforceCalls;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a Bulk 2.0 load that routes/load-v2.camel.yaml calls: the input cut into jobs of at
 * most {@code bulk.v2.job-max-bytes}, each job opened, uploaded once, closed on its completion
 * signal, followed to its end, and its results joined to its rows. The current job rides on the
 * exchange as the property {@code bulkJob}.
 */
public final class Bulk2Steps {
    private static final Logger LOG = LoggerFactory.getLogger(Bulk2Steps.class);
    public static final String JOB = "bulkJob";
    private long jobMaxBytes = 100_000_000;
    private String apiVersion = "62.0";
    private long pollInitialDelay = 1000;
    private double pollMultiplier = 2;
    private long pollMaxDelay = 30_000;

    /** The input cut into jobs, one at a time, each registered with the load as it is cut. */
    public Iterator<JobRef> jobs(Exchange exchange) {
        LoadContext load = load(exchange);
        LoadRequest r = load.getRequest();
        Long perLoad = exchange.getIn().getHeader("bulkJobMaxBytes", Long.class);
        CsvBatcher cutter = new CsvBatcher(r.source(), r.sourceName(), Integer.MAX_VALUE, perLoad == null ? jobMaxBytes : perLoad,
                r.outDir().resolve(".work"), "job");
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = cutter.hasNext();
                if (!more) {
                    cutter.close();
                }
                return more;
            }

            @Override
            public JobRef next() {
                Batch piece = cutter.next();
                JobRef job = load.addJob(new JobRef(piece.index(), piece.records(), piece.firstLine(), piece.spool()));
                load.cut(piece.records());
                return job;
            }
        };
    }

    /** The job to open for the piece in the body. */
    public Job jobRequest(Exchange exchange) {
        JobRef ref = exchange.getIn().getBody(JobRef.class);
        exchange.setProperty(JOB, ref);
        LoadRequest r = load(exchange).getRequest();
        Job job = new Job();
        job.setObject(r.object());
        job.setOperation(OperationEnum.fromValue(r.operation().equalsIgnoreCase("harddelete") ? "hardDelete"
                : r.operation().toLowerCase(Locale.ROOT)));
        job.setExternalIdFieldName(r.externalIdField());
        job.setContentType(ContentTypeEnum.CSV);
        return job;
    }

    public void opened(Exchange exchange) {
        Job job = exchange.getIn().getBody(Job.class);
        JobRef ref = job(exchange);
        ref.setId(job.getId());
        ref.setState(stateOf(job));
        LOG.info("Load {}: job {} opened for {} records from line {}", load(exchange).getLoadId(), job.getId(),
                ref.getRecords(), ref.getFirstLine());
    }

    /** The one upload, streamed from the spool; a retry after a lost answer finds it already there. */
    public void upload(Exchange exchange) throws Exception {
        JobRef ref = job(exchange);
        if (ref.isUploaded()) {
            return;
        }
        LoadContext load = load(exchange);
        try {
            new Bulk2Http(exchange.getContext(), apiVersion).upload(load, ref.getId(), ref.getSpool());
        } catch (SalesforceException e) {
            boolean retried = Boolean.TRUE.equals(exchange.getProperty("bulkUploadAttempted", Boolean.class));
            if (!(retried && e.getMessage() != null && messageOf(e).contains("multipe contents"))) {
                throw e;
            }
            LOG.warn("Load {}: job {} already had its upload (an earlier answer was lost)", load.getLoadId(), ref.getId());
        } finally {
            exchange.setProperty("bulkUploadAttempted", true);
        }
        ref.setUploaded(true);
    }

    /** The job's completion signal: its last row is uploaded. Closing is UploadComplete. */
    public void close(Exchange exchange) {
        JobRef ref = job(exchange);
        LoadContext load = load(exchange);
        try {
            Job job = SalesforceCalls.of(exchange.getContext()).callOnce(load, "bulk2CloseJob", Map.of("jobId", ref.getId()), Job.class);
            ref.setState(stateOf(job));
        } catch (RuntimeException e) {
            String message = messageOf(e);
            if (message.contains("already UploadComplete") || message.contains("already InProgress")
                    || message.contains("already JobComplete")) {
                ref.setState("UploadComplete");
            } else if (message.contains("already Aborted") || message.contains("already Failed")) {
                LOG.warn("Load {}: job {} ended before it was closed: {}", load.getLoadId(), ref.getId(), message);
                ref.setState(message.contains("already Aborted") ? "Aborted" : "Failed");
            } else {
                throw e;
            }
        }
        LOG.info("Load {}: job {} uploaded and closed ({})", load.getLoadId(), ref.getId(), ref.getState());
    }

    public void startMonitoring(Exchange exchange) {
        JobRef ref = job(exchange);
        PollBackoff backoff = new PollBackoff(pollInitialDelay, pollMultiplier, pollMaxDelay);
        exchange.setProperty("bulkBackoff", backoff);
        exchange.setProperty("bulkMonitoring", ref.getId() != null && !ref.isEnded());
        exchange.setProperty("bulkPollDelay", backoff.nextDelay());
        exchange.getIn().setHeader("jobId", ref.getId());
    }

    public void update(Exchange exchange) {
        Job job = exchange.getIn().getBody(Job.class);
        JobRef ref = job(exchange);
        LoadContext load = load(exchange);
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

    /** The three result sets, streamed and joined to the job's rows. */
    public void results(Exchange exchange) throws Exception {
        JobRef ref = job(exchange);
        LoadContext load = load(exchange);
        Bulk2Join join = new Bulk2Join(ref.getSpool().resolveSibling("join-" + ref.getIndex()));
        long[] counts;
        if (ref.getId() == null || !ref.isUploaded()) {
            counts = join.join(ref.getSpool(), kind -> java.io.InputStream.nullInputStream(),
                    ref.part("success"), ref.part("failed"), ref.part("unprocessed"));
        } else {
            Bulk2Http http = new Bulk2Http(exchange.getContext(), apiVersion);
            counts = join.join(ref.getSpool(), kind -> http.results(load, ref.getId(), switch (kind) {
                case SUCCESS -> "successfulResults";
                case FAILED -> "failedResults";
                case UNPROCESSED -> "unprocessedrecords";
            }), ref.part("success"), ref.part("failed"), ref.part("unprocessed"));
        }
        ref.setOutcomeCounts(counts[0], counts[1], counts[2]);
        LOG.info("Load {}: job {} {}: {} succeeded, {} failed, {} unprocessed", load.getLoadId(), ref.getId(), ref.getState(),
                counts[0], counts[1], counts[2]);
    }

    /** After a failure: every job still running is aborted, so none is left Open or UploadComplete. */
    public void abortUnfinished(Exchange exchange) {
        LoadContext load = load(exchange);
        if (load == null) {
            return;
        }
        SalesforceCalls calls = SalesforceCalls.of(exchange.getContext());
        for (JobRef ref : load.getJobs()) {
            if (ref.getId() == null || ref.isEnded()) {
                continue;
            }
            try {
                Job job = calls.callOnce(load, "bulk2AbortJob", Map.of("jobId", ref.getId()), Job.class);
                ref.setState(stateOf(job));
            } catch (RuntimeException e) {
                String message = messageOf(e);
                if (!message.contains("already")) {
                    throw e;
                }
            }
            LOG.warn("Load {}: job {} aborted after the load failed", load.getLoadId(), ref.getId());
        }
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

    private static String messageOf(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getMessage()).append(' ');
            if (t instanceof SalesforceException se && se.getErrors() != null) {
                se.getErrors().forEach(err -> all.append(err.getMessage()).append(' '));
            }
        }
        return all.toString();
    }

    private static LoadContext load(Exchange exchange) {
        return exchange.getProperty(LoadContext.PROPERTY, LoadContext.class);
    }

    private static JobRef job(Exchange exchange) {
        return exchange.getProperty(JOB, JobRef.class);
    }

    public void setJobMaxBytes(long jobMaxBytes) {
        this.jobMaxBytes = jobMaxBytes;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public void setPollInitialDelay(long pollInitialDelay) {
        this.pollInitialDelay = pollInitialDelay;
    }

    public void setPollMultiplier(double pollMultiplier) {
        this.pollMultiplier = pollMultiplier;
    }

    public void setPollMaxDelay(long pollMaxDelay) {
        this.pollMaxDelay = pollMaxDelay;
    }
}
