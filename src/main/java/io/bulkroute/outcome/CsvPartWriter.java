package io.bulkroute.outcome;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.bulkroute.input.CsvLine;

/**
 * Writes CSV rows from UTF-8 bytes, byte for byte as {@link io.bulkroute.input.CsvRows#MAPPER}'s writer does with
 * its default features and LF line ends, which is what the outcome parts have always been: Jackson quotes a value
 * longer than 24 characters, or holding a character below {@code '-'} (space, comma, quote, CR, LF...) or a
 * backslash, and doubles its quotes; it leaves an empty value empty.
 */
final class CsvPartWriter implements AutoCloseable {
    private static final int MAX_UNCHECKED = 24;
    private static final int MIN_SAFE = '-';
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int used;
    private boolean rowStarted;

    CsvPartWriter(Path file) throws IOException {
        this.out = Files.newOutputStream(file);
    }

    void value(byte[] bytes, int start, int end) throws IOException {
        int n = end - start;
        if (used + 2 * n + 3 > buf.length) {
            flush();
            if (2 * n + 3 > buf.length) {
                longValue(bytes, start, end);
                return;
            }
        }
        byte[] b = buf;
        int u = used;
        if (rowStarted) {
            b[u++] = ',';
        }
        rowStarted = true;
        if (!needsQuotes(bytes, start, end)) {
            System.arraycopy(bytes, start, b, u, n);
            used = u + n;
            return;
        }
        used = CsvLine.quote(b, u, bytes, start, end);
    }

    void endRow() throws IOException {
        if (used == buf.length) {
            flush();
        }
        buf[used++] = '\n';
        rowStarted = false;
    }

    /** A value that may not fit in the buffer even once doubled: written through a byte at a time. */
    private void longValue(byte[] bytes, int start, int end) throws IOException {
        if (rowStarted) {
            put((byte) ',');
        }
        rowStarted = true;
        boolean quote = needsQuotes(bytes, start, end);
        if (quote) {
            put((byte) '"');
        }
        for (int i = start; i < end; i++) {
            if (quote && bytes[i] == '"') {
                put((byte) '"');
            }
            put(bytes[i]);
        }
        if (quote) {
            put((byte) '"');
        }
    }

    private void put(byte c) throws IOException {
        if (used == buf.length) {
            flush();
        }
        buf[used++] = c;
    }

    /** Jackson's loose check: on UTF-16 characters, so a 4-byte UTF-8 character counts as two. */
    static boolean needsQuotes(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            int c = bytes[i];
            if ((c >= 0 && c < MIN_SAFE) || c == '\\') {
                return true;
            }
        }
        return end - start > MAX_UNCHECKED && chars(bytes, start, end) > MAX_UNCHECKED;
    }

    private static int chars(byte[] bytes, int start, int end) {
        int n = 0;
        for (int i = start; i < end; i++) {
            int c = bytes[i] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                n += c >= 0xF0 ? 2 : 1;
            }
        }
        return n;
    }

    private void flush() throws IOException {
        out.write(buf, 0, used);
        used = 0;
    }

    @Override
    public void close() throws IOException {
        try (out) {
            flush();
        }
    }
}
