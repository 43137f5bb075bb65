package io.bulkroute.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client process, measured from outside as a user would see it: wall time from its start to its
 * exit, and its peak resident memory (the kernel's high-water mark {@code VmHWM}, read from
 * {@code /proc/<pid>/status} every ~20 ms while it runs; the last value read is the peak, as the mark
 * only rises), and the processor time it used (user and system, from {@code /proc/<pid>/stat} at the same
 * polls, so the last ~20 ms are missed): on a shared machine the figure that other work disturbs least. Its stdout and stderr go to {@code log}, read afterwards for the start-up time.
 */
record ProcessStats(int exitStatus, Duration wall, long peakRssBytes, Duration cpu, Instant startedAt, Path log) {
    /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat}'s times: 100 on every platform Linux runs on now. */
    private static final long TICKS_PER_SECOND = 100;
    private static final long POLL_MILLIS = 20;
    private static final Pattern HWM = Pattern.compile("VmHWM:\\s+(\\d+)\\s+kB");
    /** bulkroute's first Salesforce call: camel-salesforce logs it just before it posts to the token endpoint. */
    private static final Pattern LOGIN_LINE = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*Login at Salesforce");
    /** The floor prints the epoch milliseconds of its first call itself. */
    private static final Pattern FLOOR_LOGIN = Pattern.compile("^login-at (\\d+)");

    static ProcessStats run(List<String> command, Path workDir, Path log, java.util.Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(env);
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
        Path stat = Path.of("/proc", String.valueOf(process.pid()), "stat");
        long peak = 0;
        long ticks = 0;
        long deadline = start + timeout.toNanos();
        // waitFor returns as soon as the process ends, so the wall time is not rounded to the polling period
        while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, highWaterMark(status));
            ticks = Math.max(ticks, cpuTicks(stat));
            if (System.nanoTime() > deadline) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("timed out after " + timeout + ": " + command + "; see " + log);
            }
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        return new ProcessStats(process.exitValue(), wall, peak, Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND), startedAt, log);
    }

    private static long highWaterMark(Path status) {
        try {
            Matcher m = HWM.matcher(Files.readString(status));
            return m.find() ? Long.parseLong(m.group(1)) * 1024 : 0;
        } catch (IOException e) {
            // the process ended between two polls
            return 0;
        }
    }

    /** utime + stime: the 14th and 15th fields, counted after the command name, which may hold spaces. */
    private static long cpuTicks(Path stat) {
        try {
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Process start to its first Salesforce call, from its log; null when the log does not say. bulkroute's
     * log has the local time of day only: the date is the one that puts the line closest after the start.
     */
    Duration startUp() throws IOException {
        ZoneId zone = ZoneId.systemDefault();
        try (var lines = Files.lines(log)) {
            for (String line : (Iterable<String>) lines::iterator) {
                Matcher floor = FLOOR_LOGIN.matcher(line);
                if (floor.find()) {
                    return Duration.between(startedAt, Instant.ofEpochMilli(Long.parseLong(floor.group(1))));
                }
                Matcher m = LOGIN_LINE.matcher(line);
                if (m.find()) {
                    try {
                        LocalTime at = LocalTime.parse(m.group(1));
                        LocalDate day = LocalDate.ofInstant(startedAt, zone);
                        Instant when = LocalDateTime.of(day, at).atZone(zone).toInstant();
                        if (when.isBefore(startedAt.minus(Duration.ofHours(12)))) {
                            when = LocalDateTime.of(day.plusDays(1), at).atZone(zone).toInstant();
                        }
                        return Duration.between(startedAt, when);
                    } catch (DateTimeParseException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }
}
