package io.bulkroute.trigger.http;

import io.bulkroute.model.BulkHeaders;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;

/**
 * Streams a request's CSV body into the staging folder as it arrives, never holding more of it than
 * the chunk in hand, and refuses a body over {@code bulk.http.max-body-bytes} with a 413:
 * <ul>
 * <li>a declared length over the cap is refused before anything is read; a client that asked
 * {@code Expect: 100-continue} is not even sent the go-ahead, so it never sends the body;</li>
 * <li>a body that turns out longer than the cap (chunked, or longer than it said) stops being written
 * at the cap and its file is removed.</li>
 * </ul>
 * The 413 is answered as soon as the body is known to be over the cap, and what the caller still sends is
 * read and thrown away, however long: the connection is never closed under a caller that is still sending.
 * A close with unread data in the socket resets the connection, and a caller that reads its answer only
 * once it has sent its body would lose the answer with it: an empty reply.
 * The route must read the request itself ({@code useBodyHandler=false}): the body is Vert.x's request.
 */
public final class CsvUpload {
    /** The caller was told to send its body: from then on it is sending, whatever the answer. */
    private static final String CONTINUED = BulkHeaders.UPLOAD_CONTINUED;
    private long maxBytes = 1L << 30;
    private Path staging = Path.of("staging", "http");

    /** Header in: {@code bulkLoadId}. Headers out: {@code bulkSource}, {@code bulkSourceName}. */
    public void receive(Exchange exchange) throws Exception {
        HttpServerRequest request = exchange.getIn().getBody(HttpServerRequest.class);
        if (request == null) {
            throw new IllegalStateException("The upload route must read the request itself (useBodyHandler=false)");
        }
        String loadId = exchange.getIn().getHeader(BulkHeaders.LOAD_ID, String.class);
        Path file = staging.resolve("http-" + loadId + ".csv");
        if (declaredLength(request) > maxBytes) {
            throw tooLarge();
        }
        Files.createDirectories(staging);
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try {
            Receiver receiver = new Receiver(request, new BufferedOutputStream(Files.newOutputStream(part), 1 << 16));
            if (expectsContinue(request)) {
                exchange.setProperty(CONTINUED, true);
                request.response().writeContinue();
            }
            request.resume();
            long received = receiver.done();
            if (received > maxBytes) {
                throw tooLarge();
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
        exchange.getIn().setHeader(BulkHeaders.SOURCE, file.toAbsolutePath().toString());
        exchange.getIn().setHeader(BulkHeaders.SOURCE_NAME, file.getFileName().toString());
        exchange.getIn().setBody(null);
    }

    /**
     * A call refused before all its body was read (no token, bad parameters, over the cap): the rest is read
     * and thrown away as it comes, while the refusal is answered, so the caller can read the answer. A caller
     * that waits for {@code 100-continue} never got it and sends nothing: it is told to close its connection.
     */
    public void discard(Exchange exchange) {
        if (!(exchange.getIn().getBody() instanceof HttpServerRequest request) || request.isEnded()) {
            return;
        }
        if (expectsContinue(request) && !exchange.getProperty(CONTINUED, false, Boolean.class)) {
            request.response().putHeader("Connection", "close");
            return;
        }
        request.exceptionHandler(e -> {
            // the caller went away: nothing left to throw away
        });
        request.handler(chunk -> {
        });
        request.resume();
    }

    private static boolean expectsContinue(HttpServerRequest request) {
        return "100-continue".equalsIgnoreCase(request.getHeader("Expect"));
    }

    private ApiException tooLarge() {
        return new ApiException(413, "The body is over the limit of " + maxBytes + " bytes (bulk.http.max-body-bytes)");
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Writes the chunks as Vert.x hands them over (on its event loop) and counts them; the route's
     * thread waits for the end of the body, or for the first chunk over the cap.
     */
    private final class Receiver {
        private final CompletableFuture<Long> end = new CompletableFuture<>();
        private OutputStream out;
        private long received;
        private IOException writeFailure;

        Receiver(HttpServerRequest request, OutputStream out) {
            this.out = out;
            request.handler(chunk -> {
                received += chunk.length();
                if (received > maxBytes) {
                    stopWriting();
                    // answered now; the rest is thrown away (discard)
                    end.complete(received);
                } else if (this.out != null && writeFailure == null) {
                    try {
                        this.out.write(chunk.getBytes());
                    } catch (IOException e) {
                        writeFailure = e;
                    }
                }
            });
            request.exceptionHandler(end::completeExceptionally);
            request.endHandler(v -> {
                stopWriting();
                end.complete(received);
            });
        }

        private void stopWriting() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    if (writeFailure == null) {
                        writeFailure = e;
                    }
                }
                out = null;
            }
        }

        long done() throws IOException, InterruptedException {
            long total;
            try {
                total = end.get();
            } catch (ExecutionException e) {
                stopWriting();
                throw new IOException("The upload broke off: " + e.getCause().getMessage(), e.getCause());
            }
            if (writeFailure != null && total <= maxBytes) {
                throw new UncheckedIOException("Cannot write the upload to the staging folder", writeFailure);
            }
            return total;
        }
    }

    public void setMaxBytes(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public void setStaging(String staging) {
        this.staging = Path.of(staging);
    }
}
