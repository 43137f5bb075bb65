package io.bulkroute.simulator.bulkv1;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.simulator.org.BatchFailure;
import io.bulkroute.simulator.processing.CsvFormat;

/**
 * A JSON batch ({@code [{"Name":"Acme"}, …]}) written out as the CSV the org's batch run reads, so JSON and
 * CSV batches are checked and applied by the same code and fail with the same messages. The file is read
 * twice as a stream, one record at a time, never whole: first for the columns (every field any record
 * names, in order of first appearance), then for the rows. A field a record leaves out is an empty value
 * (it sets nothing, as in CSV), {@code null} is {@code #N/A} (sets the field to null), a nested object is a
 * relationship column ({@code {"Account":{"External_Id__c":"A-1"}}} → {@code Account.External_Id__c}), and
 * {@code attributes} (the sObject type a client may add to each record) is not a field.
 */
final class V1JsonRecords {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final String NULL_MARKER = "#N/A";

    private V1JsonRecords() {
    }

    static void toCsv(Path json, Path csv) throws BatchFailure, IOException {
        Map<String, Integer> columns = new LinkedHashMap<>();
        forEachRecord(json, record -> flatten(record, "", (name, value) -> columns.putIfAbsent(name, columns.size())));
        if (columns.isEmpty()) {
            throw new BatchFailure("InvalidBatch : Records not found: the batch holds no record");
        }
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder(256);
            row(line, columns.keySet().toArray(String[]::new));
            out.append(line);
            String[] values = new String[columns.size()];
            forEachRecord(json, record -> {
                Arrays.fill(values, "");
                flatten(record, "", (name, value) -> values[columns.get(name)] = value);
                row(line, values);
                try {
                    out.append(line);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void row(StringBuilder line, String[] values) {
        line.setLength(0);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            CsvFormat.appendQuoted(line, values[i]);
        }
        line.append('\n');
    }

    private interface RecordVisitor {
        void visit(JsonNode record) throws BatchFailure;
    }

    private static void forEachRecord(Path json, RecordVisitor visitor) throws BatchFailure, IOException {
        try (JsonParser p = JSON.createParser(json.toFile())) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new BatchFailure("InvalidBatch : Failed to parse JSON: a batch is a JSON array of records");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    throw new BatchFailure("InvalidBatch : Failed to parse JSON: every record is a JSON object");
                }
                visitor.visit(p.readValueAsTree());
            }
        } catch (JsonProcessingException e) {
            throw new BatchFailure("InvalidBatch : Failed to parse JSON: " + e.getOriginalMessage());
        }
    }

    private static void flatten(JsonNode record, String prefix, BiConsumer<String, String> field) throws BatchFailure {
        var fields = record.fields();
        while (fields.hasNext()) {
            var f = fields.next();
            String name = prefix + f.getKey();
            JsonNode v = f.getValue();
            if (prefix.isEmpty() && f.getKey().equals("attributes")) {
                continue;
            }
            if (v.isObject() && prefix.isEmpty()) {
                flatten(v, name + ".", field);
            } else if (v.isContainerNode()) {
                throw new BatchFailure("InvalidBatch : Failed to parse JSON: field " + name + " is not a single value");
            } else if (v.isNull()) {
                field.accept(name, NULL_MARKER);
            } else if (v.isBigDecimal()) {
                field.accept(name, v.decimalValue().toPlainString());
            } else {
                field.accept(name, v.asText());
            }
        }
    }
}
