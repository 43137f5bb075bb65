package io.bulkroute.stream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.bulkroute.input.CsvLine;
import io.bulkroute.input.CsvRows;
import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.LoadFailedException;
import io.bulkroute.outcome.ResultJoiner;
import org.apache.camel.ExchangeProperty;

/**
 * An adapter between a stream's jobs and the Bulk 1.0 follow route ({@code direct:bulk-v1-follow} in
 * routes/load.camel.yaml), which follows the one job of the {@link LoadContext} in the exchange property
 * {@code load}. A stream has several jobs, so each is handed over as a load of its own, a part of the stream's
 * load ({@link LoadContext#partOf}) that writes to its outcome files and counts in its report. This is the only
 * place that makes such parts: once the follow route takes a job rather than a load, it goes.
 */
public final class StreamFollow {
    private StreamRegistry registry;

    /**
     * The stream's jobs, to be followed one by one: the outcome files' columns are the stream's columns in the order
     * they were first seen. Batches cut while there were fewer columns are widened to them first (their rows are
     * joined to results by position).
     */
    public List<LoadContext> jobsToFollow(@ExchangeProperty(StreamLoad.PROPERTY) StreamLoad stream) {
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
            LoadContext part = new LoadContext(load.getLoadId(), load.getRequest(), registry.pollPolicy().start());
            part.setLedger(load.ledger());
            part.setJobId(job.jobId());
            part.setJobState(job.jobId() == null ? null
                    : job.jobId().equals(load.getJobId()) ? load.getJobState() : "Closed");
            job.batches().forEach(part::addBatch);
            part.partOf(load);
            parts.add(part);
        }
        return parts;
    }

    /**
     * Every job followed: a failure while following one fails the load, and the rows of batches whose results
     * were not joined are unprocessed, so every record is still accounted for.
     */
    public void followed(@ExchangeProperty(StreamLoad.PROPERTY) StreamLoad stream) {
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

    public void setRegistry(StreamRegistry registry) {
        this.registry = registry;
    }
}
