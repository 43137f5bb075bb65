package io.bulkroute.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.batch.Batch;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.ledger.LoadEntry;
import io.bulkroute.load.BatchRef;
import io.bulkroute.load.LoadContext;
import io.bulkroute.load.LoadRequest;
import io.bulkroute.monitor.PollPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes up a record stream after the service stopped in its middle (a crash, a restart): from the ledger (the
 * load, its jobs, every batch cut and whether it was sent) and the journals on disk (every record whose message was
 * acknowledged, with the message's key). What comes out: the stream, its cut batches that were never sent, and
 * the groups whose journals were never cut. Redelivered messages are recognised by the keys read back.
 */
final class StreamRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRecovery.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JOURNAL = Pattern.compile("stream-(\\d+)\\.jsonl");
    private static final Pattern BATCH = Pattern.compile("batch-(\\d+)-\\d+\\.csv");

    /** What is left to do for a stream taken up again. */
    record Recovered(StreamLoad stream, List<Batch> unsent, List<StreamLoad.Group> uncut) {
    }

    private StreamRecovery() {
    }

    /** The stream of {@code loadId} as the ledger and its journals say it was; null when it is no stream to take up. */
    static Recovered recover(String loadId, Ledger ledger, PollPolicy pollPolicy, long batchMaxBytes, boolean fsync, int dedupeWindow) {
        List<Map<String, Object>> rows = ledger.read("select l.source_name, l.object_name, l.operation, l.out_dir, l.state as load_state,"
                + " s.work_dir, s.external_id, s.batch_size, s.idle_timeout_ms, s.job_max_batches, s.state, s.ended_by"
                + " from bulk_load l join bulk_stream s on s.load_id = l.load_id where l.load_id = ?", loadId);
        // a stream that ended while its load is still RUNNING crashed before its outcome was written: it ends again
        if (rows.isEmpty() || !"RUNNING".equals(rows.get(0).get("load_state"))) {
            return null;
        }
        // another live instance may be running it (a shared PostgreSQL ledger): taken only when its process is gone
        LoadEntry entry = ledger.load(loadId);
        if (!ledger.claim(entry)) {
            throw new IllegalStateException("Load " + loadId + " is a record stream that " + entry.owner()
                    + " is running; its records go there");
        }
        Map<String, Object> row = rows.get(0);
        Path work = Path.of((String) row.get("work_dir"));
        LoadRequest request = new LoadRequest(work, (String) row.get("source_name"), (String) row.get("object_name"),
                (String) row.get("operation"), (String) row.get("external_id"), "v1", ((Number) row.get("batch_size")).intValue(),
                batchMaxBytes, false, 0, Path.of((String) row.get("out_dir")));
        LoadContext load = new LoadContext(loadId, request, pollPolicy.start());

        // the jobs, oldest first; the last one is the job being filled if it is still Open
        List<JobPart> jobs = new ArrayList<>();
        Map<String, JobPart> byId = new java.util.HashMap<>();
        String lastState = null;
        for (Map<String, Object> job : ledger.read("select job_id, state, opened_at from bulk_job where load_id = ? order by opened_at",
                loadId)) {
            JobPart part = new JobPart((String) job.get("job_id"), Instant.parse(String.valueOf(job.get("opened_at"))));
            jobs.add(part);
            byId.put(part.jobId(), part);
            load.setJobId(part.jobId());
            lastState = (String) job.get("state");
        }
        load.setJobState(lastState);
        if (!"Open".equals(lastState)) {
            // a createJob the crash kept the answer of may have opened a job no one knows: it is looked for and
            // aborted when the stream's next job is opened, as after a lost answer
            load.createJobAnswerLost(jobs.isEmpty() ? entry.startedAt() : jobs.get(jobs.size() - 1).openedAt());
        }

        // every batch cut; those never sent go out again, after a look at the job's batches (their answer may be lost)
        List<Batch> unsent = new ArrayList<>();
        Set<Integer> cutGroups = new java.util.HashSet<>();
        for (Map<String, Object> b : ledger.read("select piece, job_id, batch_id, records, first_line, spool_path from bulk_batch"
                + " where load_id = ? order by piece", loadId)) {
            int index = ((Number) b.get("piece")).intValue();
            int records = ((Number) b.get("records")).intValue();
            long first = ((Number) b.get("first_line")).longValue();
            Path spool = Path.of((String) b.get("spool_path"));
            BatchRef ref = new BatchRef(index, records, first, spool);
            load.addBatch(ref);
            load.cut(records);
            Matcher m = BATCH.matcher(spool.getFileName().toString());
            if (m.matches()) {
                cutGroups.add(Integer.parseInt(m.group(1)));
            }
            String batchId = (String) b.get("batch_id");
            if (batchId != null) {
                ref.setId(batchId);
                ref.update("Queued", null);
                JobPart part = byId.get((String) b.get("job_id"));
                if (part != null) {
                    part.add(ref);
                }
            } else {
                // the crash may have come after Salesforce took it: the job's batch list is checked before it is sent
                ref.answerMayBeLost();
                unsent.add(new Batch(index, records, sizeOf(spool), first, first + records - 1, spool));
            }
        }
        load.setLedger(ledger);

        // the journals: the records' columns and keys, and the groups that were never cut
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
        Set<String> columns = new LinkedHashSet<>();
        Deque<String> keys = new ArrayDeque<>();
        List<Journal> uncut = new ArrayList<>();
        List<Integer> uncutNumbers = new ArrayList<>();
        List<Integer> uncutRecords = new ArrayList<>();
        for (Map.Entry<Integer, Path> j : journals.entrySet()) {
            int records = read(j.getValue(), columns, keys, dedupeWindow);
            if (!cutGroups.contains(j.getKey()) && records > 0) {
                uncut.add(new Journal(j.getValue(), fsync));
                uncutNumbers.add(j.getKey());
                uncutRecords.add(records);
            }
        }
        StreamLoad.State state = "ENDING".equals(row.get("state")) || "ENDED".equals(row.get("state"))
                ? StreamLoad.State.ENDING : StreamLoad.State.OPEN;
        StreamLoad stream = new StreamLoad(load, Duration.ofMillis(((Number) row.get("idle_timeout_ms")).longValue()),
                ((Number) row.get("job_max_batches")).intValue(), work, fsync, dedupeWindow);
        List<StreamLoad.Group> groups = stream.restore(columns, new ArrayList<>(keys), uncut, uncutNumbers, uncutRecords,
                load.getRecordsCut(), journals.isEmpty() ? 0 : journals.lastKey(), jobs, state, (String) row.get("ended_by"));
        LOG.warn("Load {}: record stream taken up again after a restart: {} batches cut ({} not sent), {} records not yet in a"
                + " batch, {} jobs", loadId, load.getBatchCount(), unsent.size(), uncutRecords.stream().mapToInt(Integer::intValue).sum(),
                jobs.size());
        return new Recovered(stream, unsent, groups);
    }

    /**
     * Reads a journal's records for their columns and keys; a last line the crash cut short (never synced, so its
     * message was never acknowledged) is cut off. Returns the number of records.
     */
    private static int read(Path journal, Set<String> columns, Deque<String> keys, int window) {
        int records = 0;
        long good = 0;
        long size;
        try (BufferedReader in = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            size = Files.size(journal);
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    break;
                }
                if (node == null || !node.has("record")) {
                    break;
                }
                node.get("record").fieldNames().forEachRemaining(columns::add);
                JsonNode key = node.get("key");
                if (key != null && !key.isNull()) {
                    keys.addLast(key.asText());
                    if (keys.size() > window) {
                        keys.removeFirst();
                    }
                }
                good += line.getBytes(StandardCharsets.UTF_8).length + 1;
                records++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the stream journal " + journal, e);
        }
        if (good < size) {
            try (FileChannel c = FileChannel.open(journal, StandardOpenOption.WRITE)) {
                c.truncate(good);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot repair the stream journal " + journal, e);
            }
        }
        return records;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
