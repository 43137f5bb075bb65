package io.bulkroute.simulator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
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

/** The simulator's own API under {@code /simulator} (not Salesforce's): state, records, faults, reset, metrics. */
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
        } else if (path.equals("/simulator/metrics") && method.equals("GET")) {
            ex.answer(200, JSON_TYPE, JSON.writeValueAsString(heapMetrics()));
        } else if (path.equals("/simulator/metrics/reset-peak") && method.equals("POST")) {
            if ("true".equalsIgnoreCase(ex.query("gc"))) {
                // so that the next peak does not start from the garbage of what ran before
                System.gc();
            }
            for (MemoryPoolMXBean pool : heapPools()) {
                pool.resetPeakUsage();
            }
            ex.answer(200, JSON_TYPE, JSON.writeValueAsString(heapMetrics()));
        } else if (path.equals("/simulator/reset") && method.equals("POST")) {
            simulator.reset();
            ex.answerEmpty(204);
        } else {
            throw new SimException(404, "not_found", "No simulator resource " + method + " " + path);
        }
    }

    /**
     * The simulator process's heap: what is in use now and the peak since start or the last
     * reset-peak, each summed over the heap's memory pools (eden, survivor, old generation).
     */
    private static Map<String, Object> heapMetrics() {
        long used = 0;
        long peak = 0;
        for (MemoryPoolMXBean pool : heapPools()) {
            used += pool.getUsage().getUsed();
            peak += pool.getPeakUsage().getUsed();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heapUsedBytes", used);
        m.put("heapPeakBytes", peak);
        m.put("heapMaxBytes", Runtime.getRuntime().maxMemory());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            // how much processor time the simulator has used: what a load test costs it, whatever else runs
            m.put("processCpuNanos", os.getProcessCpuTime());
        }
        return m;
    }

    private static List<MemoryPoolMXBean> heapPools() {
        List<MemoryPoolMXBean> pools = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                pools.add(pool);
            }
        }
        return pools;
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
