package io.bulkroute.lifecycle;

import io.bulkroute.model.LoadContext;
import io.bulkroute.model.LoadRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.bulkroute.input.InputCheck;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.ledger.LoadEntry;
import io.bulkroute.model.PollPolicy;
import io.bulkroute.outcome.OutcomeFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A load that a process left unfinished, picked up in three steps: {@link #claim} it (so no other process resumes
 * it too), {@link #open} its state as the ledger holds it, {@link #readInput} its source again, which must be the
 * one it began with. See {@link Resumption} for what is rebuilt.
 */
final class LoadResume {
    private static final Logger LOG = LoggerFactory.getLogger(LoadResume.class);
    private final Ledger ledger;
    private final PollPolicy pollPolicy;

    LoadResume(Ledger ledger, PollPolicy pollPolicy) {
        this.ledger = ledger;
        this.pollPolicy = pollPolicy;
    }

    /** The load as the ledger holds it: refused when it is unknown, over, or its source is gone. */
    LoadEntry entry(String loadId) {
        LoadEntry entry = ledger.load(loadId);
        if (entry == null) {
            throw new IllegalArgumentException("The ledger holds no load " + loadId);
        }
        if (!entry.state().equals(Ledger.RUNNING) && !entry.isFailing()) {
            throw new IllegalArgumentException("Load " + loadId + " is already finished (" + entry.state() + ")");
        }
        Path source = entry.request().source();
        if (!sameSize(source, entry.sourceSize())) {
            throw new IllegalStateException("Load " + loadId + " cannot be resumed: its source " + source
                    + " is missing or has changed; put it back, or end its jobs with abort-job");
        }
        return entry;
    }

    /** Whether this process now holds the load: false when another one does. */
    boolean claim(LoadEntry entry) {
        if (!ledger.claim(entry)) {
            LOG.info("Load {} is held by {} (lease until {}): not resumed here", entry.loadId(), entry.owner(), entry.leaseUntil());
            return false;
        }
        return true;
    }

    LoadContext open(LoadEntry entry) {
        LoadRequest request = entry.request();
        LoadContext load = new LoadContext(entry.loadId(), request, pollPolicy.start(), entry.startedAt());
        load.setResumed(true);
        LOG.warn("Load {}: resuming ({}) {} {} from {} through Bulk API {}, begun {} by {}", entry.loadId(), entry.state(),
                request.operation(), request.object(), request.sourceName(), request.api(), entry.startedAt(), entry.owner());
        return load;
    }

    /**
     * Reads the source again and rebuilds the load's pieces. A source that changed since the load began is refused:
     * the load is released (another try may find it put back) and the exception says so.
     */
    void readInput(LoadContext load, LoadEntry entry) {
        LoadRequest request = load.getRequest();
        InputCheck.Summary summary;
        try {
            summary = InputCheck.check(request.source(), request.sourceName(), request.batchMaxBytes() - 1);
        } catch (RuntimeException e) {
            summary = null;
        }
        if (summary == null || !summary.sha256().equals(entry.sourceSha256()) || summary.snapshot().size() != entry.sourceSize()) {
            ledger.release(load.getLoadId());
            throw new SourceChanged("Load " + load.getLoadId() + " cannot be resumed: its source " + entry.request().source()
                    + " has changed since it began; put it back, or end its jobs with abort-job");
        }
        try {
            Files.createDirectories(request.outDir().resolve(".work"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the output folder " + request.outDir(), e);
        }
        load.setLedger(ledger);
        load.setSnapshot(summary.snapshot());
        load.setInput(summary.records(), new OutcomeFiles(request.outDir(), summary.header()));
        Resumption.restore(load, entry, ledger);
    }

    /** The source is not the one the load began with: the load was released, not resumed. */
    static final class SourceChanged extends IllegalStateException {
        SourceChanged(String message) {
            super(message);
        }
    }

    private static boolean sameSize(Path file, long size) {
        try {
            return Files.isRegularFile(file) && Files.size(file) == size;
        } catch (IOException e) {
            return false;
        }
    }
}
