package io.bulkroute.simulator.bulkv2;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.simulator.BulkApiVersion;
import io.bulkroute.simulator.SimulatedOrg;
import io.bulkroute.simulator.http.SimException;
import io.bulkroute.simulator.http.SimExchange;
import io.bulkroute.simulator.org.Operation;
import io.bulkroute.simulator.processing.Spool;

/** Bulk API 2.0 ingest under {@code /services/data/v{version}/jobs/ingest}. */
public final class BulkV2Api {
    public static final long MAX_UPLOAD_BYTES = 150_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    private static final Pattern PATH = Pattern.compile(
            "/services/data/v([0-9.]+)/jobs/ingest(?:/([^/]+)(?:/(batches|successfulResults|failedResults|unprocessedrecords))?)?/?");
    private static final String JSON_TYPE = "application/json;charset=UTF-8";
    /** How long an answer waits for an aborted job's worker to finish the chunk in hand (below clients' 10 s idle timeout). */
    static final long SETTLE_MILLIS = 8_000;

    private final SimulatedOrg org;
    private final V2JobRun runs;
    private final Map<String, V2Job> jobs = new ConcurrentHashMap<>();
    private volatile Supplier<? extends Collection<Map<String, Object>>> classicJobs = List::of;

    public BulkV2Api(SimulatedOrg org) {
        this.org = org;
        this.runs = new V2JobRun(org);
    }

    /**
     * The Bulk 1.0 jobs, as {@code GET …/jobs/ingest} lists them with the 2.0 ones: Salesforce's job list
     * holds every ingest job of the org, Bulk 1.0 ones with {@code "jobType":"Classic"}. Each is a map of the
     * fields of {@link #classicJobFields}; until this is set, only 2.0 jobs are listed.
     */
    public void listClassicJobs(Supplier<? extends Collection<Map<String, Object>>> classicJobs) {
        this.classicJobs = classicJobs == null ? List::of : classicJobs;
    }

    /**
     * A Bulk 1.0 job as the 2.0 job list shows it: {@code id, operation, object, createdById, createdDate,
     * systemModstamp, state, externalIdFieldName (upsert), concurrencyMode, contentType, apiVersion,
     * jobType "Classic"}, dates in Salesforce's format.
     */
    public static Map<String, Object> classicJobFields(String id, String operation, String object, String createdById,
                                                       Instant created, Instant modified, String state,
                                                       String externalIdFieldName, String concurrencyMode,
                                                       String contentType, String apiVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("operation", operation);
        m.put("object", object);
        m.put("createdById", createdById);
        m.put("createdDate", DATE.format(created));
        m.put("systemModstamp", DATE.format(modified));
        m.put("state", state);
        if (externalIdFieldName != null) {
            m.put("externalIdFieldName", externalIdFieldName);
        }
        m.put("concurrencyMode", concurrencyMode);
        m.put("contentType", contentType);
        m.put("apiVersion", Double.valueOf(apiVersion));
        m.put("jobType", "Classic");
        return m;
    }

    public static boolean handles(String path) {
        return PATH.matcher(path).matches();
    }

    public void handle(SimExchange ex) throws IOException {
        Matcher m = PATH.matcher(ex.path());
        if (!m.matches()) {
            throw notFound();
        }
        String version = m.group(1);
        String jobId = m.group(2);
        String leaf = m.group(3);
        String method = ex.method();
        if (jobId == null) {
            if (method.equals("POST")) {
                createJob(ex, version);
            } else {
                require(method, "GET");
                listJobs(ex);
            }
            return;
        }
        V2Job job = job(jobId);
        if (leaf == null) {
            switch (method) {
                case "GET" -> ex.answer(200, JSON_TYPE, V2JobJson.render(job));
                case "PATCH" -> changeState(ex, job);
                case "DELETE" -> delete(ex, job);
                default -> throw methodNotAllowed(method);
            }
        } else if (leaf.equals("batches")) {
            require(method, "PUT");
            upload(ex, job);
        } else {
            require(method, "GET");
            V2Results.answer(ex, job, leaf);
        }
    }

