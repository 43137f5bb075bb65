package io.bulkroute.outcome;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.bulkroute.input.CsvRows;

/**
 * The three outcome files of a load (docs/architecture.md#outcome): {@code success.csv} ({@code sf__Id, sf__Created},
 * then the input's columns), {@code failed.csv} ({@code sf__Id, sf__Error}, then the input's
 * columns) and {@code unprocessed.csv} (the input's columns). Every input row is written to
 * exactly one of them, streamed as results arrive.
 */
public final class OutcomeFiles implements io.bulkroute.model.OutcomeSink {
    private final Path dir;
    private final String[] header;
    private SequenceWriter success;
    private SequenceWriter failed;
    private SequenceWriter unprocessed;
    /** The files under the CSV writers above, in the same order: parts are copied into them as bytes. */
    private final List<OutputStream> files = new ArrayList<>();
    private long succeededCount;
    private long failedCount;
    private long unprocessedCount;

    public OutcomeFiles(Path dir, String[] header) {
        this.dir = dir;
        this.header = header;
    }

    private synchronized void open() {
        if (success != null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            success = writer("success.csv", prepend("sf__Id", "sf__Created"));
            failed = writer("failed.csv", prepend("sf__Id", "sf__Error"));
            unprocessed = writer("unprocessed.csv", header);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write outcome files in " + dir, e);
        }
    }

    private SequenceWriter writer(String name, String[] columns) throws IOException {
        OutputStream file = new BufferedOutputStream(Files.newOutputStream(dir.resolve(name)), 1 << 16);
        files.add(file);
        Writer out = new OutputStreamWriter(file, StandardCharsets.UTF_8);
        // Jackson flushes after each value by default: a system call a row, most of a 1.0 join's time
        SequenceWriter w = CsvRows.MAPPER.writerFor(String[].class).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                .with(CsvSchema.emptySchema().withLineSeparator("\n")).writeValues(out);
        w.write(columns);
        return w;
    }

    private String[] prepend(String first, String second) {
        String[] columns = new String[header.length + 2];
        columns[0] = first;
        columns[1] = second;
        System.arraycopy(header, 0, columns, 2, header.length);
        return columns;
    }

    private String[] prepend(String first, String second, String[] row) {
        String[] columns = new String[row.length + 2];
        columns[0] = first;
        columns[1] = second;
        System.arraycopy(row, 0, columns, 2, row.length);
        return columns;
    }

    public synchronized void succeeded(String id, boolean created, String[] row) {
        open();
        write(success, prepend(id, String.valueOf(created), row));
        succeededCount++;
    }

    public synchronized void failed(String id, String error, String[] row) {
        open();
        write(failed, prepend(id == null ? "" : id, error, row));
        failedCount++;
    }

    public synchronized void unprocessed(String[] row) {
        open();
        write(unprocessed, row);
        unprocessedCount++;
    }

    private static void write(SequenceWriter w, String[] values) {
        try {
            w.write(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends a Bulk 2.0 job's joined outcome rows (files without header, as Bulk2Join writes them). */
    public synchronized void appendParts(Path success, Path failed, Path unprocessed) {
        open();
        succeededCount += copy(success, this.success, files.get(0));
        failedCount += copy(failed, this.failed, files.get(1));
        unprocessedCount += copy(unprocessed, this.unprocessed, files.get(2));
    }

    /**
     * The part is CSV as this class writes it (UTF-8, as the same mapper writes it), so it is copied as bytes rather
     * than parsed and written again, which took longer than the join itself. Its records are counted on the way: line
     * ends outside quotes (no byte of a multi-byte UTF-8 character is a quote or a line end).
     */
    private static long copy(Path part, SequenceWriter csv, OutputStream to) {
        if (!Files.exists(part)) {
            return 0;
        }
        try (InputStream in = Files.newInputStream(part)) {
            csv.flush();
            byte[] buffer = new byte[1 << 16];
            long records = 0;
            boolean quoted = false;
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte c = buffer[i];
                    if (c == '"') {
                        quoted = !quoted;
                    } else if (c == '\n' && !quoted) {
                        records++;
                    }
                }
                to.write(buffer, 0, n);
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + part + " into the outcome files", e);
        }
    }

    public synchronized long succeeded() {
        return succeededCount;
    }

    public synchronized long failed() {
        return failedCount;
    }

    public synchronized long unprocessed() {
        return unprocessedCount;
    }

    public Path dir() {
        return dir;
    }

    /** Makes sure all three files exist, even when nothing went to one of them, then closes them. */
    @Override
    public synchronized void close() {
        open();
        try {
            for (SequenceWriter w : List.of(success, failed, unprocessed)) {
                w.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot finish outcome files in " + dir, e);
        }
    }
}
