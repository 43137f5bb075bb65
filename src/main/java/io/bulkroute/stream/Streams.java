package io.bulkroute.stream;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.batch.Batch;
import io.bulkroute.batch.CsvBatcher;
import io.bulkroute.batch.CsvLine;
import io.bulkroute.batch.CsvRows;
import io.bulkroute.ledger.Janitor;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.ledger.LoadEntry;
import io.bulkroute.ledger.PieceEntry;
import io.bulkroute.load.BatchRef;
import io.bulkroute.load.LoadContext;
import io.bulkroute.load.LoadFailedException;
import io.bulkroute.load.LoadRequest;
import io.bulkroute.message.BadMessageException;
import io.bulkroute.monitor.PollPolicy;
import io.bulkroute.outcome.ResultJoiner;
import io.bulkroute.salesforce.SalesforceNames;
import org.apache.camel.Exchange;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of record streams that the routes in {@code stream-load.camel.yaml} call: take a message's record,
 * make it durable before the message is acknowledged, cut a completed group into batches, keep a job within its
 * limits, and, once the stream has ended, hand its jobs to the Bulk 1.0 follow route and its load to the load's end.
 * Record streams load through Bulk API 1.0: its jobs take batches as they come, where a 2.0 job takes one upload.
 */
public final class Streams {
    private static final Logger LOG = LoggerFactory.getLogger(Streams.class);
    /** Exchange property: the {@link StreamLoad} a batch or an end belongs to. */
    static final String STREAM = "bulkStream";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, StreamLoad> active = new ConcurrentHashMap<>();

    private Ledger ledger;
    private PollPolicy pollPolicy = new PollPolicy();
    private int batchSize = 10_000;
    private long batchMaxBytes = 10_000_000;
    private String outbox = "outbox";
    private Duration idleTimeout = Duration.ofSeconds(60);
    private int jobMaxBatches = 10_000;
    private Duration jobMaxAge = Duration.ofHours(23);
    private boolean fsync = true;
    private int dedupeWindow = 100_000;

    /**
     * A record-stream message: its record, the stream it belongs to (a new load id starts a stream), and whether it
     * ends the stream. A message no stream can take is marked for the dead-letter channel with the reason.
     */
    public void accept(Exchange exchange) {
        try {
            exchange.setProperty(StreamRecord.PROPERTY, record(exchange));
        } catch (BadMessageException e) {
            BadMessageException.reject(exchange, e.getMessage());
        }
    }

