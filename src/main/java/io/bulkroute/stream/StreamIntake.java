package io.bulkroute.stream;

import io.bulkroute.model.BulkHeaders;

import io.bulkroute.model.Api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import io.bulkroute.input.CsvLine;
import io.bulkroute.lifecycle.Janitor;
import io.bulkroute.ledger.LoadEntry;
import io.bulkroute.ledger.StreamEntry;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.input.BadMessageException;
import io.bulkroute.model.SalesforceNames;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where record-stream messages come in (the bean {@code streams}): each message's record is checked and handed to
 * its stream, a new load id starts a stream, and a message is acknowledged only once its record is on disk.
 * A message no stream can take is marked for the dead-letter channel with the reason.
 * Record streams load through Bulk API 1.0: its jobs take batches as they come, where a 2.0 job takes one upload.
 */
public final class StreamIntake {
    private static final Logger LOG = LoggerFactory.getLogger(StreamIntake.class);

    private StreamRegistry registry;
    private StreamRecovery recovery;

    /**
     * A record-stream message: its record, the stream it belongs to (a new load id starts a stream), and whether it
     * ends the stream (property bulkRecord).
     */
    public void accept(Exchange exchange) {
        try {
            exchange.setProperty(StreamRecord.PROPERTY, record(exchange));
        } catch (BadMessageException e) {
            BadMessageException.reject(exchange, e.getMessage());
        }
    }

    private StreamRecord record(Exchange exchange) {
        Message in = exchange.getIn();
        String loadId = text(in.getHeader(BulkHeaders.LOAD_ID, String.class));
        boolean complete = "true".equalsIgnoreCase(text(in.getHeader(BulkHeaders.LOAD_COMPLETE, String.class)));
        if (loadId == null) {
            throw new BadMessageException("a record-stream message needs the header bulkLoadId");
        }
        if (!loadId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new BadMessageException("the load id '" + loadId + "' is not 1 to 64 letters, digits, '.', '_' or '-'");
        }
        String body = in.getBody(String.class);
        Map<String, String> fields = null;
        if (body != null && !body.isBlank()) {
            fields = StreamRecord.parse(body);
            long rowBytes = CsvLine.encode(fields.values().toArray(String[]::new)).length;
            if (rowBytes >= registry.batchMaxBytes() / 2) {
                throw new BadMessageException("the record is " + rowBytes + " bytes as CSV, too big for a batch of "
                        + registry.batchMaxBytes() + " bytes");
            }
        } else if (!complete) {
            throw new BadMessageException("the message is empty: a record-stream message holds one JSON record");
        }
        StreamLoad stream = registry.get(loadId);
        if (stream == null) {
            stream = start(exchange, loadId, fields == null);
        } else if (fields != null && !sameTarget(stream.load().getRequest(), in)) {
            LoadRequest r = stream.load().getRequest();
            throw new BadMessageException("load " + loadId + " is a stream of " + r.operation() + " " + r.object()
                    + " from " + r.sourceName() + ", not of " + in.getHeader(BulkHeaders.OPERATION) + " " + in.getHeader(BulkHeaders.OBJECT));
        }
        return new StreamRecord(stream, text(in.getHeader(BulkHeaders.MESSAGE_KEY, String.class)), fields,
                complete ? "the completion message" : null);
    }

    private static boolean sameTarget(LoadRequest r, Message in) {
        return r.object().equalsIgnoreCase(String.valueOf(in.getHeader(BulkHeaders.OBJECT)))
                && r.operation().equalsIgnoreCase(String.valueOf(in.getHeader(BulkHeaders.OPERATION)));
    }

    /**
     * A load id no running stream has: a stream the service was in the middle of before a restart is taken up again;
     * a new load id starts a stream, written down before its first record is taken.
     */
    private StreamLoad start(Exchange exchange, String loadId, boolean onlySignal) {
        synchronized (registry) {
            StreamLoad running = registry.get(loadId);
            if (running != null) {
                return running;
            }
            LoadEntry earlier = registry.ledger().load(loadId);
            if (earlier != null) {
                StreamLoad resumed = recovery.resume(exchange.getContext(), loadId);
                if (resumed != null) {
                    return resumed;
                }
                throw new BadMessageException("load " + loadId + " has already ended (" + earlier.state()
                        + "); a record for it cannot be loaded any more");
            }
            if (onlySignal) {
                throw new BadMessageException("unknown load " + loadId + ": a completion signal for a load that has no records");
            }
            StreamLoad stream = open(exchange.getIn(), loadId);
            registry.add(stream);
            return stream;
        }
    }

