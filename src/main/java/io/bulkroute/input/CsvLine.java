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
