package io.bulkroute.trigger.http;

import java.util.Locale;
import java.util.Set;

import org.apache.camel.Exchange;

/**
 * The media types a route reads its body as. A body declared as another is refused with 415 before it is
 * read: a form (curl's default for {@code --data-binary}) is decoded into parameters by the server, and its
 * records would be lost without a word; a multipart upload would be staged with its envelope as CSV. A body
 * that declares no type is read as the route reads it.
 */
final class BodyTypes {
    static final Set<String> CSV = Set.of("text/csv", "application/csv", "text/plain", "application/octet-stream",
            "application/vnd.ms-excel");
    static final Set<String> RECORDS = Set.of("application/x-ndjson", "application/jsonl", "application/json", "text/plain");

    private BodyTypes() {
    }

    static void require(Exchange exchange, Set<String> accepted, String what) {
        String declared = exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (declared == null || declared.isBlank()) {
            return;
        }
        String type = declared.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!accepted.contains(type)) {
            throw new ApiException(415, "The body is " + what + ": Content-Type " + String.join(", ", accepted.stream().sorted().toList())
                    + ", not " + declared);
        }
    }
}
