package io.bulkroute.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link SimulatorProcess} in a JVM of its own, so that the clients measured share nothing with it but
 * the machine; driven through its admin API ({@code docs/simulator.md#admin-api}).
 */
final class SimulatorJvm implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern CPU = Pattern.compile("\"processCpuNanos\"\\s*:\\s*(\\d+)");
    private final Process process;
    private final String baseUrl;

    private SimulatorJvm(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    static SimulatorJvm start(String java, String classpath, String heap, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-cp", classpath, SimulatorProcess.class.getName()));
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String url = out.readLine();
        if (url == null || !url.startsWith("http")) {
            process.destroyForcibly();
            throw new IllegalStateException("the simulator did not start (it printed " + url + "); see " + log);
        }
        return new SimulatorJvm(process, url.trim());
    }

    String baseUrl() {
        return baseUrl;
    }

    /**
     * An empty org for the next run, and the garbage of the last one collected, so that no run pays
     * for the one before it.
     */
    void reset() throws IOException, InterruptedException {
        post("/simulator/reset");
        post("/simulator/metrics/reset-peak?gc=true");
    }

    /** The processor time the simulator has used since it started. */
    long cpuNanos() throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/simulator/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = CPU.matcher(answer.body());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private void post(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IOException("POST " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    @Override
    public void close() throws Exception {
        // end of its stdin is its signal to stop
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
