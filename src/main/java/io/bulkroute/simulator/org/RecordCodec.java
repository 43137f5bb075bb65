package io.bulkroute.simulator.org;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A record's values packed into bytes, so that a million stored records are a few large arrays
 * rather than ten million strings: far less heap, and next to nothing for the garbage collector
 * to copy while a load runs. Every value round-trips exactly, null included.
 *
 * <p>Each value is a tag then its characters: tag 0 is null; otherwise {@code tag - 1} is
 * {@code length << 1 | wide}, as a base-128 varint, followed by {@code length} bytes (every
 * character below 256) or {@code 2 * length} bytes (UTF-16, big-endian). A record is its values
 * in schema order; it knows its own end, so records lie back to back.
 */
final class RecordCodec {
    private byte[] scratch = new byte[256];

    /**
     * Packs {@code values} into {@link #packed()}, returning how many bytes they took; not thread-safe
     * (one codec per table, used under the table's lock).
     */
    int encode(String[] values) {
        int at = 0;
        for (String v : values) {
            if (v == null) {
                at = ensure(at, 1);
                scratch[at++] = 0;
                continue;
            }
            int n = v.length();
            boolean wide = false;
            for (int i = 0; i < n; i++) {
                if (v.charAt(i) > 0xFF) {
                    wide = true;
                    break;
                }
            }
            long tag = (((long) n << 1) | (wide ? 1 : 0)) + 1;
            at = ensure(at, 10 + (wide ? 2 * n : n));
            while (tag >= 0x80) {
                scratch[at++] = (byte) (tag | 0x80);
                tag >>>= 7;
            }
            scratch[at++] = (byte) tag;
            if (wide) {
                for (int i = 0; i < n; i++) {
                    char c = v.charAt(i);
                    scratch[at++] = (byte) (c >>> 8);
                    scratch[at++] = (byte) c;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    scratch[at++] = (byte) v.charAt(i);
                }
            }
        }
        return at;
    }

    /** The bytes of the last {@link #encode}, from 0. */
    byte[] packed() {
        return scratch;
    }

    private int ensure(int at, int more) {
        if (at + more > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, at + more));
        }
        return at;
    }

    /** The {@code fields} values of the record at {@code at}. */
    static String[] decode(byte[] buf, int at, int fields) {
        String[] values = new String[fields];
        for (int f = 0; f < fields; f++) {
            values[f] = read(buf, at);
            at = skip(buf, at);
        }
        return values;
    }

    /** The value of one field of the record at {@code at}, or null. */
    static String value(byte[] buf, int at, int field) {
        return read(buf, offsetOf(buf, at, field));
    }

    /** Whether field {@code field} of the record at {@code at} holds exactly {@code value} (which is not null). */
    static boolean valueEquals(byte[] buf, int at, int field, String value) {
        at = offsetOf(buf, at, field);
        long tag = 0;
        int shift = 0;
        byte b;
        do {
            b = buf[at++];
            tag |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        if (tag == 0) {
            return false;
        }
        tag--;
        int n = (int) (tag >>> 1);
        if (n != value.length()) {
            return false;
        }
        if ((tag & 1) == 0) {
            for (int i = 0; i < n; i++) {
                if ((buf[at + i] & 0xFF) != value.charAt(i)) {
                    return false;
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                char c = (char) (((buf[at + 2 * i] & 0xFF) << 8) | (buf[at + 2 * i + 1] & 0xFF));
                if (c != value.charAt(i)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The value whose tag starts at {@code at}. */
    private static String read(byte[] buf, int at) {
        long tag = 0;
        int shift = 0;
        byte b;
        do {
            b = buf[at++];
            tag |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        if (tag == 0) {
            return null;
        }
        tag--;
        int n = (int) (tag >>> 1);
        if ((tag & 1) == 0) {
            return new String(buf, at, n, StandardCharsets.ISO_8859_1);
        }
        char[] chars = new char[n];
        for (int i = 0; i < n; i++) {
            chars[i] = (char) (((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF));
            at += 2;
        }
        return new String(chars);
    }

    /** Where the value after the one whose tag starts at {@code at} starts. */
    private static int skip(byte[] buf, int at) {
        long tag = 0;
        int shift = 0;
        byte b;
        do {
            b = buf[at++];
            tag |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        if (tag != 0) {
            tag--;
            int n = (int) (tag >>> 1);
            at += (tag & 1) == 0 ? n : 2 * n;
        }
        return at;
    }

    /** Where the tag of field {@code field} of the record at {@code at} starts. */
    private static int offsetOf(byte[] buf, int at, int field) {
        for (int f = 0; f < field; f++) {
            at = skip(buf, at);
        }
        return at;
    }
}
