package io.bulkroute.stream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

import io.bulkroute.input.CsvLine;
import io.bulkroute.input.CsvRows;
import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.V1Job;
import io.bulkroute.outcome.ResultJoiner;
import org.apache.camel.ExchangeProperty;

/**
 * Hands a stream's Bulk 1.0 jobs, one by one, to the follow route ({@code direct:bulk-v1-job-follow} in
 * routes/load.camel.yaml), which follows the {@link V1Job} in the exchange property {@link V1Job#PROPERTY} of the
 * load in the property {@code load}: the stream's load, whose outcome files the results go to.
 */
public final class StreamFollow {

    /**
     * The stream's jobs, to be followed one by one: the outcome files' columns are the stream's columns in the order
     * they were first seen. Batches cut while there were fewer columns are widened to them first (their rows are
     * joined to results by position).
     */
    public List<V1Job> jobsToFollow(@ExchangeProperty(StreamLoad.PROPERTY) StreamLoad stream) {
        LoadContext load = stream.load();
        String[] columns = stream.columns();
        for (BatchRef batch : load.getBatches()) {
            widen(batch.getSpool(), columns);
            if (!stream.assigned(batch)) {
                stream.assign(batch, null, false);
            }
        }
        load.setInput(load.getRecordsCut(), new io.bulkroute.outcome.OutcomeFiles(load.getOutDir(), columns));
        return stream.jobs();
    }

    /**
     * Every job followed: the rows of batches whose results were not joined are unprocessed, so every record is still
     * accounted for. A failure while following one fails the load (it is the load's step failure already); a stream
     * is not taken up again to read the results it could not (its recovery takes up running streams only), so those
     * rows stay unprocessed and the load ends with them.
     */
    public void followed(@ExchangeProperty(StreamLoad.PROPERTY) StreamLoad stream) {
        LoadContext load = stream.load();
        for (V1Job job : stream.jobs()) {
            for (BatchRef batch : job.getBatches()) {
                if (batch.getRowsWritten() < batch.getRecords()) {
                    ResultJoiner.unprocessedFrom(load, batch, batch.getRowsWritten());
                }
            }
        }
        load.resultsGivenUp();
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

}