    /** The error body of the REST API: a JSON array. */
    public static String errorBody(SimException e) {
        try {
            return JSON.writeValueAsString(List.of(Map.of("errorCode", e.code(), "message", e.getMessage())));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private void createJob(SimExchange ex, String version) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(ex.bodyText(64 * 1024));
        } catch (JsonProcessingException e) {
            throw new SimException(400, "JSON_PARSER_ERROR", "Unexpected character at [line:"
                    + e.getLocation().getLineNr() + ", column:" + e.getLocation().getColumnNr() + "]");
        }
        if (body == null || !body.isObject()) {
            throw new SimException(400, "JSON_PARSER_ERROR", "The request body must be a JSON object");
        }
        String opText = body.path("operation").asText("");
        Operation op = Operation.fromWire(opText);
        if (op == null) {
            throw new SimException(400, "API_ERROR", "Invalid value: '" + opText + "' supplied for property: 'operation'");
        }
        String object = body.path("object").asText("");
        var table = org.store().table(object);
        if (table == null) {
            throw new SimException(400, "INVALIDJOB", "InvalidJob : Unable to find object: " + object);
        }
        String extId = body.hasNonNull("externalIdFieldName") ? body.get("externalIdFieldName").asText() : null;
        if (op == Operation.UPSERT && (extId == null || !("Id".equalsIgnoreCase(extId) || table.schema().isExternalId(extId)))) {
            throw new SimException(400, "INVALIDJOB", "InvalidJob : Field name provided, " + (extId == null ? "" : extId)
                    + " does not match an External ID for " + table.schema().name());
        }
        String contentType = body.path("contentType").asText("CSV");
        if (!contentType.equals("CSV")) {
            throw new SimException(400, "API_ERROR", "Invalid value: '" + contentType + "' supplied for property: 'contentType'");
        }
        String lineEnding = body.path("lineEnding").asText("LF");
        String delimiter = body.path("columnDelimiter").asText("COMMA");
        if (!List.of("LF", "CRLF").contains(lineEnding)) {
            throw new SimException(400, "API_ERROR", "Invalid value: '" + lineEnding + "' supplied for property: 'lineEnding'");
        }
        if (!List.of("COMMA", "TAB", "PIPE", "SEMICOLON", "CARET", "BACKQUOTE").contains(delimiter)) {
            throw new SimException(400, "API_ERROR", "Invalid value: '" + delimiter + "' supplied for property: 'columnDelimiter'");
        }
        String id = org.newJobId();
        V2Job job = new V2Job(id, table.schema().name(), op, extId, lineEnding, delimiter, version, org.userId(),
                org.spool().newFile(id + "-successful.csv"), org.spool().newFile(id + "-failed.csv"),
                org.spool().newFile(id + "-unprocessed.csv"));
        jobs.put(id, job);
        long abortAfter = org.faults().current().abortJobsAfterSeconds;
        if (abortAfter > 0) {
            org.workers().schedule(() -> abort(job), abortAfter * 1000);
        }
        ex.answer(200, JSON_TYPE, V2JobJson.render(job));
    }

