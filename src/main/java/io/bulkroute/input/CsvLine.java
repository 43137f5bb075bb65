package io.bulkroute.input;

import java.nio.charset.StandardCharsets;

/**
 * Writes one CSV row for Salesforce: values quoted only when they must be, LF line endings.
 * Byte-exact and cheap, because the batcher must know each row's size before it joins a batch.
 */
public final class CsvLine {
    private CsvLine() {
    }

    /** Bytes of {@code s} in UTF-8, without encoding it. */
    public static int utf8Length(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    public static byte[] encode(String[] values) {
        StringBuilder out = new StringBuilder(values.length * 16);
        append(out, values);
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    public static void append(StringBuilder out, String[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            String v = values[i] == null ? "" : values[i];
            if (needsQuotes(v)) {
                out.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                out.append(v);
            }
        }
    }

    /**
     * Appends the UTF-8 value {@code value[start, end)} to {@code line} at {@code at} as {@link #append} writes it;
     * {@code line} has room for it quoted with every byte a quote.
     * @return where the line ends now
     */
    public static int append(byte[] line, int at, byte[] value, int start, int end) {
        if (!needsQuotes(value, start, end)) {
            System.arraycopy(value, start, line, at, end - start);
            return at + end - start;
        }
        return quote(line, at, value, start, end);
    }

    /** Appends the value quoted, its quotes doubled; {@code line} has room for it with every byte a quote. */
    public static int quote(byte[] line, int at, byte[] value, int start, int end) {
        line[at++] = '"';
        for (int i = start; i < end; i++) {
            byte c = value[i];
            if (c == '"') {
                line[at++] = '"';
            }
            line[at++] = c;
        }
        line[at++] = '"';
        return at;
    }

    /** As for a String: no byte of a multi-byte UTF-8 character is a space, comma, quote, CR or LF. */
    private static boolean needsQuotes(byte[] v, int start, int end) {
        if (start == end) {
            return false;
        }
        if (v[start] == ' ' || v[end - 1] == ' ') {
            return true;
        }
        for (int i = start; i < end; i++) {
            byte c = v[i];
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    private static boolean needsQuotes(String v) {
        if (v.isEmpty()) {
            return false;
        }
        if (v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' ') {
            return true;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
