package io.bulkroute.simulator.bulkv1;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bulkroute.simulator.BulkApiVersion;
import io.bulkroute.simulator.SimulatedOrg;
import io.bulkroute.simulator.http.SimException;
import io.bulkroute.simulator.http.SimExchange;
import io.bulkroute.simulator.org.BatchFailure;
import io.bulkroute.simulator.org.Operation;
import io.bulkroute.simulator.processing.BatchRun;
import io.bulkroute.simulator.processing.CsvFormat;
import io.bulkroute.simulator.processing.ResultSink;
import io.bulkroute.simulator.processing.Spool;

/** Bulk API 1.0 under {@code /services/async/{version}}: jobs, CSV and JSON batches, their requests and results, in XML or JSON. */
public final class BulkV1Api {
    public static final long MAX_BATCH_BYTES = 10_000_000;
    public static final long MAX_BATCH_RECORDS = 10_000;
    private static final Pattern PATH = Pattern.compile(
            "/services/async/([0-9.]+)/job(?:/([^/]+)(?:/batch(?:/([^/]+)(?:/(request|result))?)?)?)?/?");

    private final SimulatedOrg org;
    private final Map<String, V1Job> jobs = new ConcurrentHashMap<>();

    public BulkV1Api(SimulatedOrg org) {
        this.org = org;
    }

    public static boolean handles(String path) {
        return path.startsWith("/services/async/");
    }

    public void handle(SimExchange ex) throws IOException {
        Matcher m = PATH.matcher(ex.path());
        if (!m.matches()) {
            throw new SimException(404, "InvalidUrl", "Resource not found: " + ex.path());
        }
        // answers, errors included, come in the format asked for, else in the job's own (see V1Format)
        V1Format format = V1Format.of(ex, V1Format.ofJob(m.group(2) == null ? null : jobs.get(m.group(2))));
        try {
            route(ex, m, format);
        } catch (SimException e) {
            if (ex.answered() && !ex.dropped()) {
                throw e;
            }
            ex.answer(e.status(), format.contentType(), format.error(e));
        }
    }

    private void route(SimExchange ex, Matcher m, V1Format format) throws IOException {
        String version = m.group(1);
        String jobId = m.group(2);
        String batchId = m.group(3);
        String leaf = m.group(4);
        String method = ex.method();
        if (jobId == null) {
            require(method, "POST");
            createJob(ex, version, format);
        } else if (m.group(0).contains("/batch") && batchId == null) {
            if (method.equals("POST")) {
                addBatch(ex, job(jobId), format);
            } else {
                require(method, "GET");
                ex.answer(200, format.contentType(), format.batchInfoList(job(jobId).batches));
            }
        } else if (batchId != null) {
            require(method, "GET");
            V1Batch batch = batch(job(jobId), batchId);
            if (leaf == null) {
                ex.answer(200, format.contentType(), format.batchInfo(batch));
            } else if (leaf.equals("request")) {
                ex.answerStream(200, batchContentType(batch.job), out -> Files.copy(batch.request, out));
            } else {
                results(ex, batch);
            }
        } else if (method.equals("POST")) {
            changeState(ex, job(jobId), format);
        } else {
            require(method, "GET");
            ex.answer(200, format.contentType(), format.jobInfo(job(jobId)));
        }
    }

    /** An error that happened before the request reached a job (session, 503): in the format the request asked for. */
    public static void answerError(SimExchange ex, SimException e) throws IOException {
        V1Format format = V1Format.of(ex, V1Format.XML);
        ex.answer(e.status(), format.contentType(), format.error(e));
    }

    private void createJob(SimExchange ex, String version, V1Format format) throws IOException {
        Map<String, String> info = V1Format.readJobInfo(ex, ex.bodyText(64 * 1024));
        Operation op = Operation.fromWire(info.get("operation"));
        if (op == null) {
            throw new SimException(400, "InvalidJob", "Unable to parse Job");
        }
        String object = info.get("object");
        var table = org.store().table(object);
        if (table == null) {
            throw new SimException(400, "InvalidJob", "Unable to find object: " + object);
        }
        String extId = info.get("externalIdFieldName");
        if (op == Operation.UPSERT && (extId == null || !("Id".equalsIgnoreCase(extId) || table.schema().isExternalId(extId)))) {
            throw new SimException(400, "InvalidJob", "Field name provided, " + (extId == null ? "" : extId)
                    + " does not match an External ID for " + table.schema().name());
        }
        String contentType = info.getOrDefault("contentType", "CSV");
        if (!contentType.equals("CSV") && !contentType.equals("JSON")) {
            throw new SimException(400, "FeatureNotEnabled", "The simulator accepts CSV and JSON batches only, not " + contentType);
        }
        String mode = info.getOrDefault("concurrencyMode", "Parallel");
        if (!mode.equals("Parallel") && !mode.equals("Serial")) {
            throw new SimException(400, "InvalidJob", "Unable to parse Job");
        }
        V1Job job = new V1Job(org.newJobId(), table.schema().name(), op, extId, mode, contentType, version,
                org.userId(), mode.equals("Serial") ? org.workers().serialChain() : null);
        jobs.put(job.id, job);
        long abortAfter = org.faults().current().abortJobsAfterSeconds;
        if (abortAfter > 0) {
            org.workers().schedule(() -> abort(job), abortAfter * 1000);
        }
        ex.answer(201, format.contentType(), format.jobInfo(job));
    }

