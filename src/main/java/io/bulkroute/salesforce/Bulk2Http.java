package io.bulkroute.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.bulkroute.model.LoadContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.apache.camel.component.salesforce.internal.SalesforceSession;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.PathRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The two Bulk 2.0 calls that must stream, made with the salesforce component's own session:
 * camel-salesforce reads a request body whole into memory and buffers answers up to 4 MB, but a
 * job's upload is up to 100 MB and its results as large. The upload is sent from the job's spool
 * file and the results are read as a stream. A 401 logs in again through the component's session.
 * <p>
 * The calls go through a {@link StreamingClient}, stopped with the Camel context.
 */
public final class Bulk2Http {
    private static final long ANSWER_MINUTES = 10;
    private final CamelContext camel;
    private final String apiVersion;

    public Bulk2Http(CamelContext camel, String apiVersion) {
        this.camel = camel;
        this.apiVersion = apiVersion;
    }

    /** {@code PUT …/jobs/ingest/{id}/batches} with the spooled CSV, streamed from disk. */
    public void upload(LoadContext load, String jobId, Path csv) throws IOException, InterruptedException, SalesforceException {
        try (InputStream answer = send(load, token -> request(path(jobId, "batches"), token).method(HttpMethod.PUT)
                .headers(h -> h.put(HttpHeader.ACCEPT, "application/json"))
                .body(new PathRequestContent("text/csv", csv)))) {
            answer.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** {@code GET …/jobs/ingest/{id}/<which>} as a stream the caller must close. */
    public InputStream results(LoadContext load, String jobId, String which)
            throws IOException, InterruptedException, SalesforceException {
        return send(load, token -> request(path(jobId, which), token).method(HttpMethod.GET)
                .headers(h -> h.put(HttpHeader.ACCEPT, "text/csv")));
    }

    private Request request(String path, String token) {
        // no total timeout, which a large result set could outlast while it is read: a connection idle that long fails
        return client().newRequest(session().getInstanceUrl() + path)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + token))
                .idleTimeout(2, TimeUnit.MINUTES);
    }

    private interface RequestFactory {
        Request create(String token) throws IOException;
    }

    /** The answer's body, once its status is 2xx; a 401 logs in again and sends the request again. */
    private InputStream send(LoadContext load, RequestFactory factory)
            throws IOException, InterruptedException, SalesforceException {
        SalesforceSession session = session();
        String token = session.getAccessToken();
        for (int attempt = 0; ; attempt++) {
            load.countApiCall();
            InputStreamResponseListener listener = new InputStreamResponseListener();
            Request request = factory.create(token);
            request.send(listener);
            Response response;
            try {
                response = listener.get(ANSWER_MINUTES, TimeUnit.MINUTES);
            } catch (TimeoutException e) {
                request.abort(e);
                throw new IOException("no answer from Salesforce in " + ANSWER_MINUTES + " minutes", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
            }
            InputStream body = listener.getInputStream();
            int status = response.getStatus();
            if (status / 100 == 2) {
                return body;
            }
            String text;
            try (body) {
                text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            if (status == 401 && attempt < 2) {
                token = session.login(token);
                continue;
            }
            throw new SalesforceException(java.util.List.of(error(text)), status);
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

    private String path(String jobId, String leaf) {
        return "/services/data/v" + apiVersion + "/jobs/ingest/" + jobId + "/" + leaf;
    }

    private SalesforceSession session() {
        return component().getSession();
    }

    private HttpClient client() {
        return StreamingClient.of(camel);
    }

    private SalesforceComponent component() {
        return camel.getComponent("salesforce", SalesforceComponent.class);
    }
}
