package io.bulkroute.outcome;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    /** The CSV writers above, the streams and files under them, in the same order: parts are copied into the files. */
    private final List<SequenceWriter> writers = new ArrayList<>();
    private final List<OutputStream> files = new ArrayList<>();
    private final List<FileChannel> channels = new ArrayList<>();
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
        FileChannel channel = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream file = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        channels.add(channel);
        files.add(file);
        Writer out = new OutputStreamWriter(file, StandardCharsets.UTF_8);
        // Jackson flushes after each value by default: a system call a row, most of a 1.0 join's time
        SequenceWriter w = CsvRows.MAPPER.writerFor(String[].class).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                .with(CsvSchema.emptySchema().withLineSeparator("\n")).writeValues(out);
        w.write(columns);
        writers.add(w);
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

    /** Appends outcome rows joined apart (files without header, as the joins write them) and counted as written. */
    public synchronized void appendParts(Path success, Path failed, Path unprocessed, long[] counts) {
        open();
        copy(success, 0);
        copy(failed, 1);
        copy(unprocessed, 2);
        succeededCount += counts[0];
        failedCount += counts[1];
        unprocessedCount += counts[2];
    }

    /**
     * The part is CSV as this class writes it (UTF-8, as the same mapper writes it), so it is copied as bytes rather
     * than parsed and written again, which took longer than the join itself; by the file system where it can, after
     * what the writer holds.
     */
    private void copy(Path part, int file) {
        if (!Files.exists(part)) {
            return;
        }
        try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
            // the writer holds encoded text, the stream under it bytes: both go out before the part's bytes
            writers.get(file).flush();
            files.get(file).flush();
            FileChannel to = channels.get(file);
            long size = in.size();
            for (long done = 0; done < size; ) {
                done += in.transferTo(done, size - done, to);
            }
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