    private void changeState(SimExchange ex, V1Job job, V1Format format) throws IOException {
        String wanted = V1Format.readJobInfo(ex, ex.bodyText(64 * 1024)).get("state");
        synchronized (job) {
            if ("Closed".equals(wanted)) {
                if (!job.state.equals("Open")) {
                    throw new SimException(400, "InvalidJobState", "Closing already " + job.state + " Job not allowed");
                }
                job.state = "Closed";
                job.modified = java.time.Instant.now();
            } else if ("Aborted".equals(wanted)) {
                if (!job.state.equals("Open") && !job.state.equals("Closed")) {
                    throw new SimException(400, "InvalidJobState", "Aborting already " + job.state + " Job not allowed");
                }
                abort(job);
            } else {
                throw new SimException(400, "InvalidJobState", "Invalid state: " + wanted);
            }
        }
        ex.answer(200, format.contentType(), format.jobInfo(job));
    }

    /** Aborting leaves processed batches as they are and marks queued ones NotProcessed. */
    private void abort(V1Job job) {
        synchronized (job) {
            if (job.state.equals("Aborted")) {
                return;
            }
            job.state = "Aborted";
            job.modified = java.time.Instant.now();
        }
        for (V1Batch b : job.batches) {
            synchronized (b) {
                if (b.state.equals("Queued")) {
                    b.moveTo("NotProcessed", null);
                }
            }
        }
    }

    private void addBatch(SimExchange ex, V1Job job, V1Format format) throws IOException {
        if (!job.state.equals("Open")) {
            org.usage().takeBatches(1);
            throw new SimException(400, "InvalidJobState", "Job " + job.id + " is not open: it is " + job.state);
        }
        String type = ex.contentType();
        String expected = batchContentType(job);
        if (!type.startsWith(expected)) {
            throw new SimException(400, "InvalidBatch", "Content-Type of the batch (" + type
                    + ") does not match the job's content type " + job.contentType);
        }
        if (!org.usage().takeBatches(1)) {
            throw new SimException(400, "ExceededQuota", "Exceeded the daily limit of Bulk API batches");
        }
        String batchId = org.newBatchId();
        var request = org.spool().newFile(batchId + "-request." + job.contentType.toLowerCase());
        spoolLimited(ex.body(), request);
        V1Batch batch = new V1Batch(batchId, job, request, org.spool().newFile(batchId + "-result." + job.contentType.toLowerCase()));
        synchronized (job) {
            if (!job.state.equals("Open")) {
                Spool.deleteQuietly(request);
                throw new SimException(400, "InvalidJobState", "Job " + job.id + " is not open: it is " + job.state);
            }
            job.batches.add(batch);
        }
        // rendered before the work is queued: the answer shows the batch as the client created it, Queued
        String answer = format.batchInfo(batch);
        Runnable work = () -> process(batch);
        if (job.serial != null) {
            job.serial.submit(work);
        } else {
            org.workers().submit(work);
        }
        ex.answer(201, format.contentType(), answer);
    }

    /** The media type of a job's batches, their requests and results: {@code text/csv} or {@code application/json}. */
    private static String batchContentType(V1Job job) {
        return V1Format.ofJob(job) == V1Format.JSON ? V1Format.JSON.contentType() : "text/csv";
    }