    private void upload(SimExchange ex, V2Job job) throws IOException {
        synchronized (job) {
            if (job.upload != null) {
                throw new SimException(400, "BULK_API_ERROR", "Found multipe contents for job: <" + job.id.substring(0, 15)
                        + ">, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you"
                        + " only do 'PUT' once on a given Job.");
            }
            if (!job.state.equals("Open")) {
                throw new SimException(409, "INVALIDJOBSTATE", "Job is not in Open state: " + job.state);
            }
            if (!ex.contentType().startsWith("text/csv")) {
                throw new SimException(400, "INVALIDCONTENTTYPE", "Content-Type must be text/csv for a CSV job");
            }
            Path file = org.spool().newFile(job.id + "-upload.csv");
            long total = 0;
            boolean over = false;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = ex.body(); OutputStream out = Files.newOutputStream(file)) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    total += n;
                    if (total > MAX_UPLOAD_BYTES) {
                        over = true;
                    } else {
                        out.write(buffer, 0, n);
                    }
                }
            }
            if (over) {
                Spool.deleteQuietly(file);
                throw new SimException(400, "BULK_API_ERROR", "Exceeded max size limit of " + MAX_UPLOAD_BYTES
                        + " bytes for the data of one job");
            }
            // a job's data is processed in batches of 10,000 records, which count against the org's daily
            // allowance shared with Bulk 1.0: the first is taken with the upload, the others as they are processed
            if (!org.usage().takeBatches(1)) {
                Spool.deleteQuietly(file);
                throw new SimException(400, "EXCEEDED_QUOTA", "ExceededQuota : Exceeded the daily limit of Bulk API batches");
            }
            job.upload = file;
        }
        ex.answerEmpty(201);
    }

    private void changeState(SimExchange ex, V2Job job) throws IOException {
        String wanted;
        try {
            wanted = JSON.readTree(ex.bodyText(64 * 1024)).path("state").asText("");
        } catch (JsonProcessingException e) {
            throw new SimException(400, "JSON_PARSER_ERROR", "Unexpected character in the request body");
        }
        String answer;
        synchronized (job) {
            switch (wanted) {
                case "UploadComplete" -> {
                    if (!job.state.equals("Open")) {
                        throw new SimException(400, "INVALIDJOBSTATE", "Closing already " + job.state + " Job not allowed");
                    }
                    job.moveTo("UploadComplete");
                    // rendered before a worker can pick the job up: the answer says UploadComplete, as Salesforce's does
                    answer = V2JobJson.render(job);
                    org.workers().submit(() -> runs.process(job));
                }
                case "Aborted" -> {
                    if (job.ended()) {
                        throw new SimException(400, "INVALIDJOBSTATE", "Aborting already " + job.state + " Job not allowed");
                    }
                    abort(job);
                    answer = null;
                }
                default -> throw new SimException(400, "INVALIDJOBSTATE", "Invalid state transition to '" + wanted + "'");
            }
        }
        if (answer == null) {
            // outside the lock: the worker finishes the chunk in hand, then the answer's counters are final
            job.awaitSettled(SETTLE_MILLIS);
            answer = V2JobJson.render(job);
        }
        ex.answer(200, JSON_TYPE, answer);
    }

    private void abort(V2Job job) {
        synchronized (job) {
            if (!job.ended()) {
                job.moveTo("Aborted");
            }
        }
    }

    private void delete(SimExchange ex, V2Job job) throws IOException {
        if (job.state.equals("Open") || job.state.equals("InProgress")) {
            throw new SimException(400, "INVALIDJOBSTATE", "Deleting a job in state " + job.state + " is not allowed");
        }
        synchronized (job) {
            // a job deleted while UploadComplete is never processed
            job.deleted = true;
        }
        jobs.remove(job.id);
        job.awaitSettled(SETTLE_MILLIS);
        for (Path p : new Path[] {job.upload, job.successful, job.failed, job.unprocessed}) {
            Spool.deleteQuietly(p);
        }
        ex.answerEmpty(204);
    }

    /**
     * Every ingest job of the org, 2.0 ones ({@code V2Ingest}) and 1.0 ones ({@code Classic}), in one page;
     * {@code jobType} filters by type as Salesforce's does.
     */
    private void listJobs(SimExchange ex) throws IOException {
        String type = ex.query("jobType");
        List<Map<String, Object>> records = new ArrayList<>();
        if (type == null || type.equals("V2Ingest")) {
            for (V2Job job : jobs.values()) {
                records.add(V2JobJson.fields(job));
            }
        }
        if (type == null || type.equals("Classic")) {
            records.addAll(classicJobs.get());
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("done", true);
        page.put("records", records);
        page.put("nextRecordsUrl", null);
        ex.answer(200, JSON_TYPE, JSON.writeValueAsString(page));
    }

    private V2Job job(String id) {
        V2Job job = jobs.get(id);
        if (job == null) {
            throw notFound();
        }
        return job;
    }

    private static SimException notFound() {
        return new SimException(404, "NOT_FOUND", "The requested resource does not exist");
    }

    private static SimException methodNotAllowed(String method) {
        return new SimException(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed");
    }

    private static void require(String method, String expected) {
        if (!method.equals(expected)) {
            throw methodNotAllowed(method);
        }
    }

    /** For the admin API. */
    public Iterable<Map<String, Object>> describeJobs() {
        return jobs.values().stream().map(j -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", j.id);
            m.put("api", BulkApiVersion.V2.label());
            m.put("object", j.object);
            m.put("operation", j.operation.wire());
            m.put("state", j.state);
            m.put("batches", j.upload == null ? 0 : 1);
            m.put("recordsProcessed", j.recordsProcessed);
            m.put("recordsFailed", j.recordsFailed);
            m.put("processingEndedAt", j.ended() ? j.modified.toString() : null);
            return m;
        }).toList();
    }

    public void reset() {
        jobs.values().forEach(this::abort);
        jobs.clear();
    }
}
