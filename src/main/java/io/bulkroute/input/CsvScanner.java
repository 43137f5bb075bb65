package io.bulkroute.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads CSV records as raw UTF-8 bytes, each field unquoted into one reused buffer: no String, no array per row.
 * It reads exactly what {@link io.bulkroute.input.CsvRows} (Jackson, default features, blank lines skipped) reads:
 * a byte order mark, blank lines and spaces at the start of a line are skipped, a field is quoted only if its first
 * character is a quote, blanks between a closing quote and the separator are dropped. Whatever Jackson would refuse,
 * or where the two could differ, it does not guess: it throws {@link Unsupported}, and the caller takes the slow path.
 * It counts lines as Jackson does too (LF, CR LF and a lone CR each end one, inside quotes as well), so that errors
 * and batches name the lines {@link CsvRows#line()} would.
 */
public final class CsvScanner implements AutoCloseable {
    /** The input is not CSV that this scanner can promise to read as Jackson does. */
    public static final class Unsupported extends RuntimeException {
        public Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int end;
    private boolean eof;
    private byte[] values = new byte[512];
    private int length;
    private int[] ends = new int[16];
    private int fields;
    /** Line ends read so far; whether the last byte read was a CR, which an LF after it ends the same line with. */
    private long lines;
    private boolean afterCr;
    private long line;

    public CsvScanner(InputStream in) throws IOException {
        this(in, 1 << 16);
    }

    /** With a buffer as small as a test needs to cross its boundaries anywhere. */
    public CsvScanner(InputStream in, int bufferSize) throws IOException {
        this.in = in;
        this.buf = new byte[Math.max(4, bufferSize)]; // room for a byte order mark and what follows it
        fill();
        if (end >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
            pos = 3;
        }
        // Jackson guesses UTF-16 or UTF-32 from NUL bytes or their byte order marks at the start
        for (int i = pos; i < Math.min(end, pos + 4); i++) {
            if (buf[i] == 0 || (buf[i] & 0xFE) == 0xFE) {
                throw new Unsupported("not UTF-8");
            }
        }
    }

    /** Reads the next record; false at the end of the input. */
    public boolean next() throws IOException {
        while (true) {
            if (pos == end && !fill()) {
                return false;
            }
            byte c = buf[pos];
            if (c == '\n') {
                lineEnd(false);
            } else if (c == '\r') {
                lineEnd(true);
            } else if (c == ' ') {
                afterCr = false;
            } else {
                break;
            }
            pos++;
        }
        afterCr = false;
        line = lines + 1;
        length = 0;
        fields = 0;
        while (true) {
            int terminator;
            if (pos == end && !fill()) {
                terminator = -1; // the input ends just after a separator: one more empty field
            } else if (buf[pos] == '"') {
                pos++;
                terminator = quoted();
            } else {
                terminator = unquoted();
            }
            endField();
            if (terminator == ',') {
                continue;
            }
            if (terminator == '\n' || terminator == '\r') {
                lines++;
            }
            if (terminator == '\r' && (pos < end || fill()) && buf[pos] == '\n') {
                pos++;
            }
            return true;
        }
    }

    /** Number of fields of the current record. */
    public int fields() {
        return fields;
    }

    /** The buffer holding the current record's fields one after another. */
    public byte[] bytes() {
        return values;
    }

    public int start(int field) {
        return field == 0 ? 0 : ends[field - 1];
    }

    public int end(int field) {
        return ends[field];
    }

    public int[] ends() {
        return ends;
    }

    /** The line the current record starts on (1-based), as {@link CsvRows#line()} tells it. */
    public long line() {
        return line;
    }

    /** The field's bytes as text. */
    public String text(int field) {
        return new String(values, start(field), end(field) - start(field), StandardCharsets.UTF_8);
    }

    /** The current record's fields as text: for a header, not for every row. */
    public String[] texts() {
        String[] texts = new String[fields];
        for (int i = 0; i < fields; i++) {
            texts[i] = text(i);
        }
        return texts;
    }

    private void lineEnd(boolean cr) {
        if (cr || !afterCr) {
            lines++;
        }
        afterCr = cr;
    }

    private int unquoted() throws IOException {
        while (true) {
            int p = pos;
            final byte[] b = buf;
            final int e = end;
            while (p < e) {
                byte c = b[p];
                if (c == ',' || c == '\n' || c == '\r') {
                    append(b, pos, p - pos);
                    pos = p + 1;
                    return c;
                }
                p++;
            }
            append(b, pos, p - pos);
            pos = p;
            if (!fill()) {
                return -1;
            }
        }
    }

    private int quoted() throws IOException {
        while (true) {
            int p = pos;
            byte c;
            while (p < end && (c = buf[p]) != '"') {
                if (c == '\n' || c == '\r') {
                    lineEnd(c == '\r');
                } else {
                    afterCr = false;
                }
                p++;
            }
            if (p < end) {
                afterCr = false; // the quote is read next
            }
            append(buf, pos, p - pos);
            pos = p;
            if (p == end) {
                if (!fill()) {
                    throw new Unsupported("missing closing quote");
                }
                continue;
            }
            pos++;
            if (pos == end && !fill()) {
                return -1;
            }
            if (buf[pos] == '"') {
                append(buf, pos, 1);
                pos++;
                continue;
            }
            return afterQuote();
        }
    }

    /** Jackson drops blanks (any character up to space but CR and LF) between a closing quote and what ends the field. */
    private int afterQuote() throws IOException {
        while (pos < end || fill()) {
            byte c = buf[pos++];
            if (c == ',' || c == '\n' || c == '\r') {
                return c;
            }
            if (c < 0 || c > ' ') {
                throw new Unsupported("characters after a closing quote");
            }
        }
        return -1;
    }

    private void append(byte[] from, int offset, int n) {
        if (n == 0) {
            return;
        }
        if (length + n > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, length + n));
        }
        System.arraycopy(from, offset, values, length, n);
        length += n;
    }

    private void endField() {
        if (fields == ends.length) {
            ends = Arrays.copyOf(ends, fields * 2);
        }
        ends[fields++] = length;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.readNBytes(buf, 0, buf.length);
        pos = 0;
        end = n;
        if (n < buf.length) {
            eof = true;
        }
        return n > 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
