package io.bulkroute.simulator.bulkv1;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.simulator.http.SimException;

/**
 * Bulk 1.0's JSON: JobInfo, BatchInfo, the batch list and errors with the same fields, in the same order,
 * as {@link V1Xml} writes them, typed as Salesforce's JSON examples type them (counts and times as
 * numbers, {@code apiVersion} as a number, dates as strings), and JobInfo requests read.
 */
final class V1Json {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private V1Json() {
    }

    /** The fields of a JobInfo request as text, as {@link V1Xml#readJobInfo} gives them. */
    static Map<String, String> readJobInfo(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SimException(400, "InvalidJob", "Unable to parse Job: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SimException(400, "InvalidJob", "Unable to parse Job");
        }
        Map<String, String> values = new HashMap<>();
        root.fields().forEachRemaining(f -> {
            if (!f.getValue().isNull()) {
                values.put(f.getKey(), f.getValue().asText().trim());
            }
        });
        return values;
    }

    static String error(String code, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("exceptionCode", code);
        e.put("exceptionMessage", message);
        return write(e);
    }

    static String jobInfo(V1Job job) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", job.id);
        j.put("operation", job.operation.wire());
        j.put("object", job.object);
        j.put("createdById", job.createdById);
        j.put("createdDate", date(job.created));
        j.put("systemModstamp", date(job.modified));
        j.put("state", job.state);
        if (job.externalIdFieldName != null) {
            j.put("externalIdFieldName", job.externalIdFieldName);
        }
        j.put("concurrencyMode", job.concurrencyMode);
        j.put("contentType", job.contentType);
        j.put("numberBatchesQueued", job.count("Queued"));
        j.put("numberBatchesInProgress", job.count("InProgress"));
        j.put("numberBatchesCompleted", job.count("Completed"));
        j.put("numberBatchesFailed", job.count("Failed"));
        j.put("numberBatchesTotal", job.batches.size());
        j.put("numberRecordsProcessed", job.recordsProcessed());
        j.put("numberRetries", 0);
        j.put("apiVersion", new BigDecimal(job.apiVersion));
        j.put("numberRecordsFailed", job.recordsFailed());
        j.put("totalProcessingTime", job.processingMillis());
        j.put("apiActiveProcessingTime", job.processingMillis());
        j.put("apexProcessingTime", 0);
        return write(j);
    }

    static String batchInfo(V1Batch batch) {
        return write(fields(batch));
    }

    /** {@code {"batchInfo":[…]}}: the JSON form of {@code <batchInfoList>}. */
    static String batchInfoList(Iterable<V1Batch> batches) {
        List<Map<String, Object>> list = new ArrayList<>();
        batches.forEach(b -> list.add(fields(b)));
        return write(Map.of("batchInfo", list));
    }

    private static Map<String, Object> fields(V1Batch b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id);
        m.put("jobId", b.job.id);
        m.put("state", b.state);
        String message = b.stateMessage;
        if (message != null) {
            m.put("stateMessage", message);
        }
        m.put("createdDate", date(b.created));
        m.put("systemModstamp", date(b.modified));
        m.put("numberRecordsProcessed", b.processed);
        m.put("numberRecordsFailed", b.failed);
        m.put("totalProcessingTime", b.processingMillis);
        m.put("apiActiveProcessingTime", b.processingMillis);
        m.put("apexProcessingTime", 0);
        return m;
    }

    private static String date(Instant t) {
        return DATE.format(t);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Bulk 1.0 JSON cannot be written", e);
        }
    }
}