    private StreamRecord record(Exchange exchange) {
        var in = exchange.getIn();
        String loadId = text(in.getHeader("bulkLoadId", String.class));
        boolean complete = "true".equalsIgnoreCase(text(in.getHeader("bulkLoadComplete", String.class)));
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
            if (rowBytes >= batchMaxBytes / 2) {
                throw new BadMessageException("the record is " + rowBytes + " bytes as CSV, too big for a batch of "
                        + batchMaxBytes + " bytes");
            }
        } else if (!complete) {
            throw new BadMessageException("the message is empty: a record-stream message holds one JSON record");
        }
        StreamLoad stream = active.get(loadId);
        if (stream == null) {
            stream = start(exchange, loadId, fields == null);
        } else if (fields != null && !sameTarget(stream.load().getRequest(), exchange)) {
            LoadRequest r = stream.load().getRequest();
            throw new BadMessageException("load " + loadId + " is a stream of " + r.operation() + " " + r.object()
                    + " from " + r.sourceName() + ", not of " + in.getHeader("bulkOperation") + " " + in.getHeader("bulkObject"));
        }
        return new StreamRecord(stream, text(in.getHeader("bulkMessageKey", String.class)), fields,
                complete ? "the completion message" : null);
    }

    private static boolean sameTarget(LoadRequest r, Exchange exchange) {
        return r.object().equalsIgnoreCase(String.valueOf(exchange.getIn().getHeader("bulkObject")))
                && r.operation().equalsIgnoreCase(String.valueOf(exchange.getIn().getHeader("bulkOperation")));
    }

    /**
     * A load id no running stream has: a stream the service was in the middle of before a restart is taken up again;
     * a new load id starts a stream, written down before its first record is taken.
     */
    private synchronized StreamLoad start(Exchange exchange, String loadId, boolean onlySignal) {
        StreamLoad running = active.get(loadId);
        if (running != null) {
            return running;
        }
        List<Map<String, Object>> earlier = ledger.read("select state from bulk_load where load_id = ?", loadId);
        if (!earlier.isEmpty()) {
            StreamLoad resumed = resume(exchange, loadId);
            if (resumed != null) {
                return resumed;
            }
            throw new BadMessageException("load " + loadId + " has already ended (" + earlier.get(0).get("state")
                    + "); a record for it cannot be loaded any more");
        }
        if (onlySignal) {
            throw new BadMessageException("unknown load " + loadId + ": a completion signal for a load that has no records");
        }
        var in = exchange.getIn();
        String object = text(in.getHeader("bulkObject", String.class));
        String operation = text(in.getHeader("bulkOperation", String.class));
        if (object == null || operation == null) {
            throw new BadMessageException("a record stream needs the headers bulkObject and bulkOperation");
        }
        String externalId = text(in.getHeader("bulkExternalId", String.class));
        if (operation.equalsIgnoreCase("upsert") && externalId == null) {
            throw new BadMessageException("an upsert stream needs an external id field (bulkExternalId)");
        }
        if (!SalesforceNames.isApiName(object) || externalId != null && !SalesforceNames.isApiName(externalId)) {
            // the message's fault, refused as such, before the stream's folder is made
            throw new BadMessageException("a record stream's object and external id field are Salesforce API names, not "
                    + object + (externalId == null ? "" : ", " + externalId));
        }
        String api = text(in.getHeader("bulkApi", String.class));
        if (api != null && !api.equalsIgnoreCase("v1")) {
            LOG.info("Load {}: record streams load through Bulk API 1.0, whose jobs take batches as they come", loadId);
        }
        String source = text(in.getHeader("bulkSourceName", String.class));
        Path outDir = Path.of(outbox, loadId);
        Path work = outDir.resolve(".work");
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the stream's folder " + work, e);
        }
        // a trigger's parameters may set the stream's own batch size, idle timeout and job limit
        LoadRequest request = new LoadRequest(work, source == null ? "record stream" : source, object, operation, externalId,
                "v1", Integer.parseInt(header(exchange, "bulkBatchSize", String.valueOf(batchSize))), batchMaxBytes, false, 0,
                outDir);
        Duration idle = Janitor.parse(header(exchange, "bulkIdleTimeout", idleTimeout.toMillis() + "ms"));
        int maxBatches = Integer.parseInt(header(exchange, "bulkJobMaxBatches", String.valueOf(jobMaxBatches)));
        LoadContext load = new LoadContext(loadId, request, pollPolicy.start());
        // its records are in the journals of the stream's folder, which bulk_stream names: a stream is taken up
        // again by its own recovery, not by resume
        ledger.loadStarted(LoadEntry.starting(loadId, request.sourceName(), work.toAbsolutePath().toString(),
                request.sourceName(), 0, sha256(loadId), object, operation, externalId, "v1", request.batchSize(),
                batchMaxBytes, false, 0, 0, outDir.toAbsolutePath().toString()));
        ledger.write("insert into bulk_stream (load_id, source, work_dir, external_id, batch_size, idle_timeout_ms,"
                + " job_max_batches, state, started_at) values (?,?,?,?,?,?,?,'OPEN',?)", loadId, request.sourceName(),
                work.toAbsolutePath().toString(), externalId, request.batchSize(), idle.toMillis(), maxBatches,
                Timestamp.from(Instant.now()));
        load.setLedger(ledger);
        StreamLoad stream = new StreamLoad(load, idle, maxBatches, work, fsync, dedupeWindow);
        active.put(loadId, stream);
        LOG.info("Load {}: record stream of {} {} from {} started", loadId, operation, object, request.sourceName());
        return stream;
    }

    /**
     * A stream the service was in the middle of when it stopped: taken up again from the ledger and its journals
     * (see {@link StreamRecovery}); what was left to send goes out first (direct:bulk-stream-resume). Null when the
     * load is no stream to take up.
     */
    private StreamLoad resume(Exchange exchange, String loadId) {
        StreamRecovery.Recovered recovered = StreamRecovery.recover(loadId, ledger, pollPolicy, batchMaxBytes, fsync, dedupeWindow);
        if (recovered == null) {
            return null;
        }
        StreamLoad stream = recovered.stream();
        active.put(loadId, stream);
        Exchange resume = new org.apache.camel.support.DefaultExchange(exchange.getContext());
        resume.setProperty(STREAM, stream);
        resume.setProperty(LoadContext.PROPERTY, stream.load());
        resume.setProperty("bulkStreamUnsent", recovered.unsent());
        resume.setProperty("bulkStreamUncut", recovered.uncut());
        resume.setProperty("bulkStreamEnds", stream.state() == StreamLoad.State.ENDING);
        resume.getIn().setHeader("bulkLoadId", loadId);
        org.apache.camel.ProducerTemplate template = exchange.getContext().createProducerTemplate();
        Exchange done;
        try {
            done = template.send("direct:bulk-stream-resume", resume);
        } finally {
            template.stop();
        }
        if (done.getException() != null) {
            throw new org.apache.camel.RuntimeCamelException("Load " + loadId + " cannot be taken up again", done.getException());
        }
        return stream;
    }

    /** At start: every record stream the ledger has as running, taken up again. */
    public void resumeAll(Exchange exchange) {
        for (Map<String, Object> row : ledger.read("select s.load_id from bulk_stream s join bulk_load l on l.load_id = s.load_id"
                + " where l.state = 'RUNNING' order by s.started_at")) {
            String loadId = (String) row.get("load_id");
            synchronized (this) {
                if (!active.containsKey(loadId)) {
                    try {
                        resume(exchange, loadId);
                    } catch (RuntimeException e) {
                        // one stream that cannot be taken up (another instance runs it) does not keep the others
                        LOG.warn("Load {}: not taken up here: {}", loadId, e.getMessage());
                    }
                }
            }
        }
    }

    /** The record was not taken after all (its stream ended while it was on its way): to the dead-letter channel. */
    public void checkTaken(Exchange exchange) {
        StreamRecord record = exchange.getProperty(StreamRecord.PROPERTY, StreamRecord.class);
        if (record != null && record.rejected() != null) {
            BadMessageException.reject(exchange, record.rejected());
        }
    }

    /** Returns once the message's record is on disk: the message may be acknowledged. */
    public void durable(Exchange exchange) {
        StreamRecord record = exchange.getProperty(StreamRecord.PROPERTY, StreamRecord.class);
        if (record != null) {
            record.awaitDurable();
        }
    }

    /** Every record taken so far is on disk: for a consumer that acknowledges many messages at once (a Kafka commit). */
    public void allDurable() {
        for (StreamLoad stream : active.values()) {
            stream.syncAll();
        }
    }

    /** An end signal (property bulkRecord) for the stream named by the header bulkLoadId; none for a stream that has gone. */
    public void endSignal(Exchange exchange) {
        String endedBy = exchange.getProperty("bulkEndedBy", "a signal", String.class);
        // a signal is a message of its own: nothing of the exchange that sent it goes into the aggregator
        exchange.removeProperties("*");
        StreamLoad stream = active.get(exchange.getIn().getHeader("bulkLoadId", String.class));
        if (stream != null) {
            exchange.setProperty(StreamRecord.PROPERTY, new StreamRecord(stream, null, null, endedBy));
        }
    }

    /** Streams that have had no record for their idle timeout (bulk.stream.idle-timeout); the others' leases are renewed. */
    public List<String> idle() {
        List<String> idle = new ArrayList<>();
        Instant now = Instant.now();
        for (StreamLoad stream : active.values()) {
            if (stream.state() != StreamLoad.State.OPEN) {
                continue;
            }
            // (an open stream keeps its job: its lease is renewed with every load of this process, routes/resume.camel.yaml)
            if (stream.lastRecordAt().plus(stream.idleTimeout()).isBefore(now)) {
                idle.add(stream.loadId());
            }
        }
        return idle;
    }

    /**
     * First step for a completed group: waits until the groups completed before it have been sent, and sets the
     * load on the exchange. False for a group with nothing to do (a late record's empty group).
     */
    public boolean takeTurn(Exchange exchange) throws InterruptedException {
        StreamLoad.Group group = exchange.getProperty(StreamBatches.GROUP, StreamLoad.Group.class);
        StreamLoad stream = exchange.getProperty(STREAM, StreamLoad.class);
        if (group == null || group.ticket() < 0) {
            return false;
        }
        stream.awaitTurn(group.ticket());
        // the next group's turn comes when this one is done, whatever happened to it
        Synchronization done = new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange e) {
                stream.turnDone(group.ticket());
            }
        };
        exchange.getExchangeExtension().addOnCompletion(done);
        exchange.setProperty(LoadContext.PROPERTY, stream.load());
        return true;
    }

    /**
     * The group's records as batches: the journal is sealed and written as CSV with the stream's columns so far,
     * cut by bulk.batch-size and bulk.batch-max-bytes as a file is, and each batch is registered with the load.
     */
    public List<Batch> cut(Exchange exchange) {
        StreamLoad stream = exchange.getProperty(STREAM, StreamLoad.class);
        StreamLoad.Group group = exchange.getProperty(StreamBatches.GROUP, StreamLoad.Group.class);
        if (group.journal() == null) {
            return List.of();
        }
        if (group.cut() != null) {
            // a retry after the batches were written down: the same batches, not a second cut of the same records
            return group.cut();
        }
        stream.sealed(group.journal());
        LoadContext load = stream.load();
        Path work = load.getRequest().source();
        String[] columns = stream.columns();
        Path csv = work.resolve(String.format("stream-%05d.csv", group.number()));
        writeCsv(group.journal().file(), csv, columns);
        List<Batch> pieces = new ArrayList<>();
        try (CsvBatcher batcher = new CsvBatcher(csv, load.getRequest().sourceName(), batchSize, batchMaxBytes, work,
                String.format("batch-%05d", group.number()))) {
            while (batcher.hasNext()) {
                pieces.add(batcher.next());
            }
        }
        // all the group's batches are written down in one transaction: a crash leaves the group cut whole or not at all
        List<Batch> batches = new ArrayList<>();
        synchronized (load) {
            long first = group.firstRecord();
            int index = load.getBatchCount();
            List<PieceEntry> entries = new ArrayList<>();
            for (Batch piece : pieces) {
                index++;
                batches.add(new Batch(index, piece.records(), piece.bytes(), first, first + piece.records() - 1, piece.spool()));
                entries.add(new PieceEntry(index, piece.records(), first, piece.spool().toString(), null, null, "Cut"));
                first += piece.records();
            }
            ledger.piecesCut(load.getLoadId(), entries);
            for (Batch batch : batches) {
                load.addBatch(new BatchRef(batch.index(), batch.records(), batch.firstLine(), batch.spool()));
                load.cut(batch.records());
            }
        }
        group.cut(batches);
        deleteQuietly(csv);
        return batches;
    }

    private static void writeCsv(Path journal, Path csv, String[] columns) {
        StringBuilder line = new StringBuilder(256);
        try (BufferedReader in = Files.newBufferedReader(journal, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            CsvLine.append(line, columns);
            out.append(line).append('\n');
            String text;
            String[] row = new String[columns.length];
            while ((text = in.readLine()) != null) {
                JsonNode record = JSON.readTree(text).get("record");
                for (int i = 0; i < columns.length; i++) {
                    JsonNode v = record.get(columns[i]);
                    row[i] = v == null ? "" : v.asText();
                }
                line.setLength(0);
                CsvLine.append(line, row);
                out.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the batch of " + journal, e);
        }
    }

    /** True when the job being filled has reached its limits: bulk.stream.job-max-batches, or bulk.stream.job-max-age. */
    public boolean jobAtLimit(Exchange exchange) {
        StreamLoad stream = exchange.getProperty(STREAM, StreamLoad.class);
        JobPart part = stream.currentPart();
        LoadContext load = stream.load();
        if (part == null || !"Open".equals(load.getJobState())) {
            return false;
        }
        boolean full = part.size() >= stream.jobMaxBatches();
        boolean old = part.openedAt().plus(jobMaxAge).isBefore(Instant.now());
        if (full || old) {
            LOG.info("Load {}: job {} has {}; closing it, the stream goes on in a new job", load.getLoadId(), part.jobId(),
                    full ? part.size() + " batches" : "been open since " + part.openedAt());
        }
        return full || old;
    }

    public void jobOpened(Exchange exchange) {
        StreamLoad stream = exchange.getProperty(STREAM, StreamLoad.class);
        stream.jobOpened(stream.load().getJobId());
    }

    /** The batch about to be sent belongs to the job now open, or, when none could be opened, to none. */
    public void assign(Exchange exchange) {
        StreamLoad stream = exchange.getProperty(STREAM, StreamLoad.class);
        LoadContext load = stream.load();
        Batch batch = exchange.getIn().getBody(Batch.class);
        stream.assign(load.getBatches().get(batch.index() - 1),
                load.getStepFailure() == null && "Open".equals(load.getJobState()));
    }

    /**
     * After a group's batches: true when the stream ends now (its end signal was in this group). A batch that failed
     * for good fails the stream: records are refused from now on, and an end signal is sent (header bulkLoadId).
     */
    public boolean afterBatches(Exchange exchange) {
        StreamLoad stream = exchange.getProperty(STREAM, StreamLoad.class);
        StreamLoad.Group group = exchange.getProperty(StreamBatches.GROUP, StreamLoad.Group.class);
        LoadFailedException failure = stream.load().getStepFailure();
        exchange.getIn().setHeader("bulkLoadId", stream.loadId());
        exchange.setProperty("bulkEndedBy", "failure");
        exchange.setProperty("bulkStreamFailing", !group.ends() && failure != null && stream.failing());
        if (failure != null) {
            LOG.error("Load {}: the stream fails: {}", stream.loadId(), failure.getMessage());
        }
        if (group.ends()) {
            ledger.write("update bulk_stream set state = 'ENDING', ended_by = ? where load_id = ?", stream.endedBy(), stream.loadId());
            LOG.info("Load {}: stream ended by {} after {} records in {} batches", stream.loadId(), stream.endedBy(),
                    stream.load().getRecordsCut(), stream.load().getBatchCount());
        }
        return group.ends();
    }

    /**
     * The stream's jobs, to be followed one by one with the load's Bulk 1.0 follow route: each a part of the load
     * writing to its outcome files, whose columns are the stream's columns in the order they were first seen. Batches
     * cut while there were fewer columns are widened to them first (their rows are joined to results by position).
     */
    public List<LoadContext> jobsToFollow(Exchange exchange) {
        StreamLoad stream = exchange.getProperty(STREAM, StreamLoad.class);
        LoadContext load = stream.load();
        String[] columns = stream.columns();
        for (BatchRef batch : load.getBatches()) {
            widen(batch.getSpool(), columns);
            if (!stream.assigned(batch)) {
                stream.assign(batch, false);
            }
        }
        load.setInput(load.getRecordsCut(), new io.bulkroute.outcome.OutcomeFiles(load.getOutDir(), columns));
        List<LoadContext> parts = new ArrayList<>();
        for (JobPart job : stream.parts()) {
            LoadContext part = new LoadContext(load.getLoadId(), load.getRequest(), pollPolicy.start());
            part.setLedger(ledger);
            part.setJobId(job.jobId());
            part.setJobState(job.jobId() == null ? null
                    : job.jobId().equals(load.getJobId()) ? load.getJobState() : "Closed");
            job.batches().forEach(part::addBatch);
            part.partOf(load);
            parts.add(part);
        }
        return parts;
    }

    private static void widen(Path spool, String[] columns) {
        String[] header;
        try (CsvRows rows = new CsvRows(spool)) {
            header = rows.next();
        }
        if (Arrays.equals(header, columns)) {
            return;
        }
        Path wide = spool.resolveSibling(spool.getFileName() + ".wide");
        try (CsvRows rows = new CsvRows(spool); BufferedWriter out = Files.newBufferedWriter(wide, StandardCharsets.UTF_8)) {
            rows.next();
            StringBuilder line = new StringBuilder();
            CsvLine.append(line, columns);
            out.append(line).append('\n');
            String[] row;
            while ((row = rows.next()) != null) {
                line.setLength(0);
                CsvLine.append(line, Arrays.copyOf(row, columns.length));
                out.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot widen " + spool, e);
        }
        try {
            Files.move(wide, spool, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot widen " + spool, e);
        }
    }

    /**
     * Every job followed: a failure while following one fails the load, and the rows of batches whose results
     * were not joined are unprocessed, so every record is still accounted for.
     */
    public void followed(Exchange exchange) {
        StreamLoad stream = exchange.getProperty(STREAM, StreamLoad.class);
        for (LoadContext part : stream.load().getParts()) {
            for (BatchRef batch : part.getBatches()) {
                if (batch.getRowsWritten() < batch.getRecords()) {
                    ResultJoiner.unprocessedFrom(part, batch, batch.getRowsWritten());
                }
            }
            if (part.getStepFailure() != null) {
                stream.load().stepFailed(part.getStepFailure());
            } else if (part.getError() != null) {
                stream.load().stepFailed(new LoadFailedException(part.getError(), null));
            }
        }
    }

    /** Acknowledges a Kafka consumer's records up to this one: once every record taken so far is on disk. */
    public void commitOffset(Exchange exchange) {
        allDurable();
        exchange.getIn().getHeader(org.apache.camel.component.kafka.KafkaConstants.MANUAL_COMMIT,
                org.apache.camel.component.kafka.consumer.KafkaManualCommit.class).commit();
    }

    /**
     * The stream takes no more records; later messages for its load go to the dead-letter channel. Written
     * before the load's outcome: a crash between the two is taken up again as a stream that ends.
     */
    public void ended(Exchange exchange) {
        StreamLoad stream = exchange.getProperty(STREAM, StreamLoad.class);
        stream.ended();
        ledger.write("update bulk_stream set state = 'ENDED', ended_by = ?, ended_at = ? where load_id = ?",
                stream.endedBy(), Timestamp.from(Instant.now()), stream.loadId());
        exchange.setProperty(LoadContext.PROPERTY, stream.load());
    }

    /** Its outcome is written: the ledger answers for the stream from now on. */
    public void forget(Exchange exchange) {
        StreamLoad stream = exchange.getProperty(STREAM, StreamLoad.class);
        active.remove(stream.loadId(), stream);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Could not remove {}", file, e);
        }
    }

    private static String header(Exchange exchange, String name, String fallback) {
        String v = text(exchange.getIn().getHeader(name, String.class));
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

    public void setLedger(Ledger ledger) {
        this.ledger = ledger;
    }

    public void setPollPolicy(PollPolicy pollPolicy) {
        this.pollPolicy = pollPolicy;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public void setBatchMaxBytes(long batchMaxBytes) {
        this.batchMaxBytes = batchMaxBytes;
    }

    public void setOutbox(String outbox) {
        this.outbox = outbox;
    }

    /** {@code 60s}, {@code 1m}, {@code PT1M}. */
    public void setIdleTimeout(String idleTimeout) {
        this.idleTimeout = Janitor.parse(idleTimeout);
    }

    public void setJobMaxBatches(int jobMaxBatches) {
        this.jobMaxBatches = jobMaxBatches;
    }

    /** {@code 23h}, {@code PT23H}. */
    public void setJobMaxAge(String jobMaxAge) {
        this.jobMaxAge = Janitor.parse(jobMaxAge);
    }

    public void setFsync(boolean fsync) {
        this.fsync = fsync;
    }

    public void setDedupeWindow(int dedupeWindow) {
        this.dedupeWindow = dedupeWindow;
    }
}
