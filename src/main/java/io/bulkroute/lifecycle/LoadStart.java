package io.bulkroute.lifecycle;

import io.bulkroute.model.LoadContext;
import io.bulkroute.model.LoadRequest;

import java.nio.file.Files;
import java.util.Map;

import io.bulkroute.model.Api;
import io.bulkroute.model.BadInputException;
import io.bulkroute.input.InputCheck;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.ledger.LoadEntry;
import io.bulkroute.model.PollPolicy;
import io.bulkroute.outcome.OutcomeFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new load's start, in two steps. {@link #open} makes its output folder and its state: a refusal before it
 * leaves no report.json. {@link #readInput} checks the input whole, refuses a source loaded before (by its
 * fingerprint) and writes the load down in the ledger: a refusal there fails the load with its report.
 */
final class LoadStart {
    private static final Logger LOG = LoggerFactory.getLogger(LoadStart.class);
    private final Ledger ledger;
    private final PollPolicy pollPolicy;

    LoadStart(Ledger ledger, PollPolicy pollPolicy) {
        this.ledger = ledger;
        this.pollPolicy = pollPolicy;
    }

    LoadContext open(String loadId, LoadRequest request, boolean force) {
        OutputFolder.check(request.outDir(), request.source(), force);
        OutputFolder.make(request.outDir());
        LoadContext load = new LoadContext(loadId, request, pollPolicy.start());
        LOG.info("Load {}: {} {} from {} through Bulk API {}", loadId, request.operation(), request.object(),
                request.sourceName(), request.api());
        return load;
    }

    void readInput(LoadContext load, boolean force) {
        LoadRequest request = load.getRequest();
        if (!Files.isRegularFile(request.source())) {
            throw new BadInputException(request.sourceName(), 0, "no such file");
        }
        // a 2.0 load's cut into jobs reads the input beside the check, not after it
        CutAhead ahead = Api.of(request.api()) == Api.V2 ? CutAhead.start(request) : null;
        String name = request.source().getFileName().toString();
        InputCheck.Summary summary;
        try {
            summary = InputCheck.check(request.source(), request.sourceName(), request.batchMaxBytes() - 1);
            LoadEntry earlier = ledger.earlierLoad(name, summary.snapshot().size(), summary.sha256());
            if (earlier != null && !force) {
                throw new AlreadyLoadedException(request.sourceName() + " was already loaded by load " + earlier.loadId()
                        + " (" + earlier.state() + ", started " + earlier.startedAt() + "); load it again with --force");
            }
        } catch (RuntimeException e) {
            if (ahead != null) {
                ahead.cancel();
            }
            throw e;
        }
        if (ahead != null) {
            load.setCutAhead(ahead.await(summary.snapshot()));
        }
        ledger.loadStarted(LoadEntry.starting(load.getLoadId(), request, name, summary.snapshot().size(), summary.sha256(),
                summary.records()));
        load.setLedger(ledger);
        load.setSnapshot(summary.snapshot());
        load.setInput(summary.records(), new OutcomeFiles(request.outDir(), summary.header()));
        LOG.info("Load {}: {} records in {} columns", load.getLoadId(), summary.records(), summary.header().length);
    }
}
