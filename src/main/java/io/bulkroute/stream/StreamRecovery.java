package io.bulkroute.stream;

import io.bulkroute.model.BulkHeaders;

import io.bulkroute.model.Api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bulkroute.model.Batch;
import io.bulkroute.ledger.JobEntry;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.ledger.LoadEntry;
import io.bulkroute.ledger.PieceEntry;
import io.bulkroute.ledger.StreamEntry;
import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.V1Job;
import io.bulkroute.model.LoadRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes up a record stream after the service stopped in its middle (a crash, a restart): from the ledger (the
 * load, its jobs, every batch cut and whether it was sent) and the journals on disk (every record whose message was
 * acknowledged, with the message's key). What is left to do goes to {@code direct:bulk-stream-resume}: the cut
 * batches that were never sent, and the groups whose journals were never cut. Redelivered messages are recognised
 * by the keys read back.
 */
public final class StreamRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRecovery.class);
    private static final Pattern JOURNAL = Pattern.compile("stream-(\\d+)\\.jsonl");
    private static final Pattern BATCH = Pattern.compile("batch-(\\d+)-\\d+\\.csv");

    private StreamRegistry registry;

    /** What is left to do for a stream taken up again. */
    private record Recovered(StreamLoad stream, List<Batch> unsent, List<StreamLoad.Group> uncut) {
    }

    /** At start: every record stream the ledger has as running, taken up again. */
    public void resumeAll(Exchange exchange) {
        for (String loadId : registry.ledger().streamRecords().running()) {
            synchronized (registry) {
                if (!registry.isActive(loadId)) {
                    try {
                        resume(exchange.getContext(), loadId);
                    } catch (RuntimeException e) {
                        // one stream that cannot be taken up (another instance runs it) does not keep the others
                        LOG.warn("Load {}: not taken up here: {}", loadId, e.getMessage());
                    }
                }
            }
        }
    }

    /**
     * A stream the service was in the middle of when it stopped, taken up again and registered; what was left to
     * send goes out first (direct:bulk-stream-resume). Null when the load is no stream to take up.
     */
    StreamLoad resume(CamelContext camel, String loadId) {
        Recovered recovered = recover(loadId);
        if (recovered == null) {
            return null;
        }
        StreamLoad stream = recovered.stream();
        registry.add(stream);
        Exchange resume = new DefaultExchange(camel);
        resume.setProperty(StreamLoad.PROPERTY, stream);
        resume.setProperty(LoadContext.PROPERTY, stream.load());
        resume.setProperty(BulkHeaders.STREAM_UNSENT, recovered.unsent());
        resume.setProperty(BulkHeaders.STREAM_UNCUT, recovered.uncut());
        resume.setProperty(BulkHeaders.STREAM_ENDS, stream.state() == StreamLoad.State.ENDING);
        resume.getIn().setHeader(BulkHeaders.LOAD_ID, loadId);
        ProducerTemplate template = camel.createProducerTemplate();
        Exchange done;
        try {
            done = template.send("direct:bulk-stream-resume", resume);
        } finally {
            template.stop();
        }
        if (done.getException() != null) {
            throw new RuntimeCamelException("Load " + loadId + " cannot be taken up again", done.getException());
        }
        return stream;
    }

    /** The stream of {@code loadId} as the ledger and its journals say it was; null when it is no stream to take up. */
    private Recovered recover(String loadId) {
        Ledger ledger = registry.ledger();
        StreamEntry row = ledger.streamRecords().of(loadId);
        LoadEntry entry = row == null ? null : ledger.load(loadId);
        // a stream that ended while its load is still RUNNING crashed before its outcome was written: it ends again
        if (entry == null || !Ledger.RUNNING.equals(entry.state())) {
            return null;
        }
        // another live instance may be running it (a shared PostgreSQL ledger): taken only when its process is gone
        if (!ledger.claim(entry)) {
            throw new IllegalStateException("Load " + loadId + " is a record stream that " + entry.owner()
                    + " is running; its records go there");
        }
        Path work = Path.of(row.workDir());
        LoadRequest request = new LoadRequest(work, entry.sourceName(), entry.request().object(), entry.request().operation(),
                row.externalId(), Api.V1.configName(), row.batchSize(), registry.batchMaxBytes(), false, 0, entry.request().outDir());
        LoadContext load = new LoadContext(loadId, request, registry.pollPolicy().start());

        // the jobs, oldest first; the last one is the job being filled if it is still Open
        List<V1Job> jobs = new ArrayList<>();
        Map<String, V1Job> byId = new HashMap<>();
        String lastState = null;
        for (JobEntry job : ledger.jobsOf(loadId)) {
            V1Job v1Job = load.addV1Job(new V1Job(job.jobId(), job.state(), job.openedAt()));
            jobs.add(v1Job);
            byId.put(v1Job.getId(), v1Job);
            lastState = job.state();
        }
        if (!"Open".equals(lastState)) {
            // a createJob the crash kept the answer of may have opened a job no one knows: it is looked for and
            // aborted when the stream's next job is opened, as after a lost answer
            load.getNextV1Job().createAnswerLost(jobs.isEmpty() ? entry.startedAt() : jobs.get(jobs.size() - 1).getOpenedAt());
        }
        List<Batch> unsent = new ArrayList<>();
        Set<Integer> cutGroups = restoreBatches(load, ledger.pieces(loadId), byId, unsent);
        load.setLedger(ledger);

        // the journals: the records' columns and keys, and the groups that were never cut
        TreeMap<Integer, Path> journals = journals(work);
        Set<String> columns = new LinkedHashSet<>();
        Deque<String> keys = new ArrayDeque<>();
        List<Journal> uncut = new ArrayList<>();
        List<Integer> uncutNumbers = new ArrayList<>();
        List<Integer> uncutRecords = new ArrayList<>();
        for (Map.Entry<Integer, Path> j : journals.entrySet()) {
            int records = Journal.readBack(j.getValue(), columns, keys, registry.dedupeWindow());
            if (!cutGroups.contains(j.getKey()) && records > 0) {
                uncut.add(new Journal(j.getValue(), registry.fsync()));
                uncutNumbers.add(j.getKey());
                uncutRecords.add(records);
            }
        }
        StreamLoad.State state = row.isEnding() ? StreamLoad.State.ENDING : StreamLoad.State.OPEN;
        StreamLoad stream = new StreamLoad(load, row.idleTimeout(), row.jobMaxBatches(), work, registry.fsync(),
                registry.dedupeWindow());
        List<StreamLoad.Group> groups = stream.restore(columns, new ArrayList<>(keys), uncut, uncutNumbers, uncutRecords,
                load.getRecordsCut(), journals.isEmpty() ? 0 : journals.lastKey(), state, row.endedBy());
        LOG.warn("Load {}: record stream taken up again after a restart: {} batches cut ({} not sent), {} records not yet in a"
                + " batch, {} jobs", loadId, load.getBatchCount(), unsent.size(), uncutRecords.stream().mapToInt(Integer::intValue).sum(),
                jobs.size());
        return new Recovered(stream, unsent, groups);
    }

    /**
     * Every batch cut, back into the load and the job it was sent to; those never sent go out again, after a look at
     * the job's batches (their answer may be lost). Returns the numbers of the groups that were cut.
     */
    private static Set<Integer> restoreBatches(LoadContext load, List<PieceEntry> pieces, Map<String, V1Job> jobs,
                                               List<Batch> unsent) {
        Set<Integer> cutGroups = new HashSet<>();
        for (PieceEntry piece : pieces) {
            Path spool = Path.of(piece.spoolPath());
            BatchRef ref = new BatchRef(piece.piece(), piece.records(), piece.firstLine(), spool);
            load.addBatch(ref);
            load.cut(piece.records());
            Matcher m = BATCH.matcher(spool.getFileName().toString());
            if (m.matches()) {
                cutGroups.add(Integer.parseInt(m.group(1)));
            }
            if (piece.batchId() != null) {
                ref.setId(piece.batchId());
                ref.update("Queued", null);
                V1Job job = jobs.get(piece.jobId());
                if (job != null) {
                    job.addBatch(ref);
                }
            } else {
                // the crash may have come after Salesforce took it: the job's batch list is checked before it is sent
                ref.answerMayBeLost();
                unsent.add(new Batch(piece.piece(), piece.records(), sizeOf(spool), piece.firstLine(),
                        piece.firstLine() + piece.records() - 1, spool));
            }
        }
        return cutGroups;
    }

    private static TreeMap<Integer, Path> journals(Path work) {
        TreeMap<Integer, Path> journals = new TreeMap<>();
        try (var files = Files.list(work)) {
            for (Path f : files.toList()) {
                Matcher m = JOURNAL.matcher(f.getFileName().toString());
                if (m.matches()) {
                    journals.put(Integer.parseInt(m.group(1)), f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the stream's folder " + work, e);
        }
        return journals;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    public void setRegistry(StreamRegistry registry) {
        this.registry = registry;
    }
}
