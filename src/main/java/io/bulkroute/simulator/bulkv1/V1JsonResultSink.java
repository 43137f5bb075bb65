package io.bulkroute.simulator.bulkv1;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.bulkroute.simulator.org.RecordResult;
import io.bulkroute.simulator.processing.ResultSink;

/**
 * The results of a JSON batch: one object per submitted record, in submission order, as Salesforce writes
 * them, {@code [{"success":true,"created":true,"id":"001…","errors":[]}, …]}. A failure's id is null and its
 * error is split into {@code statusCode}, {@code message} and {@code fields}, from the CSV form
 * {@code CODE:message:Field1 Field2 --} the org writes.
 */
final class V1JsonResultSink implements ResultSink, AutoCloseable {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final JsonGenerator out;

    V1JsonResultSink(Path file) throws IOException {
        this.out = FACTORY.createGenerator(Files.newOutputStream(file));
        // a batch that fails before its first record still leaves a well-formed (empty) array
        out.writeStartArray();
    }

    @Override
    public void header(String[] header) {
        // JSON results carry no header
    }

    @Override
    public void result(String[] row, RecordResult r) throws IOException {
        out.writeStartObject();
        out.writeBooleanField("success", r.success());
        out.writeBooleanField("created", r.created());
        if (r.id() == null || r.id().isEmpty()) {
            out.writeNullField("id");
        } else {
            out.writeStringField("id", r.id());
        }
        out.writeArrayFieldStart("errors");
        if (!r.success()) {
            writeError(r.error());
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private void writeError(String error) throws IOException {
        int colon = error.indexOf(':');
        String code = colon < 0 ? error : error.substring(0, colon);
        String rest = colon < 0 ? "" : error.substring(colon + 1);
        List<String> fields = new ArrayList<>();
        String message = rest;
        if (rest.endsWith("--")) {
            String body = rest.substring(0, rest.length() - 2).stripTrailing();
            int last = body.lastIndexOf(':');
            message = last < 0 ? body : body.substring(0, last);
            for (String f : (last < 0 ? "" : body.substring(last + 1)).split("[\\s,]+")) {
                if (!f.isEmpty()) {
                    fields.add(f);
                }
            }
        }
        out.writeStartObject();
        out.writeStringField("statusCode", code);
        out.writeStringField("message", message);
        out.writeArrayFieldStart("fields");
        for (String f : fields) {
            out.writeString(f);
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    @Override
    public void unprocessed(String[] row) {
        // 1.0 batches that have started run to their end: there is no unprocessed row inside one
    }

    @Override
    public void close() throws IOException {
        out.writeEndArray();
        out.close();
    }
}
