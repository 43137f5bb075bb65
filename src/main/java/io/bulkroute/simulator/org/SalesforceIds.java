package io.bulkroute.simulator.org;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Record ids shaped like Salesforce's: a 3-character key prefix, instance and reserved characters,
 * a base-62 sequence, and the 3-character case-safe suffix that turns a 15-character id into 18.
 */
public final class SalesforceIds {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private final AtomicLong sequence = new AtomicLong(1);

    public String next(String keyPrefix) {
        long n = sequence.getAndIncrement();
        char[] seq = new char[9];
        for (int i = 8; i >= 0; i--) {
            seq[i] = BASE62.charAt((int) (n % 62));
            n /= 62;
        }
        return withSuffix(keyPrefix + "Dm0" + new String(seq));
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
