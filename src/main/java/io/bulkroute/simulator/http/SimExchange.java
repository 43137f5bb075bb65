package io.bulkroute.simulator.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/**
 * One request and its answer. Wraps Jetty's core request so handlers read like the API they
 * simulate. When a dropped-connection fault is active the handler still runs (the request takes
 * effect, as when a real answer is lost on the way back) but what it writes goes nowhere.
 */
public final class SimExchange {
    private final Request request;
    private final Response response;
    private final String path;
    private boolean dropped;
    private boolean answered;

    public SimExchange(Request request, Response response) {
        this.request = request;
        this.response = response;
        this.path = Request.getPathInContext(request);
    }

    public String method() {
        return request.getMethod();
    }

    public String path() {
        return path;
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    public String contentType() {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return type == null ? "" : type.toLowerCase();
    }

    /** A query parameter; a query string that cannot be decoded is the client's error (400), not ours. */
    public String query(String name) {
        Fields fields;
        try {
            fields = Request.extractQueryParameters(request);
        } catch (RuntimeException e) {
            throw new SimException(400, "invalid_request", "Malformed query string: " + e.getMessage());
        }
        Fields.Field field = fields.get(name);
        return field == null ? null : field.getValue();
    }

    /** Base URL the client used to reach us: what a login answers as its instance URL. */
    public String baseUrl() {
        var uri = request.getHttpURI();
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    public InputStream body() {
        return Content.Source.asInputStream(request);
    }

    /** Small bodies only (XML job info, JSON, forms): bounded so a hostile client cannot fill the heap. */
    public String bodyText(int maxBytes) throws IOException {
        try (InputStream in = body()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new SimException(413, "REQUEST_TOO_LARGE", "Request body exceeds " + maxBytes + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    public void markDropped() {
        dropped = true;
    }

    public boolean dropped() {
        return dropped;
    }

    public boolean answered() {
        return answered;
    }

    public void answer(int status, String contentType, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        answer(status, contentType, out -> out.write(bytes), bytes.length);
    }

    public void answerEmpty(int status) throws IOException {
        answer(status, null, out -> { }, 0);
    }

    public interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Streams an answer: result sets of any size never sit in memory. */
    public void answerStream(int status, String contentType, BodyWriter writer) throws IOException {
        answer(status, contentType, writer, -1);
    }

    private void answer(int status, String contentType, BodyWriter writer, long length) throws IOException {
        answered = true;
        if (dropped) {
            writer.write(OutputStream.nullOutputStream());
            return;
        }
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        if (length >= 0) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        }
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            writer.write(out);
        }
    }

    public void addHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }
}
