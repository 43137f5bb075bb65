package io.bulkroute.simulator.bulkv2;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import io.bulkroute.simulator.org.RecordResult;
import io.bulkroute.simulator.processing.CsvFormat;
import io.bulkroute.simulator.processing.ResultSink;

/**
 * Bulk 2.0 results: successful, failed and unprocessed rows in three files, each echoing the
 * uploaded columns after its {@code sf__} columns, in the job's delimiter and line ending.
 */
final class V2ResultSink implements ResultSink, AutoCloseable {
    private final BufferedWriter successful;
    private final BufferedWriter failed;
    private final BufferedWriter unprocessed;
    private final char delimiter;
    private final String newline;
    private final StringBuilder line = new StringBuilder(256);

    V2ResultSink(V2Job job) throws IOException {
        this.successful = Files.newBufferedWriter(job.successful, StandardCharsets.UTF_8);
        this.failed = Files.newBufferedWriter(job.failed, StandardCharsets.UTF_8);
        this.unprocessed = Files.newBufferedWriter(job.unprocessed, StandardCharsets.UTF_8);
        this.delimiter = job.delimiter();
        this.newline = job.newline();
    }

    @Override
    public void header(String[] header) throws IOException {
        write(successful, "sf__Id", "sf__Created", header);
        write(failed, "sf__Id", "sf__Error", header);
        write(unprocessed, null, null, header);
    }

    @Override
    public void result(String[] row, RecordResult r) throws IOException {
        if (r.success()) {
            write(successful, r.id(), String.valueOf(r.created()), row);
        } else {
            write(failed, r.id(), r.error(), row);
        }
    }

    @Override
    public void unprocessed(String[] row) throws IOException {
        write(unprocessed, null, null, row);
    }

    private void write(BufferedWriter out, String first, String second, String[] row) throws IOException {
        line.setLength(0);
        if (first != null) {
            CsvFormat.appendQuoted(line, first);
            line.append(delimiter);
            CsvFormat.appendQuoted(line, second);
            if (row.length > 0) {
                line.append(delimiter);
            }
        }
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                line.append(delimiter);
            }
            CsvFormat.appendQuoted(line, row[i]);
        }
        out.append(line).append(newline);
    }

    @Override
    public void close() throws IOException {
        try (successful; failed; unprocessed) {
            // closes all three, even when one fails
        }
    }
}
