package io.bulkroute.outcome;

import io.bulkroute.model.BulkHeaders;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bulkroute.model.BadInputException;
import io.bulkroute.model.LoadContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;

/**
 * What the dead-letter channel receives: one JSON envelope per failed exchange with the original
 * message (a file's content up to {@link #MAX_INLINE} bytes, else where it is and its size), the
 * exception, the load and job ids and the time. Only bulk and file headers are kept: never a credential.
 */
public final class DeadLetterEnvelope {
    public static final int MAX_INLINE = 10 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void wrap(Exchange exchange) throws IOException {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("time", Instant.now().toString());
        LoadContext load = exchange.getProperty(LoadContext.PROPERTY, LoadContext.class);
        envelope.put("loadId", load == null ? exchange.getIn().getHeader(BulkHeaders.LOAD_ID) : load.getLoadId());
        // Bulk 1.0: the latest job opened (a stream's next one may not be yet)
        envelope.put("jobId", load == null ? null : load.getV1Jobs().stream().map(io.bulkroute.model.V1Job::getId)
                .filter(java.util.Objects::nonNull).reduce((earlier, later) -> later).orElse(null));
        if (load != null && !load.getJobs().isEmpty()) {
            // Bulk 2.0: a load has several jobs
            envelope.put("jobIds", load.getJobs().stream().map(io.bulkroute.model.JobRef::getId)
                    .filter(java.util.Objects::nonNull).toList());
        }
        envelope.put("routeId", exchange.getFromRouteId());
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (e != null) {
            Map<String, Object> exception = new LinkedHashMap<>();
            exception.put("type", e.getClass().getName());
            exception.put("message", e.getMessage());
            BadInputException bad = find(e, BadInputException.class);
            if (bad != null) {
                exception.put("file", bad.file());
                exception.put("line", bad.line());
                exception.put("reason", bad.reason());
            }
            envelope.put("exception", exception);
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        exchange.getIn().getHeaders().forEach((k, v) -> {
            if (k.startsWith("bulk") || k.startsWith("CamelFile")) {
                headers.put(k, String.valueOf(v));
            }
        });
        envelope.put("headers", headers);
        envelope.put("original", original(exchange, load));
        exchange.getIn().setBody(JSON.writeValueAsString(envelope));
        exchange.getIn().setHeader(Exchange.FILE_NAME,
                "dead-letter-" + Instant.now().toString().replace(':', '-') + "-" + exchange.getExchangeId() + ".json");
    }

    private static Map<String, Object> original(Exchange exchange, LoadContext load) throws IOException {
        Map<String, Object> original = new LinkedHashMap<>();
        Object body = exchange.getIn().getBody();
        Path file = null;
        if (body instanceof GenericFile<?> gf) {
            file = Path.of(gf.getAbsoluteFilePath());
        } else if (load != null) {
            file = load.getRequest().source();
        }
        if (file != null) {
            original.put("file", file.toAbsolutePath().toString());
            if (Files.isRegularFile(file)) {
                long size = Files.size(file);
                original.put("bytes", size);
                if (size <= MAX_INLINE) {
                    original.put("content", new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                }
            }
        } else if (body instanceof InputStream in) {
            original.put("content", new String(in.readNBytes(MAX_INLINE), StandardCharsets.UTF_8));
        } else if (body != null) {
            original.put("content", exchange.getIn().getBody(String.class));
        }
        return original;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
