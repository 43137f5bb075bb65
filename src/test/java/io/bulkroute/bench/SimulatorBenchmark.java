package io.bulkroute.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.simulator.SimulatorTestSupport;
import io.bulkroute.simulator.auth.Credentials;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.dto.bulk.BatchInfo;
import org.apache.camel.component.salesforce.api.dto.bulk.BatchStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulk.ConcurrencyModeEnum;
import org.apache.camel.component.salesforce.api.dto.bulk.ContentType;
import org.apache.camel.component.salesforce.api.dto.bulk.JobInfo;
import org.apache.camel.component.salesforce.api.dto.bulk.OperationEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.LineEndingEnum;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Is the simulator fast enough never to be the bottleneck of a load test? Pushes 1,000,000 Account
 * records (about 100 MB of CSV) through Bulk 2.0 (one job, one upload) and through Bulk 1.0 (100
 * batches of 10,000, four uploads in flight) with the real salesforce component, against a
 * simulator running alone in its own JVM, and prints for each: records/s and MB/s from the first
 * upload to the last record processed, the simulator's peak heap ({@code GET /simulator/metrics}),
 * and the processor time the simulator and the client used meanwhile (the machine's other load
 * shows as time in which neither ran).
 *
 * <pre>mvn -B test -Dgroups=benchmark -DexcludedGroups=none -Dtest=SimulatorBenchmark</pre>
 *
 * Properties: {@code bench.records} (1000000), {@code bench.simulatorHeap} (1g),
 * {@code bench.simulatorJvmArgs} (extra JVM options for the simulator, e.g. a flight recording),
 * {@code bench.warmupRecords} (200000, through each API before measuring, as a load test's first
 * minute would; 0 for a cold run), {@code bench.minRecordsPerSecond} (200000, the figure,
 * asserted for each API; 0 only prints).
 */
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimulatorBenchmark {
    private static final int RECORDS = Integer.getInteger("bench.records", 1_000_000);
    private static final int WARMUP_RECORDS = Integer.getInteger("bench.warmupRecords", 200_000);
    private static final long MIN_RATE = Long.getLong("bench.minRecordsPerSecond", 200_000);
    private static final int V1_BATCH = 10_000;
    private static final int V1_IN_FLIGHT = 4;
    private static final String HEADER = "Name,Industry,Description,NumberOfEmployees,External_Id__c\n";
    private static final String[] INDUSTRIES = {"Technology", "Energy", "Retail", "Banking", "Healthcare",
        "Manufacturing", "Media", "Transportation"};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> SUMMARY = new ArrayList<>();

    private static Process simulator;
    private static String baseUrl;
    private static CamelContext camel;
    private static ProducerTemplate template;

    /** The generated records, without header, and where each run of {@link #V1_BATCH} rows starts. */
    private record Data(Path rows, long[] batchOffsets, long bytes, int records) {
    }

    private static Data data;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("bulkroute-bench-");
        data = generate(dataDir.resolve("accounts.csv"), RECORDS);
        simulator = startSimulator();
        camel = SimulatorTestSupport.newCamel(baseUrl, Credentials.dev());
        camel.start();
        template = camel.createProducerTemplate();
        if (WARMUP_RECORDS > 0) {
            Data warm = generate(dataDir.resolve("warmup.csv"), WARMUP_RECORDS);
            resetSimulator();
            bulkV2(warm);
            resetSimulator();
            bulkV1(warm);
            Files.deleteIfExists(warm.rows());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        if (simulator != null) {
            simulator.getOutputStream().close();
            if (!simulator.waitFor(10, TimeUnit.SECONDS)) {
                simulator.destroyForcibly();
            }
        }
        if (data != null) {
            Files.deleteIfExists(data.rows());
        }
        if (dataDir != null) {
            Files.deleteIfExists(dataDir);
        }
        System.out.println();
        System.out.println("=== Simulator benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, simulator -Xmx"
                + System.getProperty("bench.simulatorHeap", "1g") + ", warm-up " + WARMUP_RECORDS + " records per API) ===");
        SUMMARY.forEach(System.out::println);
        System.out.println();
    }

    @Test
    @Order(1)
    void bulkV2OneJobOfTheWholeUpload() throws Exception {
        JsonNode before = resetSimulator();
        long clientCpu = clientCpuNanos();
        Result r = bulkV2(data).withClientCpu(clientCpuNanos() - clientCpu);
        report("Bulk 2.0 (1 job, 1 upload)", r, before);
    }

    @Test
    @Order(2)
    void bulkV1HundredBatchesFourInFlight() throws Exception {
        JsonNode before = resetSimulator();
        long clientCpu = clientCpuNanos();
        Result r = bulkV1(data).withClientCpu(clientCpuNanos() - clientCpu);
        report("Bulk 1.0 (" + data.batchOffsets().length + " batches, " + V1_IN_FLIGHT + " in flight)", r, before);
    }

    /** {@code uploadNanos}: from the first upload to the last one answered; {@code nanos}: to all processed. */
    private record Result(long nanos, long uploadNanos, long processed, long failed, long bytes, long clientCpuNanos) {
        Result(long nanos, long uploadNanos, long processed, long failed, long bytes) {
            this(nanos, uploadNanos, processed, failed, bytes, 0);
        }

        Result withClientCpu(long cpu) {
            return new Result(nanos, uploadNanos, processed, failed, bytes, cpu);
        }
    }

    /** Processor time used by this JVM (the client side: component, HTTP client), for the record. */
    private static long clientCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    private static Result bulkV2(Data d) throws Exception {
        Job job = new Job();
        job.setObject("Account");
        job.setOperation(org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum.INSERT);
        job.setContentType(ContentTypeEnum.CSV);
        job.setLineEnding(LineEndingEnum.LF);
        Job created = template.requestBody("direct:bulk2CreateJob", job, Job.class);
        Map<String, Object> jobId = Map.of("jobId", created.getId());

        long start = System.nanoTime();
        // the component holds the whole upload in memory before it sends it, whatever it is given; given
        // a stream, Camel's stream caching would first copy it once more
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        byte[] upload = Arrays.copyOf(header, Math.toIntExact(header.length + d.bytes()));
        try (FileChannel rows = FileChannel.open(d.rows(), StandardOpenOption.READ)) {
            ByteBuffer into = ByteBuffer.wrap(upload, header.length, upload.length - header.length);
            while (into.hasRemaining() && rows.read(into) >= 0) {
                // reads the whole file
            }
        }
        template.requestBodyAndHeaders("direct:bulk2CreateBatch", upload, jobId);
        upload = null;
        long uploaded = System.nanoTime() - start;
        template.requestBodyAndHeaders("direct:bulk2CloseJob", null, jobId, Job.class);
        Job done = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(10))
                .pollInterval(java.time.Duration.ofMillis(20))
                .until(() -> template.requestBodyAndHeaders("direct:bulk2GetJob", null, jobId, Job.class),
                        j -> j.getState() == JobStateEnum.JOB_COMPLETE || j.getState() == JobStateEnum.FAILED
                                || j.getState() == JobStateEnum.ABORTED);
        long nanos = System.nanoTime() - start;
        assertThat(done.getState()).as("job %s: %s", done.getId(), done.getErrorMessage()).isEqualTo(JobStateEnum.JOB_COMPLETE);
        return new Result(nanos, uploaded, done.getNumberRecordsProcessed(), done.getNumberRecordsFailed(),
                HEADER.length() + d.bytes());
    }

    private static Result bulkV1(Data d) throws Exception {
        JobInfo info = new JobInfo();
        info.setObject("Account");
        info.setOperation(OperationEnum.INSERT);
        info.setContentType(ContentType.CSV);
        info.setConcurrencyMode(ConcurrencyModeEnum.PARALLEL);
        JobInfo job = template.requestBody("direct:createJob", info, JobInfo.class);
        Map<String, Object> batchHeaders = Map.of("jobId", job.getId(), "contentType", "CSV");
        int batches = d.batchOffsets().length;
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);

        ExecutorService uploaders = Executors.newFixedThreadPool(V1_IN_FLIGHT);
        long bytes = 0;
        long start = System.nanoTime();
        try (FileChannel rows = FileChannel.open(d.rows(), StandardOpenOption.READ)) {
            List<Future<BatchInfo>> sent = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                long from = d.batchOffsets()[b];
                long to = b + 1 < batches ? d.batchOffsets()[b + 1] : d.bytes();
                bytes += header.length + (to - from);
                sent.add(uploaders.submit(() -> {
                    // one batch at a time per uploader: the component wants it whole anyway
                    byte[] body = Arrays.copyOf(header, header.length + (int) (to - from));
                    ByteBuffer into = ByteBuffer.wrap(body, header.length, (int) (to - from));
                    long at = from;
                    while (into.hasRemaining()) {
                        at += rows.read(into, at);
                    }
                    return template.requestBodyAndHeaders("direct:createBatch", body, batchHeaders, BatchInfo.class);
                }));
            }
            for (Future<BatchInfo> f : sent) {
                assertThat(f.get().getState()).isIn(BatchStateEnum.QUEUED, BatchStateEnum.IN_PROGRESS, BatchStateEnum.COMPLETED);
            }
        } finally {
            uploaders.shutdownNow();
        }
        long uploaded = System.nanoTime() - start;
        template.requestBodyAndHeaders("direct:closeJob", null, Map.of("jobId", job.getId()), JobInfo.class);
        List<BatchInfo> all = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(10))
                .pollInterval(java.time.Duration.ofMillis(20))
                .until(() -> allBatches(job.getId()), list -> list.stream().allMatch(b -> b.getState() == BatchStateEnum.COMPLETED
                        || b.getState() == BatchStateEnum.FAILED || b.getState() == BatchStateEnum.NOT_PROCESSED));
        long nanos = System.nanoTime() - start;
        assertThat(all).hasSize(batches);
        assertThat(all).allSatisfy(b -> assertThat(b.getState()).as("batch %s: %s", b.getId(), b.getStateMessage())
                .isEqualTo(BatchStateEnum.COMPLETED));
        long processed = all.stream().mapToLong(BatchInfo::getNumberRecordsProcessed).sum();
        long failed = all.stream().mapToLong(BatchInfo::getNumberRecordsFailed).sum();
        return new Result(nanos, uploaded, processed, failed, bytes);
    }

    @SuppressWarnings("unchecked")
    private static List<BatchInfo> allBatches(String jobId) {
        return template.requestBodyAndHeaders("direct:getAllBatches", null, Map.of("jobId", jobId), List.class);
    }

    private static void report(String what, Result r, JsonNode before) throws Exception {
        JsonNode metrics = admin("GET", "/simulator/metrics");
        long accounts = admin("GET", "/simulator/state").path("objects").path("Account").asLong();
        double seconds = r.nanos() / 1e9;
        double rate = r.processed() / seconds;
        double cpu = (metrics.path("processCpuNanos").asLong() - before.path("processCpuNanos").asLong()) / 1e9;
        String line = String.format("%-36s %,d records, %.1f MB in %.2f s (uploads %.2f s): %,.0f records/s, %.1f MB/s;"
                        + " simulator heap peak %,d MB (in use after: %,d MB), CPU %.2f s (client %.2f s); %,d failed",
                what, r.processed(), r.bytes() / 1e6, seconds, r.uploadNanos() / 1e9, rate, r.bytes() / 1e6 / seconds,
                metrics.path("heapPeakBytes").asLong() >> 20, metrics.path("heapUsedBytes").asLong() >> 20, cpu, r.clientCpuNanos() / 1e9,
                r.failed());
        System.out.println(line);
        SUMMARY.add(line);
        assertThat(r.processed()).isEqualTo(RECORDS);
        assertThat(r.failed()).isZero();
        assertThat(accounts).isEqualTo(RECORDS);
        if (MIN_RATE > 0) {
            assertThat(rate).as("records/s through " + what).isGreaterThanOrEqualTo(MIN_RATE);
        }
    }

    /** A fresh org, and the heap's peak measured from here (after a collection of what ran before). */
    private static JsonNode resetSimulator() throws Exception {
        admin("POST", "/simulator/reset");
        return admin("POST", "/simulator/metrics/reset-peak?gc=true");
    }

    /**
     * Writes {@code records} Account rows of about 100 bytes each to {@code file}, streamed: a
     * name, an industry, a quoted description with a comma, an integer and a unique external id.
     */
    private static Data generate(Path file, int records) throws IOException {
        long[] offsets = new long[(records + V1_BATCH - 1) / V1_BATCH];
        long bytes = 0;
        StringBuilder row = new StringBuilder(128);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < records; i++) {
                if (i % V1_BATCH == 0) {
                    offsets[i / V1_BATCH] = bytes;
                }
                String n = Integer.toString(i + 1);
                n = "0000000".substring(Math.min(7, n.length())) + n;
                row.setLength(0);
                row.append("Bench Account ").append(n).append(',')
                        .append(INDUSTRIES[i % INDUSTRIES.length]).append(',')
                        .append("\"Account ").append(n).append(", generated for the benchmark\",")
                        .append(i % 5000 + 1).append(',')
                        .append("BENCH-").append(n).append('\n');
                out.append(row);
                bytes += row.length();
            }
        }
        return new Data(file, offsets, bytes, records);
    }

    /** The simulator alone in a JVM of its own, so that its heap is measured alone. */
    private static Process startSimulator() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + System.getProperty("bench.simulatorHeap", "1g"));
        String extra = System.getProperty("bench.simulatorJvmArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(Arrays.asList(extra.split("\\s+")));
        }
        command.add("-cp");
        command.add(classpath);
        command.add(SimulatorProcess.class.getName());
        File log = Path.of("target", "simulator-benchmark.log").toFile();
        Process p = new ProcessBuilder(command).redirectError(log).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        // the URL is the simulator's first line; JVM options (a flight recording) may print before it
        String line = out.readLine();
        for (int skipped = 0; line != null && !line.startsWith("http") && skipped < 50; skipped++) {
            line = out.readLine();
        }
        if (line == null || !line.startsWith("http")) {
            p.destroyForcibly();
            throw new IllegalStateException("The simulator did not start (see " + log + "): " + line);
        }
        baseUrl = line.trim();
        Thread drain = new Thread(() -> {
            try (InputStream in = p.getInputStream(); OutputStream sink = OutputStream.nullOutputStream()) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // the simulator ended
            }
        }, "simulator-stdout");
        drain.setDaemon(true);
        drain.start();
        System.out.println("Simulator at " + baseUrl + " (pid " + p.pid() + ", log " + log + ")");
        return p;
    }

    private static JsonNode admin(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
