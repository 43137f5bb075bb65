package io.bulkroute.outcome;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The two {@code sf__} values of each joined result, appended to a file as they come (in result order) and read back
 * by offset through a memory map (in row order): millions of ids and errors, none of them on the heap.
 */
final class SpillFile implements AutoCloseable {
    private static final int SEGMENT = 1 << 30;
    private final Path file;
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int used;
    private long written;
    private MappedByteBuffer[] segments;
    private byte[] first = new byte[64];
    private int firstLength;
    private byte[] second = new byte[256];
    private int secondLength;
    /** Where touched bytes go, so that the compiler cannot drop the reads. */
    private long sink;

    SpillFile(Path file) throws IOException {
        this.file = file;
        this.out = Files.newOutputStream(file);
    }

    /** Appends two values; returns where they start. */
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

    /** Ends the writing: from now on the values are read. */
    void finish() throws IOException {
        flush();
        out.close();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            segments = new MappedByteBuffer[(int) ((size + SEGMENT - 1) / SEGMENT)];
            for (int s = 0; s < segments.length; s++) {
                segments[s] = channel.map(FileChannel.MapMode.READ_ONLY, (long) s * SEGMENT, Math.min(SEGMENT, size - (long) s * SEGMENT));
            }
        }
    }

    /** Reads the two values appended at {@code offset} into {@link #first()} and {@link #second()}. */
    void read(long offset) {
        long at = offset;
        int n = (int) varint(at);
        at += varintLength(n);
        first = fit(first, n);
        copy(at, first, n);
        firstLength = n;
        at += n;
        n = (int) varint(at);
        at += varintLength(n);
        second = fit(second, n);
        copy(at, second, n);
        secondLength = n;
    }

    /** Reads the first byte of the values at {@code offset}, to have it in the cache by the time they are read. */
    void touch(long offset) {
        sink += byteAt(offset);
    }

    byte[] first() {
        return first;
    }

    int firstLength() {
        return firstLength;
    }

    byte[] second() {
        return second;
    }

    int secondLength() {
        return secondLength;
    }

    private long varint(long at) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int b = byteAt(at++);
            v |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return v;
            }
        }
    }

    private static int varintLength(int v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private int byteAt(long at) {
        return segments[(int) (at / SEGMENT)].get((int) (at % SEGMENT)) & 0xFF;
    }

    private void copy(long at, byte[] to, int n) {
        int s = (int) (at / SEGMENT);
        int index = (int) (at % SEGMENT);
        if (index + n <= segments[s].limit()) {
            segments[s].get(index, to, 0, n);
        } else {
            for (int i = 0; i < n; i++) {
                to[i] = (byte) byteAt(at + i);
            }
        }
    }

    private static byte[] fit(byte[] buffer, int n) {
        return buffer.length >= n ? buffer : Arrays.copyOf(buffer, Math.max(n, buffer.length * 2));
    }

    @Override
    public void close() throws IOException {
        out.close();
        MappedByteBuffer[] unmapped = segments;
        segments = null;
        if (unmapped != null) {
            Unmap.now(unmapped);
        }
        Files.deleteIfExists(file);
    }
}
