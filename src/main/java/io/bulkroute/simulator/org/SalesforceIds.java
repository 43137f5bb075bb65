package io.bulkroute.simulator.org;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Record ids shaped like Salesforce's: a 3-character key prefix, instance and reserved characters,
 * a base-62 sequence, and the 3-character case-safe suffix that turns a 15-character id into 18.
 */
public final class SalesforceIds {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    /** The instance and reserved characters of every id this org hands out. */
    private static final String INSTANCE = "Dm0";
    private static final int SEQUENCE_DIGITS = 9;
    private final AtomicLong sequence = new AtomicLong(1);

    public String next(String keyPrefix) {
        return format(keyPrefix, nextSequence());
    }

    /** The next number of the org's id sequence (shared by every object, job and batch): always 1 or more. */
    long nextSequence() {
        return sequence.getAndIncrement();
    }

    /** The id {@link #next} hands out for {@code sequence}: {@code prefix + "Dm0" + 9 base-62 digits + suffix}. */
    static String format(String keyPrefix, long sequence) {
        if (keyPrefix.length() != 3 || keyPrefix.charAt(0) > 0x7F || keyPrefix.charAt(1) > 0x7F
                || keyPrefix.charAt(2) > 0x7F) {
            return withSuffix(keyPrefix + INSTANCE + digits(sequence));
        }
        byte[] id = new byte[18];
        for (int i = 0; i < 3; i++) {
            id[i] = (byte) keyPrefix.charAt(i);
        }
        id[3] = 'D';
        id[4] = 'm';
        id[5] = '0';
        long n = sequence;
        for (int i = 14; i >= 6; i--) {
            id[i] = (byte) BASE62.charAt((int) (n % 62));
            n /= 62;
        }
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                byte c = id[chunk * 5 + i];
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            id[15 + chunk] = (byte) SUFFIX_CHARS.charAt(bits);
        }
        return new String(id, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * The sequence number of an id this org handed out with {@code keyPrefix}, exactly as {@link #format}
     * writes it (18 characters, right suffix); -1 for any other string.
     */
    static long sequenceOf(String id, String keyPrefix) {
        if (id == null || id.length() != 18 || !id.startsWith(keyPrefix) || keyPrefix.length() != 3
                || !id.startsWith(INSTANCE, 3)) {
            return -1;
        }
        long n = 0;
        for (int i = 6; i < 15; i++) {
            int d = digit(id.charAt(i));
            if (d < 0) {
                return -1;
            }
            n = n * 62 + d;
        }
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            if (id.charAt(15 + chunk) != SUFFIX_CHARS.charAt(bits)) {
                return -1;
            }
        }
        return n;
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 36;
        }
        return -1;
    }

    private static String digits(long sequence) {
        char[] seq = new char[SEQUENCE_DIGITS];
        long n = sequence;
        for (int i = SEQUENCE_DIGITS - 1; i >= 0; i--) {
            seq[i] = BASE62.charAt((int) (n % 62));
            n /= 62;
        }
        return new String(seq);
    }

    /** The 18-character form of a 15- or 18-character id, or null when it is not an id. */
    public static String normalize(String id) {
        if (id == null) {
            return null;
        }
        String trimmed = id.trim();
        if (trimmed.length() == 18 && isBase62(trimmed.substring(0, 15))) {
            String canonical = withSuffix(trimmed.substring(0, 15));
            return canonical.equalsIgnoreCase(trimmed) ? canonical : null;
        }
        if (trimmed.length() == 15 && isBase62(trimmed)) {
            return withSuffix(trimmed);
        }
        return null;
    }

    static String withSuffix(String id15) {
        StringBuilder out = new StringBuilder(18).append(id15);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            out.append(SUFFIX_CHARS.charAt(bits));
        }
        return out.toString();
    }

    private static boolean isBase62(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (BASE62.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
