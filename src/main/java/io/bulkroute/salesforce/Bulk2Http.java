package io.bulkroute.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import io.bulkroute.model.LoadContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.apache.camel.component.salesforce.internal.SalesforceSession;

/**
 * The two Bulk 2.0 calls that must stream, made with the salesforce component's own session:
 * camel-salesforce reads a request body whole into memory and buffers answers up to 4 MB, but a
 * job's upload is up to 100 MB and its results as large. The upload is sent from the job's spool
 * file and the results are read as a stream. A 401 logs in again through the component's session.
 */
public final class Bulk2Http {
    /** One client for the application: its connections are pooled across jobs and loads. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final CamelContext camel;
    private final String apiVersion;

    public Bulk2Http(CamelContext camel, String apiVersion) {
        this.camel = camel;
        this.apiVersion = apiVersion;
    }

    /** {@code PUT …/jobs/ingest/{id}/batches} with the spooled CSV, streamed from disk. */
    public void upload(LoadContext load, String jobId, Path csv) throws IOException, InterruptedException, SalesforceException {
        send(load, path(jobId, "batches"), token -> HttpRequest.newBuilder(uri(path(jobId, "batches")))
                .header("Content-Type", "text/csv").header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofFile(csv)), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** {@code GET …/jobs/ingest/{id}/<which>} as a stream the caller must close. */
    public InputStream results(LoadContext load, String jobId, String which)
            throws IOException, InterruptedException, SalesforceException {
        return send(load, path(jobId, which), token -> HttpRequest.newBuilder(uri(path(jobId, which)))
                .header("Accept", "text/csv").GET(), HttpResponse.BodyHandlers.ofInputStream()).body();
    }

    private interface RequestFactory {
        HttpRequest.Builder create(String token) throws IOException;
    }

    private <T> HttpResponse<T> send(LoadContext load, String what, RequestFactory factory, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException, SalesforceException {
        SalesforceSession session = session();
        String token = session.getAccessToken();
        for (int attempt = 0; ; attempt++) {
            load.countApiCall();
            HttpResponse<T> response = HTTP.send(factory.create(token)
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(10)).build(), handler);
            int status = response.statusCode();
            if (status / 100 == 2) {
                return response;
            }
            String body = bodyText(response);
            if (status == 401 && attempt < 2) {
                token = session.login(token);
                continue;
            }
            throw new SalesforceException(java.util.List.of(error(body)), status);
        }
    }

    private static RestError error(String body) {
        RestError e = new RestError();
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            var first = node.isArray() && !node.isEmpty() ? node.get(0) : node;
            e.setErrorCode(first.path("errorCode").asText("UNKNOWN"));
            e.setMessage(first.path("message").asText(body));
        } catch (IOException notJson) {
            e.setErrorCode("UNKNOWN");
            e.setMessage(body);
        }
        return e;
    }

    private static String bodyText(HttpResponse<?> response) throws IOException {
        Object body = response.body();
        if (body instanceof InputStream in) {
            try (in) {
                return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
        }
        return String.valueOf(body);
    }

    private String path(String jobId, String leaf) {
        return "/services/data/v" + apiVersion + "/jobs/ingest/" + jobId + "/" + leaf;
    }

    private URI uri(String path) {
        return URI.create(session().getInstanceUrl() + path);
    }

    private SalesforceSession session() {
        return camel.getComponent("salesforce", SalesforceComponent.class).getSession();
    }
}
