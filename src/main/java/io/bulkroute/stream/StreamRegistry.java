package io.bulkroute.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.bulkroute.lifecycle.Janitor;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.model.PollPolicy;
import org.apache.camel.ExchangeProperty;

/**
 * The record streams this process runs, by load id, and the settings they start with (bulk.stream.*, and the
 * batch limits of every load). A stream is here from its first record (or from being taken up again after a
 * restart) until its outcome is written; from then on the ledger answers for it.
 */
public final class StreamRegistry {
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

    StreamLoad get(String loadId) {
        return loadId == null ? null : active.get(loadId);
    }

    boolean isActive(String loadId) {
        return active.containsKey(loadId);
    }

    void add(StreamLoad stream) {
        active.put(stream.loadId(), stream);
    }

    Collection<StreamLoad> all() {
        return active.values();
    }

    /** Streams that have had no record for their idle timeout (bulk.stream.idle-timeout). */
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

    /** Its outcome is written: the ledger answers for the stream from now on. */
    public void forget(@ExchangeProperty(StreamLoad.PROPERTY) StreamLoad stream) {
        active.remove(stream.loadId(), stream);
    }

    /** Every record taken so far is on disk: for a consumer that acknowledges many messages at once (a Kafka commit). */
    public void allDurable() {
        for (StreamLoad stream : active.values()) {
            stream.syncAll();
        }
    }

    Ledger ledger() {
        return ledger;
    }

    PollPolicy pollPolicy() {
        return pollPolicy;
    }

    int batchSize() {
        return batchSize;
    }

    long batchMaxBytes() {
        return batchMaxBytes;
    }

    String outbox() {
        return outbox;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    int jobMaxBatches() {
        return jobMaxBatches;
    }

    Duration jobMaxAge() {
        return jobMaxAge;
    }

    boolean fsync() {
        return fsync;
    }

    int dedupeWindow() {
        return dedupeWindow;
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
