package io.bulkroute.simulator.bulkv1;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.bulkroute.simulator.org.RecordResult;
import io.bulkroute.simulator.processing.CsvFormat;
import io.bulkroute.simulator.processing.ResultSink;

/** Bulk 1.0 results: one line per submitted record, in submission order, {@code "Id","Success","Created","Error"}. */
final class V1ResultSink implements ResultSink, AutoCloseable {
    private final BufferedWriter out;
    private final StringBuilder line = new StringBuilder(128);

    V1ResultSink(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    @Override
    public void header(String[] header) throws IOException {
        out.write("\"Id\",\"Success\",\"Created\",\"Error\"\n");
    }

    @Override
    public void result(String[] row, RecordResult r) throws IOException {
        line.setLength(0);
        CsvFormat.appendQuoted(line, r.id());
        line.append(',');
        CsvFormat.appendQuoted(line, String.valueOf(r.success()));
        line.append(',');
        CsvFormat.appendQuoted(line, String.valueOf(r.created()));
        line.append(',');
        CsvFormat.appendQuoted(line, r.error());
        out.append(line).append('\n');
    }

    @Override
    public void unprocessed(String[] row) {
        // 1.0 batches that have started run to their end: there is no unprocessed row inside one
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
