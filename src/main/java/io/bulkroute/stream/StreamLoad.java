package io.bulkroute.stream;

import io.bulkroute.model.BulkHeaders;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.input.CsvLine;
import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.V1Job;

/**
 * A record stream: one load whose records arrive one message at a time. It holds the load (its
 * {@link LoadContext}: its {@link V1Job}s, the latest being filled, every batch), the open batch journals, the columns seen so far,
 * the keys of recent messages, and the order in which completed batches go to Salesforce.
 * <p>
 * Its state moves one way: {@code OPEN} (records are taken) → {@code FAILING} (a batch could not be sent; records
 * are refused, an end signal is on its way) → {@code ENDING} (the completion signal was aggregated; what is left
 * of the stream is sent, then its jobs are closed, followed and their results joined) → {@code ENDED}.
 */
final class StreamLoad {
    enum State { OPEN, FAILING, ENDING, ENDED }

    /** Exchange property: the stream a group, a batch or an end belongs to. */
    static final String PROPERTY = BulkHeaders.STREAM;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoadContext load;
    private final Duration idleTimeout;
    private final int jobMaxBatches;
    private final Path work;
    private final boolean fsync;
    private final int dedupeWindow;
    private final Set<String> columns = new LinkedHashSet<>();
    private final LinkedHashSet<String> recentKeys = new LinkedHashSet<>();
    private final Set<Journal> openJournals = new LinkedHashSet<>();
    /** The batches that reached no job (none could be opened, or the stream was failing): a job never opened. */
    private final V1Job unsent = new V1Job();
    private State state = State.OPEN;
    private String endedBy;
    private Journal lastJournal;
    private int groups;
    private long records;
    private volatile Instant lastRecordAt = Instant.now();
    private int ticketsIssued;
    private int ticketsDone;

    StreamLoad(LoadContext load, Duration idleTimeout, int jobMaxBatches, Path work, boolean fsync, int dedupeWindow) {
        this.load = load;
        this.idleTimeout = idleTimeout;
        this.jobMaxBatches = jobMaxBatches;
        this.work = work;
        this.fsync = fsync;
        this.dedupeWindow = dedupeWindow;
    }

    LoadContext load() {
        return load;
    }

    String loadId() {
        return load.getLoadId();
    }

    /** How long the stream may go without records before that ends it. */
    Duration idleTimeout() {
        return idleTimeout;
    }

    /** How many batches a job of the stream takes before the stream goes on in a new job. */
    int jobMaxBatches() {
        return jobMaxBatches;
    }

    /** The batch being gathered by one aggregation group: its journal, size, and its place in the sending order. */
    static final class Group {
        private final int number;
        private Journal journal;
        private int records;
        private long bytes;
        private long firstRecord;
        private boolean end;
        private boolean done;
        private int ticket = -1;
        /** Its batches once cut and written down: a retried cut hands out the same ones. */
        private java.util.List<io.bulkroute.model.Batch> cut;

        private Group(int number) {
            this.number = number;
        }

        synchronized java.util.List<io.bulkroute.model.Batch> cut() {
            return cut;
        }

        synchronized void cut(java.util.List<io.bulkroute.model.Batch> batches) {
            this.cut = batches;
        }

        boolean done() {
            return done;
        }

        boolean ends() {
            return end;
        }

        int ticket() {
            return ticket;
        }

        int records() {
            return records;
        }

        long firstRecord() {
            return firstRecord;
        }

        Journal journal() {
            return journal;
        }

        int number() {
            return number;
        }
    }

    synchronized Group newGroup() {
        return new Group(++groups);
    }

    /**
     * Takes a record (and/or an end signal) into a group: called by the aggregator, under its lock, so groups and
     * journals line up and completed groups are numbered in the order they completed.
     */
    synchronized void add(Group group, StreamRecord record) {
        if (state != State.OPEN && !(record.ends() && state == State.FAILING)) {
            if (record.fields() != null) {
                record.reject("load " + loadId() + " is " + (state == State.FAILING ? "failing: " + load.getStepFailure().getMessage()
                        : "ending (" + endedBy + ")") + "; the record arrived after that");
            }
            // a group that already holds records goes out with them (they are accounted for as the load ends)
            complete(group);
            return;
        }
        Map<String, String> fields = record.fields();
        if (fields != null) {
            if (record.key() != null && recentKeys.contains(record.key())) {
                // a redelivered message whose record is already here: acknowledged once that copy is on disk
                Journal j = group.journal != null ? group.journal : lastJournal;
                if (j != null) {
                    record.writtenTo(j, j.appended());
                }
            } else {
                append(group, record, fields);
            }
        }
        if (record.ends()) {
            state = State.ENDING;
            endedBy = record.endedBy();
            group.end = true;
        }
        if (group.end || group.records >= load.getRequest().batchSize() || group.bytes >= load.getRequest().batchMaxBytes()) {
            complete(group);
        }
    }

