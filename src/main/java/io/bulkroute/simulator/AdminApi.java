package io.bulkroute.simulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.simulator.bulkv1.BulkV1Api;
import io.bulkroute.simulator.bulkv2.BulkV2Api;
import io.bulkroute.simulator.fault.Faults;
import io.bulkroute.simulator.http.SimException;
import io.bulkroute.simulator.http.SimExchange;
import io.bulkroute.simulator.org.FieldDef;
import io.bulkroute.simulator.org.ObjectTable;

/** The simulator's own API under {@code /simulator} (not Salesforce's): state, records, faults, reset. */
final class AdminApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private final Simulator simulator;
    private final SimulatedOrg org;
    private final BulkV1Api v1;
    private final BulkV2Api v2;

    AdminApi(Simulator simulator, SimulatedOrg org, BulkV1Api v1, BulkV2Api v2) {
        this.simulator = simulator;
        this.org = org;
        this.v1 = v1;
        this.v2 = v2;
    }

    void handle(SimExchange ex) throws IOException {
        String path = ex.path();
        String method = ex.method();
        if (path.equals("/simulator/state") && method.equals("GET")) {
            List<Map<String, Object>> jobs = new ArrayList<>();
            v1.describeJobs().forEach(jobs::add);
            v2.describeJobs().forEach(jobs::add);
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("jobs", jobs);
            state.put("objects", org.store().counts());
            ex.answer(200, JSON_TYPE, JSON.writeValueAsString(state));
        } else if (path.startsWith("/simulator/objects/") && method.equals("GET")) {
            records(ex, path.substring("/simulator/objects/".length()));
        } else if (path.equals("/simulator/faults") && method.equals("PUT")) {
            Faults faults;
            try {
                faults = Faults.parse(ex.bodyText(64 * 1024));
            } catch (IllegalArgumentException e) {
                throw new SimException(400, "invalid_faults", e.getMessage());
            }
            org.faults().set(faults);
            ex.answer(200, JSON_TYPE, faults.toString());
        } else if (path.equals("/simulator/faults") && method.equals("GET")) {
            ex.answer(200, JSON_TYPE, org.faults().current().toString());
        } else if (path.equals("/simulator/reset") && method.equals("POST")) {
            simulator.reset();
            ex.answerEmpty(204);
        } else {
            throw new SimException(404, "not_found", "No simulator resource " + method + " " + path);
        }
    }

    /** Streams an object's records as JSON lines: {@code {"Id":"001…","Name":"…"}}. */
    private void records(SimExchange ex, String objectName) throws IOException {
        ObjectTable table = org.store().table(objectName);
        if (table == null) {
            throw new SimException(404, "not_found", "No object " + objectName);
        }
        List<FieldDef> fields = table.schema().fields();
        ex.answerStream(200, "application/x-ndjson", out -> {
            try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
                g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
                for (var e : table.entries()) {
                    g.writeStartObject();
                    g.writeStringField("Id", e.getKey());
                    String[] values = e.getValue();
                    for (int i = 0; i < fields.size(); i++) {
                        if (values[i] != null) {
                            g.writeStringField(fields.get(i).name(), values[i]);
                        }
                    }
                    g.writeEndObject();
                }
                g.writeRaw('\n');
            }
        });
    }
}
