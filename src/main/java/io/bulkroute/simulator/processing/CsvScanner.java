package io.bulkroute.simulator.processing;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte-level CSV reader that splits rows exactly as {@link CsvFormat#rows} (Jackson, with empty
 * lines skipped) does, several times faster and without turning the values it is not asked for
 * into strings. It reads only what it is sure of: well-formed UTF-8 CSV. Anything else (a missing
 * closing quote, text after a closing quote, bytes that are not UTF-8, an unusual start of file)
 * makes it answer {@link #UNSURE}, and the batch is then read by Jackson, whose verdict and error
 * messages stay the reference.
 *
 * <p>Jackson's rules it follows: spaces at the start of a row and empty lines are skipped; a value
 * is quoted only when a quote is its first character; inside quotes a doubled quote is a quote and
 * line breaks are kept; after a closing quote only characters up to U+0020 may come before the
 * separator or the end of the line; {@code \r}, {@code \n} and {@code \r\n} end a row; nothing is trimmed.
 */
final class CsvScanner implements AutoCloseable {
    /** {@link #nextRow} when the input has no more rows. */
    static final int END = -1;
    /** {@link #nextRow} when the input is not plain well-formed UTF-8 CSV: let Jackson read it. */
    static final int UNSURE = -2;

    private static final byte QUOTE = '"';
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte SPACE = ' ';
    // eight bytes at a time: a byte is found in a word by the "has a zero byte" test on word ^ pattern
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long CRS = ONES * CR;
    private static final long LFS = ONES * LF;
    private static final long QUOTES = ONES * QUOTE;

    private final InputStream in;
    private final byte separator;
    /** The separator in each of eight bytes. */
    private final long separators;
    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;

    // the current row: value i is buf[start[i], end[i]), with doubled quotes when quoted[i]
    private int width;
    private int[] start = new int[32];
    private int[] end = new int[32];
    private boolean[] quoted = new boolean[32];
    private boolean[] nonAscii = new boolean[32];
    private int rowStart;
    /** Where the value being read starts (moved with the buffer like every position). */
    private int valueStart;
    /** Whether the value being read has a byte of 0x80 or more (set by the find methods). */
    private boolean high;

    CsvScanner(InputStream in, char separator) {
        this(in, separator, 256 * 1024);
    }

    /** With a buffer of {@code bufferSize} bytes to start with (it grows to hold the longest row). */
    CsvScanner(InputStream in, char separator, int bufferSize) {
        if (!supports(separator)) {
            throw new IllegalArgumentException("Unsupported separator " + (int) separator);
        }
        this.in = in;
        this.separator = (byte) separator;
        this.separators = ONES * separator;
        this.buf = new byte[Math.max(4, bufferSize)];
    }

    /** Whether this scanner can read files with {@code separator}. */
    static boolean supports(char separator) {
        return separator <= 0x7F && separator != '"' && separator != '\r' && separator != '\n' && separator != ' ';
    }

    /**
     * Reads the next row: its number of values, {@link #END}, or {@link #UNSURE}. Value bytes are
     * checked to be UTF-8 when {@code checkUtf8} is set.
     */
    int nextRow(boolean checkUtf8) throws IOException {
        if (!started) {
            started = true;
            if (!fill(4)) {
                return limit == 0 ? END : UNSURE;
            }
            // Jackson sniffs the encoding (byte order marks, UTF-16 and UTF-32 zero bytes) from these
            if ((buf[0] & 0xFF) == 0xEF || (buf[0] & 0xFF) == 0xFE || (buf[0] & 0xFF) == 0xFF
                    || buf[0] == 0 || buf[1] == 0 || buf[2] == 0 || buf[3] == 0) {
                return UNSURE;
            }
        }
        // skip empty lines and the spaces that start a row (the previous row need not be kept meanwhile)
        rowStart = pos;
        width = 0;
        while (true) {
            if (pos >= limit && !fill(1)) {
                return END;
            }
            byte b = buf[pos];
            if (b == CR || b == LF || b == SPACE) {
                pos++;
            } else {
                break;
            }
        }
        rowStart = pos;
        width = 0;
        while (true) {
            // at the start of a value
            if (pos >= limit && !fill(1)) {
                add(pos, pos, false, false);
                return checked(checkUtf8);
            }
            byte b = buf[pos];
            if (b == QUOTE) {
                valueStart = ++pos;
                boolean doubled = false;
                high = false;
                while (true) {
                    if (pos >= limit && !fill(1)) {
                        return UNSURE; // missing closing quote
                    }
                    pos = findQuote(buf, pos, limit);
                    if (pos == limit) {
                        continue;
                    }
                    pos++;
                    if (pos >= limit && !fill(1)) {
                        break;
                    }
                    if (buf[pos] == QUOTE) {
                        pos++;
                        doubled = true;
                        continue;
                    }
                    break;
                }
                add(valueStart, pos - 1, doubled, high);
                // after the closing quote: blanks, then the separator or the end of the line
                while (true) {
                    if (pos >= limit && !fill(1)) {
                        return checked(checkUtf8);
                    }
                    byte c = buf[pos++];
                    if (c == separator) {
                        break;
                    }
                    if (c == CR || c == LF) {
                        endOfLine(c);
                        return checked(checkUtf8);
                    }
                    if ((c & 0xFF) > 0x20) {
                        return UNSURE; // text after a closing quote
                    }
                }
                continue;
            }
            valueStart = pos;
            high = false;
            while (true) {
                if (pos >= limit && !fill(1)) {
                    add(valueStart, pos, false, high);
                    return checked(checkUtf8);
                }
                pos = findEnd(buf, pos, limit);
                if (pos == limit) {
                    continue;
                }
                byte c = buf[pos];
                add(valueStart, pos, false, high);
                pos++;
                if (c == separator) {
                    break;
                }
                endOfLine(c);
                return checked(checkUtf8);
            }
        }
    }

    /**
     * The first separator, {@code \r} or {@code \n} in {@code b[from, to)}, or {@code to}; notes in
     * {@link #high} a byte of 0x80 or more before it.
     */
    private int findEnd(byte[] b, int from, int to) {
        int i = from;
        long highs = 0;
        while (i + 8 <= to) {
            long w = (long) WORD.get(b, i);
            long found = zeroBytes(w ^ separators) | zeroBytes(w ^ CRS) | zeroBytes(w ^ LFS);
            if (found != 0) {
                int bit = Long.numberOfTrailingZeros(found);
                if ((highs | (w & HIGHS & ((1L << bit) - 1))) != 0) {
                    high = true;
                }
                return i + (bit >>> 3);
            }
            highs |= w & HIGHS;
            i += 8;
        }
        if (highs != 0) {
            high = true;
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == separator || c == CR || c == LF) {
                return i;
            }
            if (c < 0) {
                high = true;
            }
        }
        return to;
    }

    /** The first quote in {@code b[from, to)}, or {@code to}; notes in {@link #high} a byte of 0x80 or more before it. */
    private int findQuote(byte[] b, int from, int to) {
        int i = from;
        long highs = 0;
        while (i + 8 <= to) {
            long w = (long) WORD.get(b, i);
            long found = zeroBytes(w ^ QUOTES);
            if (found != 0) {
                int bit = Long.numberOfTrailingZeros(found);
                if ((highs | (w & HIGHS & ((1L << bit) - 1))) != 0) {
                    high = true;
                }
                return i + (bit >>> 3);
            }
            highs |= w & HIGHS;
            i += 8;
        }
        if (highs != 0) {
            high = true;
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == QUOTE) {
                return i;
            }
            if (c < 0) {
                high = true;
            }
        }
        return to;
    }

    /**
     * The high bit of each byte of {@code x} that is zero. Exact for the lowest such byte (a borrow
     * can only mark bytes above a zero byte), which is all the find methods use.
     */
    private static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /** The number of values of the current row. */
    int width() {
        return width;
    }

    /** Value {@code i} of the current row. */
    String value(int i) {
        int s = start[i];
        int e = end[i];
        if (!quoted[i]) {
            return nonAscii[i] ? new String(buf, s, e - s, StandardCharsets.UTF_8)
                    : new String(buf, s, e - s, StandardCharsets.ISO_8859_1);
        }
        byte[] unquoted = new byte[e - s];
        int n = 0;
        for (int j = s; j < e; j++) {
            byte c = buf[j];
            unquoted[n++] = c;
            if (c == QUOTE) {
                j++; // the second quote of a doubled one
            }
        }
        return new String(unquoted, 0, n, nonAscii[i] ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    /** All values of the current row. */
    String[] row() {
        String[] row = new String[width];
        for (int i = 0; i < width; i++) {
            row[i] = value(i);
        }
        return row;
    }

    private int checked(boolean checkUtf8) {
        if (checkUtf8) {
            for (int i = 0; i < width; i++) {
                if (nonAscii[i] && !Utf8.isWellFormed(buf, start[i], end[i])) {
                    return UNSURE;
                }
            }
        }
        return width;
    }

    /** Consumes the {@code \n} of a {@code \r\n}. */
    private void endOfLine(byte c) throws IOException {
        if (c == CR && (pos < limit || fill(1)) && buf[pos] == LF) {
            pos++;
        }
    }

    private void add(int s, int e, boolean doubled, boolean high) {
        if (width == start.length) {
            int n = width * 2;
            start = Arrays.copyOf(start, n);
            end = Arrays.copyOf(end, n);
            quoted = Arrays.copyOf(quoted, n);
            nonAscii = Arrays.copyOf(nonAscii, n);
        }
        start[width] = s;
        end[width] = e;
        quoted[width] = doubled;
        nonAscii[width] = high;
        width++;
    }

    /**
     * Makes at least {@code n} bytes available from {@code pos}, keeping the current row in the
     * buffer (moved to its start, or in a bigger buffer); false when the input ends first.
     */
    private boolean fill(int n) throws IOException {
        while (limit - pos < n) {
            if (eof) {
                return false;
            }
            if (limit == buf.length) {
                int keep = rowStart;
                if (keep > 0) {
                    System.arraycopy(buf, keep, buf, 0, limit - keep);
                    for (int i = 0; i < width; i++) {
                        start[i] -= keep;
                        end[i] -= keep;
                    }
                    pos -= keep;
                    limit -= keep;
                    rowStart -= keep;
                    valueStart -= keep;
                } else {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
            }
            int read = in.read(buf, limit, buf.length - limit);
            if (read < 0) {
                eof = true;
            } else {
                limit += read;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
