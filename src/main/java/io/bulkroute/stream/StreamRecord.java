package io.bulkroute.stream;

import io.bulkroute.model.BulkHeaders;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.bulkroute.input.BadMessageException;

/**
 * One message of a record stream on its way into a batch: its record (field names to CSV values), the message's key
 * for redelivery checks, whether it ends the stream, and then where it was written (or why it was not).
 */
final class StreamRecord {
    static final String PROPERTY = BulkHeaders.RECORD;
    /** What a JSON null becomes in the CSV: Salesforce's "set this field to null" (an empty value sets nothing). */
    static final String NULL = "#N/A";
    // numbers keep the digits they were sent with (1000.50 stays 1000.50)
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private final StreamLoad stream;
    private final String key;
    private final Map<String, String> fields;
    private final String endedBy;
    private volatile Journal journal;
    private volatile long seq;
    private volatile String rejected;

    StreamRecord(StreamLoad stream, String key, Map<String, String> fields, String endedBy) {
        this.stream = stream;
        this.key = key;
        this.fields = fields;
        this.endedBy = endedBy;
    }

    /**
     * A flat JSON object; nested objects become dotted names ({@code {"Account": {"External_Id__c": "A-1"}}} is the
     * relationship column {@code Account.External_Id__c}), numbers keep their digits, null is {@value #NULL}.
     */
    static Map<String, String> parse(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadMessageException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadMessageException("not a JSON object: a record-stream message holds one record as a JSON object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        flatten("", node, fields);
        if (fields.isEmpty()) {
            throw new BadMessageException("the record has no fields");
        }
        return fields;
    }

    private static void flatten(String prefix, JsonNode object, Map<String, String> into) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(name + ".", value, into);
            } else if (value.isArray()) {
                throw new BadMessageException("the field " + name + " is an array: a record's values are text, numbers, booleans or null");
            } else {
                into.put(name, value.isNull() ? NULL : value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText());
            }
        }
    }

    StreamLoad stream() {
        return stream;
    }

    String key() {
        return key;
    }

    /** The record's fields, or null for a signal that only ends the stream. */
    Map<String, String> fields() {
        return fields;
    }

    /** Why this message ends its stream (the completion header, the idle timeout, a failure), or null. */
    String endedBy() {
        return endedBy;
    }

    boolean ends() {
        return endedBy != null;
    }

    void writtenTo(Journal journal, long seq) {
        this.journal = journal;
        this.seq = seq;
    }

    /** Returns once the record (or, for a redelivered message, its first copy) is on disk. */
    void awaitDurable() {
        Journal j = journal;
        if (j != null) {
            j.sync(seq);
        }
    }

    void reject(String reason) {
        this.rejected = reason;
    }

    /** Why the record was not taken after all (its stream ended while it was on its way), or null. */
    String rejected() {
        return rejected;
    }
}
