package io.bulkroute.input;

import io.bulkroute.model.BulkHeaders;

import org.apache.camel.Exchange;

/**
 * Whole-payload messages (docs/triggers.md#whole-payload): the body is a CSV, written to {@code bulk.messages.staging-dir} and loaded as
 * a dropped file would be. The staged file is named after the message (JMS message id, Kafka topic-partition-offset),
 * so a message delivered again after a crash has the same name, size and checksum as before, and the ledger's
 * fingerprint refuses to load it a second time. The staged copy is released as every staged source is
 * (the triggers' StagedSources).
 */
public final class MessagePayloads {
    /** Refuses what is evidently not a CSV: empty, or a JSON record sent without its load id. */
    public void check(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        String start = null;
        if (body instanceof String s) {
            start = s.stripLeading();
        } else if (body instanceof byte[] b) {
            start = new String(b, 0, Math.min(b.length, 256), java.nio.charset.StandardCharsets.UTF_8).stripLeading();
        }
        if (body == null || (start != null && start.isEmpty())) {
            BadMessageException.reject(exchange, "the message is empty: a whole-payload message holds a CSV with a header row");
        } else if (start != null && (start.startsWith("{") || start.startsWith("["))) {
            BadMessageException.reject(exchange, "the message is JSON, not CSV: a record-stream message needs the header bulkLoadId");
        }
    }

    /** The staged file's name: the message's key, made safe for a file name. */
    public String fileName(Exchange exchange) {
        String key = exchange.getIn().getHeader(BulkHeaders.MESSAGE_KEY, String.class);
        if (key == null || key.isBlank()) {
            key = exchange.getExchangeId();
        }
        return key.replaceAll("[^A-Za-z0-9._-]", "_") + ".csv";
    }
}