    private StreamLoad open(Message in, String loadId) {
        String object = text(in.getHeader(BulkHeaders.OBJECT, String.class));
        String operation = text(in.getHeader(BulkHeaders.OPERATION, String.class));
        if (object == null || operation == null) {
            throw new BadMessageException("a record stream needs the headers bulkObject and bulkOperation");
        }
        String externalId = text(in.getHeader(BulkHeaders.EXTERNAL_ID, String.class));
        if (operation.equalsIgnoreCase("upsert") && externalId == null) {
            throw new BadMessageException("an upsert stream needs an external id field (bulkExternalId)");
        }
        if (!SalesforceNames.isApiName(object) || externalId != null && !SalesforceNames.isApiName(externalId)) {
            // the message's fault, refused as such, before the stream's folder is made
            throw new BadMessageException("a record stream's object and external id field are Salesforce API names, not "
                    + object + (externalId == null ? "" : ", " + externalId));
        }
        String api = text(in.getHeader(BulkHeaders.API, String.class));
        if (api != null && !Api.V1.is(api)) {
            LOG.info("Load {}: record streams load through Bulk API 1.0, whose jobs take batches as they come", loadId);
        }
        String source = text(in.getHeader(BulkHeaders.SOURCE_NAME, String.class));
        Path outDir = Path.of(registry.outbox(), loadId);
        Path work = outDir.resolve(".work");
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the stream's folder " + work, e);
        }
        // a trigger's parameters may set the stream's own batch size, idle timeout and job limit
        LoadRequest request = new LoadRequest(work, source == null ? "record stream" : source, object, operation, externalId,
                Api.V1.configName(), Integer.parseInt(header(in, BulkHeaders.BATCH_SIZE, String.valueOf(registry.batchSize()))),
                registry.batchMaxBytes(), false, 0, outDir);
        Duration idle = Janitor.parse(header(in, BulkHeaders.IDLE_TIMEOUT, registry.idleTimeout().toMillis() + "ms"));
        int maxBatches = Integer.parseInt(header(in, BulkHeaders.JOB_MAX_BATCHES, String.valueOf(registry.jobMaxBatches())));
        LoadContext load = new LoadContext(loadId, request, registry.pollPolicy().start());
        // its records are in the journals of the stream's folder, which bulk_stream names: a stream is taken up
        // again by its own recovery, not by resume
        registry.ledger().loadStarted(LoadEntry.starting(loadId, request, request.sourceName(), 0, sha256(loadId), 0));
        registry.ledger().streamRecords().opened(StreamEntry.opening(loadId, request.sourceName(),
                work.toAbsolutePath().toString(), externalId, request.batchSize(), idle, maxBatches));
        load.setLedger(registry.ledger());
        LOG.info("Load {}: record stream of {} {} from {} started", loadId, operation, object, request.sourceName());
        return new StreamLoad(load, idle, maxBatches, work, registry.fsync(), registry.dedupeWindow());
    }

    /** The record was not taken after all (its stream ended while it was on its way): to the dead-letter channel. */
    public void checkTaken(Exchange exchange) {
        StreamRecord record = exchange.getProperty(StreamRecord.PROPERTY, StreamRecord.class);
        if (record != null && record.rejected() != null) {
            BadMessageException.reject(exchange, record.rejected());
        }
    }

    /** Returns once the message's record is on disk: the message may be acknowledged. */
    public void durable(@ExchangeProperty(StreamRecord.PROPERTY) StreamRecord record) {
        if (record != null) {
            record.awaitDurable();
        }
    }

    /** Acknowledges a Kafka consumer's records up to this one: once every record taken so far is on disk. */
    public void commitOffset(Exchange exchange) {
        registry.allDurable();
        exchange.getIn().getHeader(org.apache.camel.component.kafka.KafkaConstants.MANUAL_COMMIT,
                org.apache.camel.component.kafka.consumer.KafkaManualCommit.class).commit();
    }

    /** An end signal (property bulkRecord) for the stream named by the header bulkLoadId; none for a stream that has gone. */
    public void endSignal(Exchange exchange) {
        String endedBy = exchange.getProperty(BulkHeaders.ENDED_BY, "a signal", String.class);
        // a signal is a message of its own: nothing of the exchange that sent it goes into the aggregator
        exchange.removeProperties("*");
        StreamLoad stream = registry.get(exchange.getIn().getHeader(BulkHeaders.LOAD_ID, String.class));
        if (stream != null) {
            exchange.setProperty(StreamRecord.PROPERTY, new StreamRecord(stream, null, null, endedBy));
        }
    }

    private static String header(Message in, String name, String fallback) {
        String v = text(in.getHeader(name, String.class));
        return v == null ? fallback : v;
    }

    private static String text(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void setRegistry(StreamRegistry registry) {
        this.registry = registry;
    }

    public void setRecovery(StreamRecovery recovery) {
        this.recovery = recovery;
    }
}
