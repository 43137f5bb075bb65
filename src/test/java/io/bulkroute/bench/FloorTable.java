package io.bulkroute.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The figures of {@link FloorBenchmark}, and the table it prints: per client its wall time each round,
 * the median, the median's ratio to the floor's, its peak RSS and start-up, next to the goals.
 */
final class FloorTable {
    /** One measured run of a client; {@code startUp} null when its log did not say. */
    record Run(ProcessStats stats, Duration startUp, long simulatorCpuNanos) {
    }

    private final Map<String, List<Run>> runs = new LinkedHashMap<>();
    private final Map<String, List<Run>> smallRuns = new LinkedHashMap<>();
    private final Map<String, String> goals = new LinkedHashMap<>();

    /** Declares a client, in the order of the table, with its goal as a ratio to the floor ("" for none). */
    void client(String name, String goal) {
        runs.put(name, new ArrayList<>());
        goals.put(name, goal);
    }

    void add(String client, Run run) {
        runs.get(client).add(run);
    }

    void addSmall(String client, Run run) {
        smallRuns.computeIfAbsent(client, c -> new ArrayList<>()).add(run);
    }

    void print(PrintStream out, String title, String floor, int smallRows) {
        int rounds = runs.values().stream().mapToInt(List::size).max().orElse(0);
        double floorMedian = median(seconds(runs.get(floor)));
        out.println();
        out.println("=== " + title + " ===");
        StringBuilder head = new StringBuilder(String.format("%-20s", "client"));
        for (int r = 1; r <= rounds; r++) {
            head.append(String.format("%10s", "round " + r));
        }
        head.append(String.format("%10s%10s%10s%11s%10s%10s%10s", "median", "x floor", "goal", "peak RSS", "start-up", "CPU", "sim CPU"));
        out.println(head);
        for (var e : runs.entrySet()) {
            List<Run> list = e.getValue();
            StringBuilder row = new StringBuilder(String.format("%-20s", e.getKey()));
            for (int r = 0; r < rounds; r++) {
                row.append(r < list.size() ? String.format("%8.1f s", seconds(list.get(r))) : String.format("%10s", "-"));
            }
            double median = median(seconds(list));
            long rss = list.stream().mapToLong(run -> run.stats().peakRssBytes()).max().orElse(0);
            row.append(String.format("%8.1f s%9.2fx%10s%8d MB%10s%8.1f s%8.1f s", median, median / floorMedian,
                    goals.get(e.getKey()).isEmpty() ? "-" : goals.get(e.getKey()), rss / (1024 * 1024), startUpText(list),
                    median(list.stream().map(run -> run.stats().cpu().toMillis() / 1000.0).toList()),
                    median(list.stream().map(run -> run.simulatorCpuNanos() / 1e9).toList())));
            out.println(row);
        }
        out.println("x floor: the median wall time over the floor's median. peak RSS: the largest VmHWM of the rounds."
                + " start-up: median, process start to its first Salesforce call (goal <= 1.0 s)."
                + " CPU: median processor time (user + system) the client used;"
                + " sim CPU: the simulator's in the same run (it shares the cores).");
        for (var e : smallRuns.entrySet()) {
            List<Double> walls = seconds(e.getValue());
            StringBuilder row = new StringBuilder(String.format("%d-row load, %-12s", smallRows, e.getKey()));
            walls.forEach(w -> row.append(String.format("%8.1f s", w)));
            row.append(String.format("   median %.1f s (goal <= 2.0 s), start-up %s, CPU %.1f s, peak RSS %d MB", median(walls),
                    startUpText(e.getValue()), median(e.getValue().stream().map(run -> run.stats().cpu().toMillis() / 1000.0).toList()),
                    e.getValue().stream().mapToLong(run -> run.stats().peakRssBytes()).max().orElse(0) / (1024 * 1024)));
            out.println(row);
        }
        out.println();
    }

    private static String startUpText(List<Run> list) {
        List<Double> startUps = list.stream().map(Run::startUp).filter(Objects::nonNull).map(d -> d.toMillis() / 1000.0).toList();
        return startUps.isEmpty() ? "?" : String.format("%.2f s", median(startUps));
    }

    private static double seconds(Run run) {
        return run.stats().wall().toMillis() / 1000.0;
    }

    private static List<Double> seconds(List<Run> list) {
        return list.stream().map(FloorTable::seconds).toList();
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
