package io.bulkroute.stream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The records of one batch of a record stream as they arrive, one JSON line each, appended to a file before their
 * messages are acknowledged. Durability is a group commit: whoever needs a record on disk forces the file once
 * for everything appended so far, so concurrent consumers share one fsync, and a Kafka poll needs one for all its records.
 */
final class Journal {
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
}
