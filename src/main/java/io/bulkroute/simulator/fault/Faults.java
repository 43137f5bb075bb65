package io.bulkroute.simulator.fault;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The faults the simulator injects. Rates are fractions of calls (or records) in [0, 1]; all
 * random choices come from {@link #seed}, so a test sees the same faults on every run.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class Faults {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public long seed = 42;
    /** Added to every API call before it is handled. */
    public long latencyMs;
    /** Fraction of API calls answered 503 Service Unavailable without being handled. */
    public double http503Rate;
    /** How many consecutive calls a 503 lasts once it starts (a burst). */
    public int http503Burst = 1;
    /** Fraction of API calls whose connection is dropped after the call took effect: the answer is lost. */
    public double dropRate;
    /** Fraction of records that fail with UNABLE_TO_LOCK_ROW. */
    public double lockFailureRate;
    /** Fraction of batches (1.0) or jobs (2.0) that fail whole. */
    public double batchFailureRate;
    /**
     * Access tokens expire this many seconds after issue; 0 means never. Judged with the value in force at
     * each call, so setting it at run time also expires the tokens clients already hold.
     */
    public long tokenLifetimeSeconds;
    /** "Someone else" aborts every job this many seconds after it was created; 0 means never. */
    public long abortJobsAfterSeconds;

    public static Faults none() {
        return new Faults();
    }

    /**
     * Reads the {@code simulator.faults} setting: either JSON ({@code {"http503Rate":0.1}}) or
     * {@code key=value} pairs separated by commas, with camelCase or kebab-case keys
     * ({@code http-503-rate=0.1,seed=7}).
     */
    public static Faults parse(String text) {
        if (text == null || text.isBlank()) {
            return none();
        }
        String trimmed = text.trim();
        try {
            if (trimmed.startsWith("{")) {
                return JSON.readValue(trimmed, Faults.class).validated();
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (String pair : trimmed.split("[,;]")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("expected key=value, got '" + pair.trim() + "'");
                }
                values.put(camelCase(pair.substring(0, eq).trim()), pair.substring(eq + 1).trim());
            }
            return JSON.convertValue(values, Faults.class).validated();
        } catch (Exception e) {
            throw new IllegalArgumentException("Invalid simulator faults '" + text + "': " + e.getMessage(), e);
        }
    }

    /** Refuses values that cannot mean anything: a rate outside [0, 1], a negative time, a burst under 1. */
    private Faults validated() {
        rate("http503Rate", http503Rate);
        rate("dropRate", dropRate);
        rate("lockFailureRate", lockFailureRate);
        rate("batchFailureRate", batchFailureRate);
        notNegative("latencyMs", latencyMs);
        notNegative("tokenLifetimeSeconds", tokenLifetimeSeconds);
        notNegative("abortJobsAfterSeconds", abortJobsAfterSeconds);
        if (http503Burst < 1) {
            throw new IllegalArgumentException("http503Burst must be at least 1, not " + http503Burst);
        }
        return this;
    }

    private static void rate(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be a fraction between 0 and 1, not " + value);
        }
    }

    private static void notNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, not " + value);
        }
    }

    private static String camelCase(String key) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : key.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        String camel = out.toString();
        return camel.isEmpty() ? camel : camel.substring(0, 1).toLowerCase(Locale.ROOT) + camel.substring(1);
    }

    @Override
    public String toString() {
        try {
            return JSON.writeValueAsString(this);
        } catch (Exception e) {
            return super.toString();
        }
    }
}
