package io.bulkroute.simulator;

import java.nio.file.Path;
import java.util.function.Function;

import io.bulkroute.simulator.auth.Credentials;
import io.bulkroute.simulator.fault.Faults;

/** The {@code simulator.*} settings. */
public record SimulatorConfig(String host, int port, long recordsPerSecond, Faults faults, Path schemaFile,
                              Credentials credentials, long dailyApiRequests, long dailyBulkBatches, int workers) {

    public static SimulatorConfig defaults() {
        return from(key -> null);
    }

    /** Reads the settings through {@code lookup} (a key such as {@code simulator.port} to its value, or null). */
    public static SimulatorConfig from(Function<String, String> lookup) {
        Function<String, String> get = key -> lookup.apply("simulator." + key);
        Credentials dev = Credentials.dev();
        return new SimulatorConfig(
                or(get.apply("host"), "127.0.0.1"),
                Integer.parseInt(or(get.apply("port"), "0")),
                Long.parseLong(or(get.apply("records-per-second"), "0")),
                Faults.parse(get.apply("faults")),
                Path.of(or(get.apply("schema-file"), "config/simulator-schema.json")),
                new Credentials(
                        or(get.apply("client-id"), dev.clientId()),
                        or(get.apply("client-secret"), dev.clientSecret()),
                        or(get.apply("user-name"), dev.userName()),
                        or(get.apply("password"), dev.password()),
                        or(get.apply("refresh-token"), dev.refreshToken())),
                Long.parseLong(or(get.apply("daily-api-requests"), "15000000")),
                Long.parseLong(or(get.apply("daily-bulk-batches"), "15000")),
                Integer.parseInt(or(get.apply("workers"), String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())))));
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(host, newPort, recordsPerSecond, faults, schemaFile, credentials, dailyApiRequests,
                dailyBulkBatches, workers);
    }

    public SimulatorConfig withFaults(Faults newFaults) {
        return new SimulatorConfig(host, port, recordsPerSecond, newFaults, schemaFile, credentials, dailyApiRequests,
                dailyBulkBatches, workers);
    }

    public SimulatorConfig withRecordsPerSecond(long rate) {
        return new SimulatorConfig(host, port, rate, faults, schemaFile, credentials, dailyApiRequests,
                dailyBulkBatches, workers);
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