    private void append(Group group, StreamRecord record, Map<String, String> fields) {
        if (group.journal == null) {
            group.journal = new Journal(work.resolve(String.format("stream-%05d.jsonl", group.number)), fsync);
            group.firstRecord = records + 1;
            openJournals.add(group.journal);
            lastJournal = group.journal;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("key", record.key());
        line.put("record", fields);
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        record.writtenTo(group.journal, group.journal.append(bytes));
        columns.addAll(fields.keySet());
        if (record.key() != null) {
            recentKeys.add(record.key());
            if (recentKeys.size() > dedupeWindow) {
                recentKeys.remove(recentKeys.iterator().next());
            }
        }
        group.records++;
        // the row as CSV, and a comma for each column it lacks: close to what the batch will weigh
        group.bytes += CsvLine.encode(fields.values().toArray(String[]::new)).length + Math.max(0, columns.size() - fields.size());
        records++;
        lastRecordAt = Instant.now();
    }

    private void complete(Group group) {
        if (group.done) {
            return;
        }
        group.done = true;
        if (group.records > 0 || group.end) {
            group.ticket = ticketsIssued++;
        }
    }

    /**
     * Taken up again after a restart: the columns and message keys of the records on disk, the groups whose journals
     * were never cut (complete now, in their order), and where the numbering goes on (the jobs are the load's).
     */
    synchronized List<Group> restore(Set<String> seenColumns, List<String> keys, List<Journal> uncut, List<Integer> uncutNumbers,
                                     List<Integer> uncutRecords, long recordsCut, int lastGroup, State restored,
                                     String restoredEndedBy) {
        columns.addAll(seenColumns);
        for (String key : keys) {
            recentKeys.add(key);
            if (recentKeys.size() > dedupeWindow) {
                recentKeys.remove(recentKeys.iterator().next());
            }
        }
        records = recordsCut;
        groups = lastGroup;
        List<Group> pending = new ArrayList<>();
        for (int i = 0; i < uncut.size(); i++) {
            Group g = new Group(uncutNumbers.get(i));
            g.journal = uncut.get(i);
            g.records = uncutRecords.get(i);
            g.firstRecord = records + 1;
            records += g.records;
            lastJournal = g.journal;
            complete(g);
            pending.add(g);
        }
        state = restored;
        endedBy = restoredEndedBy;
        return pending;
    }

    /** Batches go to Salesforce in the order their groups completed: waits for the groups before this one. */
    synchronized void awaitTurn(int ticket) throws InterruptedException {
        while (ticketsDone < ticket) {
            wait();
        }
    }

    synchronized void turnDone(int ticket) {
        if (ticketsDone == ticket) {
            ticketsDone++;
            notifyAll();
        }
    }

    /** The group's journal is complete: on disk and closed; it is no longer a journal to sync. */
    synchronized void sealed(Journal journal) {
        journal.seal();
        openJournals.remove(journal);
    }

    /** Forces every journal still being filled: once this returns, every record taken so far is on disk. */
    void syncAll() {
        List<Journal> open;
        synchronized (this) {
            open = new ArrayList<>(openJournals);
        }
        for (Journal j : open) {
            j.sync(j.appended());
        }
    }

    /** The columns of the stream's records so far, in the order they were first seen. */
    synchronized String[] columns() {
        return columns.toArray(String[]::new);
    }

    synchronized State state() {
        return state;
    }

    synchronized String endedBy() {
        return endedBy;
    }

    /** A batch failed for good: refuse records from now on. True only the first time, which sends the end signal. */
    synchronized boolean failing() {
        if (state != State.OPEN) {
            return false;
        }
        state = State.FAILING;
        endedBy = "failure";
        return true;
    }

    synchronized void ended() {
        state = State.ENDED;
    }

    Instant lastRecordAt() {
        return lastRecordAt;
    }

    /** The batch is sent to {@code job}, the one now open, or (when none could be opened) to none. */
    synchronized void assign(BatchRef batch, V1Job job, boolean toOpenJob) {
        (toOpenJob && job != null ? job : unsent).addBatch(batch);
    }

    /** The stream's jobs, then the batches that reached none (as a job never opened). */
    synchronized List<V1Job> jobs() {
        List<V1Job> all = load.getV1Jobs();
        if (unsent.getBatchCount() > 0) {
            all.add(unsent);
        }
        return all;
    }

    synchronized boolean assigned(BatchRef batch) {
        return load.getV1Jobs().stream().anyMatch(j -> j.holds(batch)) || unsent.holds(batch);
    }
}
