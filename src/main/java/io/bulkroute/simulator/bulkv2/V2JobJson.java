package io.bulkroute.simulator.bulkv2;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A 2.0 job as Salesforce's JobInfo JSON shows it. */
final class V2JobJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private V2JobJson() {
    }

    static String render(V2Job job) throws JsonProcessingException {
        return JSON.writeValueAsString(fields(job));
    }

    static Map<String, Object> fields(V2Job job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id);
        m.put("operation", job.operation.wire());
        m.put("object", job.object);
        m.put("createdById", job.createdById);
        m.put("createdDate", DATE.format(job.created));
        m.put("systemModstamp", DATE.format(job.modified));
        m.put("state", job.state);
        if (job.externalIdFieldName != null) {
            m.put("externalIdFieldName", job.externalIdFieldName);
        }
        m.put("concurrencyMode", "Parallel");
        m.put("contentType", "CSV");
        m.put("apiVersion", Double.valueOf(job.apiVersion));
        m.put("jobType", "V2Ingest");
        if (job.state.equals("Open")) {
            m.put("contentUrl", "services/data/v" + job.apiVersion + "/jobs/ingest/" + job.id + "/batches");
        }
        m.put("lineEnding", job.lineEnding);
        m.put("columnDelimiter", job.columnDelimiter);
        m.put("numberRecordsProcessed", job.recordsProcessed);
        m.put("numberRecordsFailed", job.recordsFailed);
        m.put("retries", 0);
        m.put("totalProcessingTime", job.processingMillis);
        m.put("apiActiveProcessingTime", job.processingMillis);
        m.put("apexProcessingTime", 0);
        if (job.errorMessage != null) {
            m.put("errorMessage", job.errorMessage);
        }
        return m;
    }
}
