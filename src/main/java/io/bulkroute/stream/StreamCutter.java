package io.bulkroute.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.bulkroute.model.Batch;
import io.bulkroute.input.CsvBatcher;
import io.bulkroute.ledger.PieceEntry;
import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a completed group of a stream into batches, in the order the groups completed: its journal is sealed and
 * written as CSV with the stream's columns so far, cut by bulk.batch-size and bulk.batch-max-bytes as a file is,
 * and the batches are written down in the ledger and registered with the load.
 */
public final class StreamCutter {
    private static final Logger LOG = LoggerFactory.getLogger(StreamCutter.class);

    private StreamRegistry registry;

    /**
     * First step for a completed group: waits until the groups completed before it have been sent, and sets the
     * load on the exchange. False for a group with nothing to do (a late record's empty group).
     */
    public boolean takeTurn(Exchange exchange) throws InterruptedException {
        StreamLoad.Group group = exchange.getProperty(StreamBatches.GROUP, StreamLoad.Group.class);
        StreamLoad stream = exchange.getProperty(StreamLoad.PROPERTY, StreamLoad.class);
        if (group == null || group.ticket() < 0) {
            return false;
        }
        stream.awaitTurn(group.ticket());
        // the next group's turn comes when this one is done, whatever happened to it
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange e) {
                stream.turnDone(group.ticket());
            }
        });
        exchange.setProperty(LoadContext.PROPERTY, stream.load());
        return true;
    }

    /** The group's records as batches, each registered with the load. */
    public List<Batch> cut(@ExchangeProperty(StreamLoad.PROPERTY) StreamLoad stream,
                           @ExchangeProperty(StreamBatches.GROUP) StreamLoad.Group group) {
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
        Path csv = work.resolve(String.format("stream-%05d.csv", group.number()));
        Journal.toCsv(group.journal().file(), csv, stream.columns());
        List<Batch> pieces = new ArrayList<>();
        try (CsvBatcher batcher = new CsvBatcher(csv, load.getRequest().sourceName(), registry.batchSize(),
                registry.batchMaxBytes(), work, String.format("batch-%05d", group.number()))) {
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
            registry.ledger().piecesCut(load.getLoadId(), entries);
            for (Batch batch : batches) {
                load.addBatch(new BatchRef(batch.index(), batch.records(), batch.firstLine(), batch.spool()));
                load.cut(batch.records());
            }
        }
        group.cut(batches);
        deleteQuietly(csv);
        return batches;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Could not remove {}", file, e);
        }
    }

    public void setRegistry(StreamRegistry registry) {
        this.registry = registry;
    }
}
