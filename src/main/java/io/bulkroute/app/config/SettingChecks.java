package io.bulkroute.app.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The settings that must be numbers or durations, checked as soon as they are read: a bad value found
 * later, deep in a bean's conversion, surfaces only as {@code For input string: "abc"} without saying
 * which setting holds it.
 */
final class SettingChecks {
    private static final Kind WHOLE = new Kind("a whole number", v -> v.matches("[+-]?\\d+"));
    private static final Kind NUMBER = new Kind("a number", SettingChecks::isNumber);
    private static final Kind DURATION = new Kind("a duration such as 90s, 5m, 1h, 500ms or PT1M", SettingChecks::isDuration);
    private static final Pattern SIMPLE_DURATION = Pattern.compile("\\d+\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("bulk.batch-size", WHOLE),
            Map.entry("bulk.batch-max-bytes", WHOLE),
            Map.entry("bulk.upload-parallelism", WHOLE),
            Map.entry("bulk.poll.initial-delay", WHOLE),
            Map.entry("bulk.retry.first-delay", WHOLE),
            Map.entry("bulk.retry.max-delay", WHOLE),
            Map.entry("bulk.poll.multiplier", NUMBER),
            Map.entry("bulk.poll.max-delay", WHOLE),
            Map.entry("bulk.v2.job-max-bytes", WHOLE),
            Map.entry("bulk.v2.parallel-jobs", WHOLE),
            Map.entry("bulk.janitor.open-job-ttl", DURATION),
            Map.entry("bulk.janitor.interval", WHOLE),
            Map.entry("bulk.resume.interval", WHOLE),
            Map.entry("bulk.sql.fetch-size", WHOLE),
            Map.entry("bulk.http.port", WHOLE),
            Map.entry("bulk.http.max-body-bytes", WHOLE),
            Map.entry("bulk.http.parallel-loads", WHOLE),
            Map.entry("camel.server.max-body-size", WHOLE),
            Map.entry("artemis.port", WHOLE),
            Map.entry("bulk.stream.idle-timeout", DURATION),
            Map.entry("bulk.stream.idle-check-interval", WHOLE),
            Map.entry("bulk.stream.job-max-batches", WHOLE),
            Map.entry("bulk.stream.job-max-age", DURATION),
            Map.entry("bulk.stream.dedupe-window", WHOLE),
            Map.entry("simulator.port", WHOLE),
            Map.entry("simulator.records-per-second", WHOLE),
            Map.entry("simulator.daily-api-requests", WHOLE),
            Map.entry("simulator.daily-bulk-batches", WHOLE),
            Map.entry("simulator.workers", WHOLE));

    private SettingChecks() {
    }

    /** @throws SettingsException naming the first setting whose value is not of its kind */
    static void check(Settings settings) {
        KINDS.forEach((key, kind) -> {
            String value = settings.get(key);
            // blank is unset (the default applies); a placeholder is resolved, and checked, by Camel
            if (value == null || value.isBlank() || value.contains("{{")) {
                return;
            }
            if (!kind.valid().test(value.trim())) {
                throw new SettingsException("the setting " + key + " (" + Settings.envName(key) + ") must be "
                        + kind.description() + ", not '" + value + "'");
            }
        });
    }

    private static boolean isNumber(String v) {
        try {
            return Double.isFinite(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDuration(String v) {
        if (v.toUpperCase().startsWith("P")) {
            try {
                Duration.parse(v.toUpperCase());
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return SIMPLE_DURATION.matcher(v).matches();
    }

    private record Kind(String description, Predicate<String> valid) {
    }
}
