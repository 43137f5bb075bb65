package io.bulkroute.outcome;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Records of a long, an int and, if {@code wide}, a second long, appended to a file once and then read from the start
 * as many times as the join has partitions: the hashes a partitioned join would otherwise parse its CSV again for.
 */
final class RecordFile implements AutoCloseable {
    /** Records a buffer holds: whole records only, so that a record never straddles two reads. */
    private static final int BUFFERED = 4096;
    private final Path file;
    private final int size;
    private final FileChannel channel;
    private final ByteBuffer buf;
    private long records;

    RecordFile(Path file, boolean wide) throws IOException {
        this.file = file;
        this.size = wide ? 20 : 12;
        this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.buf = ByteBuffer.allocate(BUFFERED * size).order(ByteOrder.nativeOrder());
    }

    void append(long a, int b) throws IOException {
        append(a, b, 0);
    }

    void append(long a, int b, long c) throws IOException {
        if (!buf.hasRemaining()) {
            flush();
        }
        buf.putLong(a).putInt(b);
        if (size == 20) {
            buf.putLong(c);
        }
        records++;
    }

    long records() {
        return records;
    }

    /** Ends the writing: what was appended may now be read. */
    void finish() throws IOException {
        flush();
    }

    private void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        buf.clear();
    }

    /** Reads the records from the first; one reader at a time, sharing this file's buffer. */
    Reader read() throws IOException {
        channel.position(0);
        buf.clear().limit(0);
        return new Reader();
    }

    final class Reader {
        private long left = records;
        private long a;
        private int b;
        private long c;

        boolean next() throws IOException {
            if (left == 0) {
                return false;
            }
            if (!buf.hasRemaining()) {
                fill();
            }
            a = buf.getLong();
            b = buf.getInt();
            if (size == 20) {
                c = buf.getLong();
            }
            left--;
            return true;
        }

        private void fill() throws IOException {
            buf.clear().limit((int) Math.min(buf.capacity(), left * size));
            while (buf.hasRemaining()) {
                if (channel.read(buf) < 0) {
                    throw new EOFException(file + " ends before its records");
                }
            }
            buf.flip();
        }

        long a() {
            return a;
        }

        int b() {
            return b;
        }

        long c() {
            return c;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }
}
