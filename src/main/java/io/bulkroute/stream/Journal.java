package io.bulkroute.stream;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Deque;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.input.CsvLine;

/**
 * The records of one batch of a record stream as they arrive, one JSON line each, appended to a file before their
 * messages are acknowledged. Durability is a group commit: whoever needs a record on disk forces the file once
 * for everything appended so far, so concurrent consumers share one fsync, and a Kafka poll needs one for all its records.
 */
final class Journal {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final boolean fsync;
    private final FileChannel channel;
    private final OutputStream out;
    private final Object syncLock = new Object();
    private long appended;
    private volatile long synced;
    private boolean closed;

    Journal(Path file, boolean fsync) {
        this.file = file;
        this.fsync = fsync;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the stream journal " + file, e);
        }
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    }

    Path file() {
        return file;
    }

    /** Appends one line (ending in a newline); returns its sequence number, for {@link #sync(long)}. */
    synchronized long append(byte[] line) {
        if (closed) {
            throw new IllegalStateException("The stream journal " + file + " is sealed");
        }
        try {
            out.write(line);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the stream journal " + file, e);
        }
        return ++appended;
    }

    synchronized long appended() {
        return appended;
    }

    /** Returns once the line numbered {@code seq} (and every one before it) is on disk. */
    void sync(long seq) {
        if (synced >= seq) {
            return;
        }
        synchronized (syncLock) {
            if (synced >= seq) {
                return;
            }
            long upTo;
            synchronized (this) {
                upTo = appended;
                if (closed) {
                    synced = upTo;
                    return;
                }
                try {
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot write the stream journal " + file, e);
                }
            }
            // outside the append lock: records go on being appended while the disk catches up
            force();
            synced = upTo;
        }
    }

    /** No more records: everything appended is on disk and the file is closed. */
    void seal() {
        synchronized (syncLock) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                try {
                    out.flush();
                    force();
                    out.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot seal the stream journal " + file, e);
                }
                closed = true;
                synced = appended;
            }
        }
    }

    private void force() {
        if (!fsync) {
            return;
        }
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot sync the stream journal " + file, e);
        }
    }

    /**
     * Reads a journal back after a restart, for its records' columns and its messages' keys (the last {@code window});
     * a last line the crash cut short (never synced, so its message was never acknowledged) is cut off.
     * Returns the number of records.
     */
    static int readBack(Path journal, Set<String> columns, Deque<String> keys, int window) {
        int records = 0;
        long good = 0;
        long size;
        try (BufferedReader in = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            size = Files.size(journal);
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    break;
                }
                if (node == null || !node.has("record")) {
                    break;
                }
                node.get("record").fieldNames().forEachRemaining(columns::add);
                JsonNode key = node.get("key");
                if (key != null && !key.isNull()) {
                    keys.addLast(key.asText());
                    if (keys.size() > window) {
                        keys.removeFirst();
                    }
                }
                good += line.getBytes(StandardCharsets.UTF_8).length + 1;
                records++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the stream journal " + journal, e);
        }
        if (good < size) {
            try (FileChannel c = FileChannel.open(journal, StandardOpenOption.WRITE)) {
                c.truncate(good);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot repair the stream journal " + journal, e);
            }
        }
        return records;
    }

    /** A sealed journal's records as CSV with {@code columns} (a record without one of them leaves it empty). */
    static void toCsv(Path journal, Path csv, String[] columns) {
        StringBuilder line = new StringBuilder(256);
        try (BufferedReader in = Files.newBufferedReader(journal, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            CsvLine.append(line, columns);
            out.append(line).append('\n');
            String text;
            String[] row = new String[columns.length];
            while ((text = in.readLine()) != null) {
                JsonNode record = JSON.readTree(text).get("record");
                for (int i = 0; i < columns.length; i++) {
                    JsonNode v = record.get(columns[i]);
                    row[i] = v == null ? "" : v.asText();
                }
                line.setLength(0);
                CsvLine.append(line, row);
                out.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the batch of " + journal, e);
        }
    }
}
