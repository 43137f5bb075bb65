package io.bulkroute.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Bulk API 2.0 protocol floor: the fewest calls a client can make to load a CSV file, with nothing
 * but {@code java.net.http}. Log in, create one ingest job, PUT the whole file, mark it UploadComplete,
 * poll every 200 ms until it is done, download its three result files. No checks, no ledger, no framework:
 * its wall time is what any 2.0 client pays at least, against which {@link FloorBenchmark} sets bulkroute's.
 *
 * <pre>java -cp target/test-classes io.bulkroute.bench.FloorClient BASE_URL FILE OUT_DIR</pre>
 *
 * Prints {@code login-at <epoch ms>} just before its first call and {@code processed N failed M} at the end.
 * Exit status as bulkroute's: 0 all succeeded, 2 some records failed, 1 the job did not complete.
 * It depends on no library, so that its own start-up is the JVM's alone; the JSON it reads is a handful
 * of flat fields, picked out with patterns.
 */
public final class FloorClient {
    private static final String VERSION = "62.0";
    private static final long POLL_MILLIS = 200;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String base;
    private final String token;

    private FloorClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: FloorClient BASE_URL FILE OUT_DIR");
            System.exit(1);
        }
        Path file = Path.of(args[1]);
        Path out = Files.createDirectories(Path.of(args[2]));
        System.out.println("login-at " + System.currentTimeMillis());
        FloorClient client = login(args[0]);
        String job = client.createJob();
        client.upload(job, file);
        client.close(job);
        String done = client.awaitEnd(job);
        String state = field(done, "state");
        for (String result : new String[] {"successfulResults", "failedResults", "unprocessedrecords"}) {
            client.download(job, result, out.resolve(result + ".csv"));
        }
        long processed = number(done, "numberRecordsProcessed");
        long failed = number(done, "numberRecordsFailed");
        System.out.println("job " + job + " " + state + ": processed " + processed + " failed " + failed);
        System.exit(!state.equals("JobComplete") ? 1 : failed > 0 ? 2 : 0);
    }

    private static FloorClient login(String loginUrl) throws IOException, InterruptedException {
        Map<String, String> form = Map.of("grant_type", "password",
                "client_id", System.getProperty("floor.clientId", "bulkroute-dev"),
                "client_secret", System.getProperty("floor.clientSecret", "dev-secret"),
                "username", System.getProperty("floor.user", "dev@bulkroute.local"),
                "password", System.getProperty("floor.password", "dev-password"));
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(loginUrl + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(body)).build();
        String answer = expect(HTTP.send(request, BodyHandlers.ofString()), 200);
        return new FloorClient(field(answer, "instance_url"), field(answer, "access_token"));
    }

    private String createJob() throws IOException, InterruptedException {
        String body = "{\"object\":\"Account\",\"operation\":\"insert\",\"contentType\":\"CSV\",\"lineEnding\":\"LF\"}";
        return field(expect(send(request("").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(body))), 200), "id");
    }

    /** The whole file in one PUT, streamed from disk: the file is never in memory. */
    private void upload(String job, Path file) throws IOException, InterruptedException {
        expect(send(request("/" + job + "/batches").header("Content-Type", "text/csv")
                .PUT(BodyPublishers.ofFile(file))), 201);
    }

    private void close(String job) throws IOException, InterruptedException {
        expect(send(request("/" + job).header("Content-Type", "application/json")
                .method("PATCH", BodyPublishers.ofString("{\"state\":\"UploadComplete\"}"))), 200);
    }

    private String awaitEnd(String job) throws IOException, InterruptedException {
        while (true) {
            String info = expect(send(request("/" + job).GET()), 200);
            String state = field(info, "state");
            if (state.equals("JobComplete") || state.equals("Failed") || state.equals("Aborted")) {
                return info;
            }
            // the floor polls at a fixed 200 ms, as the shell script the issue measured did: it is the client being timed, not a test waiting
            Thread.sleep(POLL_MILLIS);
        }
    }

    private void download(String job, String result, Path to) throws IOException, InterruptedException {
        HttpResponse<Path> answer = HTTP.send(request("/" + job + "/" + result).GET().build(), BodyHandlers.ofFile(to));
        if (answer.statusCode() != 200) {
            throw new IOException(result + " answered " + answer.statusCode() + ": " + Files.readString(to));
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + "/services/data/v" + VERSION + "/jobs/ingest" + path))
                .header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), BodyHandlers.ofString());
    }

    private static String expect(HttpResponse<String> answer, int status) throws IOException {
        if (answer.statusCode() != status) {
            throw new IOException(answer.request().method() + " " + answer.request().uri() + " answered "
                    + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    private static String field(String json, String name) throws IOException {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IOException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
