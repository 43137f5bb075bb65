package io.bulkroute.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code /simulator/metrics}: the simulator's heap, read from outside its process. */
class MetricsTest extends SimulatorTestSupport {

    @Test
    void metricsTellTheHeapInUseAndItsPeak() throws Exception {
        HttpResponse<String> r = SIMULATOR.admin("GET", "/simulator/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode m = JSON.readTree(r.body());
        assertThat(m.get("heapUsedBytes").asLong()).isPositive();
        assertThat(m.get("heapPeakBytes").asLong()).isPositive();
        assertThat(m.get("heapMaxBytes").asLong()).isGreaterThanOrEqualTo(m.get("heapUsedBytes").asLong());
        assertThat(m.get("processCpuNanos").asLong()).isPositive();
    }

    @Test
    void resetPeakAnswersTheMetricsFromThere() throws Exception {
        HttpResponse<String> r = SIMULATOR.admin("POST", "/simulator/metrics/reset-peak?gc=true", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode after = JSON.readTree(r.body());
        assertThat(after.get("heapUsedBytes").asLong()).isPositive();
        assertThat(after.get("heapPeakBytes").asLong()).isPositive();
        assertThat(SIMULATOR.admin("POST", "/simulator/metrics/reset-peak", null).statusCode()).isEqualTo(200);
        assertThat(SIMULATOR.admin("GET", "/simulator/metrics/reset-peak", null).statusCode()).isEqualTo(404);
        assertThat(SIMULATOR.admin("POST", "/simulator/metrics", null).statusCode()).isEqualTo(404);
    }
}