    /** Copies the upload to the spool; past 10 MB the rest is read and discarded, never held. */
    private static void spoolLimited(InputStream body, Path file) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        boolean over = false;
        try (InputStream in = body; OutputStream out = Files.newOutputStream(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > MAX_BATCH_BYTES) {
                    over = true;
                } else {
                    out.write(buffer, 0, n);
                }
            }
        }
        if (over) {
            Spool.deleteQuietly(file);
            throw new SimException(400, "InvalidBatch", "Exceeded max size limit of " + MAX_BATCH_BYTES);
        }
    }

    private void process(V1Batch batch) {
        synchronized (batch) {
            if (!batch.state.equals("Queued")) {
                return;
            }
            batch.moveTo("InProgress", null);
        }
        long started = System.currentTimeMillis();
        V1Job job = batch.job;
        try {
            if (org.faults().batchFailure()) {
                batch.moveTo("Failed", "InternalServerError : Simulated batch failure");
                return;
            }
            boolean json = V1Format.ofJob(job) == V1Format.JSON;
            // the org's batch run reads CSV: a JSON batch is written out as CSV first, and that copy dropped after
            Path records = json ? org.spool().newFile(batch.id + "-records.csv") : batch.request;
            try {
                if (json) {
                    V1JsonRecords.toCsv(batch.request, records);
                    try (V1JsonResultSink sink = new V1JsonResultSink(batch.result)) {
                        run(batch, records, sink, started);
                    }
                } else {
                    try (V1ResultSink sink = new V1ResultSink(batch.result)) {
                        run(batch, records, sink, started);
                    }
                }
            } finally {
                if (json) {
                    Spool.deleteQuietly(records);
                }
            }
            batch.processingMillis = System.currentTimeMillis() - started;
            batch.moveTo("Completed", null);
        } catch (BatchFailure e) {
            batch.moveTo("Failed", e.getMessage());
        } catch (IOException | RuntimeException e) {
            batch.moveTo("Failed", "InternalServerError : " + e.getMessage());
        }
    }

    private void run(V1Batch batch, Path records, ResultSink sink, long started) throws BatchFailure, IOException {
        V1Job job = batch.job;
        BatchRun.Target target = new BatchRun.Target(job.object, job.operation, job.externalIdFieldName, MAX_BATCH_RECORDS);
        BatchRun.Counts counts = org.batchRun().run(records, CsvFormat.comma(), target, () -> false, sink, c -> {
            batch.processed = c.processed();
            batch.failed = c.failed();
            batch.processingMillis = System.currentTimeMillis() - started;
        });
        batch.processed = counts.processed();
        batch.failed = counts.failed();
    }

    private void results(SimExchange ex, V1Batch batch) throws IOException {
        if (!batch.state.equals("Completed")) {
            throw new SimException(400, "InvalidBatch", "Batch not completed");
        }
        ex.answerStream(200, batchContentType(batch.job), out -> Files.copy(batch.result, out));
    }

    private V1Job job(String id) {
        V1Job job = jobs.get(id);
        if (job == null) {
            throw new SimException(400, "InvalidJob", "Unable to find job for id: " + id);
        }
        return job;
    }

    private static V1Batch batch(V1Job job, String id) {
        for (V1Batch b : job.batches) {
            if (b.id.equals(id)) {
                return b;
            }
        }
        throw new SimException(400, "InvalidBatch", "Unable to find batch for id: " + id);
    }

    private static void require(String method, String expected) {
        if (!method.equals(expected)) {
            throw new SimException(405, "InvalidUrl", "HTTP method " + method + " is not allowed here");
        }
    }

    /** For the admin API. */
    public Iterable<Map<String, Object>> describeJobs() {
        return jobs.values().stream().map(j -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("id", j.id);
            m.put("api", BulkApiVersion.V1.label());
            m.put("object", j.object);
            m.put("operation", j.operation.wire());
            m.put("state", j.state);
            m.put("batches", j.batches.size());
            m.put("recordsProcessed", j.recordsProcessed());
            m.put("recordsFailed", j.recordsFailed());
            m.put("processingEndedAt", j.batches.stream().allMatch(V1Batch::ended)
                    ? j.batches.stream().map(b -> b.modified).max(java.util.Comparator.naturalOrder()).map(Object::toString).orElse(null)
                    : null);
            return m;
        }).toList();
    }

    /** The jobs as Bulk 2.0's job list shows them, with {@code "jobType":"Classic"}. */
    public java.util.List<Map<String, Object>> listedAsClassic() {
        return jobs.values().stream().map(j -> io.bulkroute.simulator.bulkv2.BulkV2Api.classicJobFields(j.id,
                j.operation.wire(), j.object, j.createdById, j.created, j.modified, j.state, j.externalIdFieldName,
                j.concurrencyMode, j.contentType, j.apiVersion)).toList();
    }

    public void reset() {
        jobs.values().forEach(this::abort);
        jobs.clear();
    }
}
