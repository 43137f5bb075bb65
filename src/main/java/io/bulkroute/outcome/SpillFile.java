package io.bulkroute.outcome;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The two {@code sf__} values of each result, appended to a file as the results are read, and read back in the same
 * order as each pass over the claims finds the row a result claims: millions of ids and errors, none of them on the
 * heap, and read through a buffer rather than a memory map, whose pages would count in the process's resident memory.
 * A record is its two values, each after its length as a varint.
 */
final class SpillFile implements AutoCloseable {
    private static final int BUFFER = 1 << 16;
    private final Path file;
    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int used;
    private long written;
    private FileChannel channel;

    SpillFile(Path file) throws IOException {
        this.file = file;
        this.out = Files.newOutputStream(file);
    }

    /** Appends two values; returns where their record starts. */
    long append(byte[] bytes, int firstStart, int firstEnd, int secondStart, int secondEnd) throws IOException {
        long offset = written + used;
        value(bytes, firstStart, firstEnd - firstStart);
        value(bytes, secondStart, secondEnd - secondStart);
        return offset;
    }

    private void value(byte[] bytes, int start, int n) throws IOException {
        for (int v = n; ; v >>>= 7) {
            if (used == buf.length) {
                flush();
            }
            if (v < 0x80) {
                buf[used++] = (byte) v;
                break;
            }
            buf[used++] = (byte) (v | 0x80);
        }
        if (used + n > buf.length) {
            flush();
        }
        if (n > buf.length) {
            out.write(bytes, start, n);
            written += n;
        } else {
            System.arraycopy(bytes, start, buf, used, n);
            used += n;
        }
    }

    private void flush() throws IOException {
        out.write(buf, 0, used);
        written += used;
        used = 0;
    }

    /** Ends the writing: from now on the records are read. */
    void finish() throws IOException {
        flush();
        out.close();
        channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    /** A reader from the first record on, going forward; any number, one at a time. */
    Reader reader() {
        return new Reader();
    }

    /** Reads records by their offsets, each at or after the one before (else it reads the file again from there). */
    final class Reader {
        private ByteBuffer window = ByteBuffer.allocate(BUFFER).limit(0);
        private long windowStart;
        private int start;
        private int length;

        /** Finds the record at {@code offset}: {@link #bytes()} from {@link #start()} for {@link #length()}. */
        void at(long offset) throws IOException {
            int headerAt = fit(offset, 5);
            int first = varint(headerAt);
            int second = fit(offset, varintLength(first) + first + 5) + varintLength(first) + first;
            int total = varintLength(first) + first + varintLength(varint(second)) + varint(second);
            start = fit(offset, total);
            if (start + total > window.limit()) {
                throw new EOFException(file + " ends inside the record at " + offset);
            }
            length = total;
        }

        byte[] bytes() {
            return window.array();
        }

        int start() {
            return start;
        }

        int length() {
            return length;
        }

        /**
         * Where {@code offset} is in the window, having read the file from there if the window does not hold
         * {@code n} bytes from it (fewer if the file ends sooner).
         */
        private int fit(long offset, int n) throws IOException {
            if (offset >= windowStart && offset + n <= windowStart + window.limit()) {
                return (int) (offset - windowStart);
            }
            if (n > window.capacity()) {
                window = ByteBuffer.allocate(Math.max(n, 2 * window.capacity()));
            }
            window.clear();
            long position = offset;
            while (window.hasRemaining()) {
                int read = channel.read(window, position);
                if (read < 0) {
                    break;
                }
                position += read;
            }
            window.flip();
            windowStart = offset;
            return 0;
        }

        private int varint(int at) {
            return SpillFile.varint(window.array(), at, window.limit(), file);
        }
    }

    static int varintLength(int v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** The two values of the record in {@code bytes} at {@code at}: where the first starts, then its end, and so on. */
    static void values(byte[] bytes, int at, int[] bounds) {
        int p = at;
        for (int i = 0; i < 2; i++) {
            int n = varint(bytes, p, bytes.length, null);
            p += varintLength(n);
            bounds[2 * i] = p;
            p += n;
            bounds[2 * i + 1] = p;
        }
    }

    /** The length written as a varint at {@code at}, read no further than {@code limit}. */
    private static int varint(byte[] bytes, int at, int limit, Path file) {
        int v = 0;
        for (int shift = 0; at < limit; shift += 7) {
            int x = bytes[at++];
            v |= (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
        throw new IllegalStateException((file == null ? "a join's file" : file) + ": a record's length is cut off");
    }

    @Override
    public void close() throws IOException {
        out.close();
        if (channel != null) {
            channel.close();
        }
        Files.deleteIfExists(file);
    }
}
