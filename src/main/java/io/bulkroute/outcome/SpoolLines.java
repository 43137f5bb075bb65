package io.bulkroute.outcome;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * At least the number of rows in a spool, header included, if it is CSV as the batcher writes it (any value with a
 * quote in it quoted): a quick pass, eight bytes at a time where no quote is, so that the 2.0 join's index is
 * allocated, and its memory reserved, once and at its size. A spool with more rows than that fills the index up,
 * and the join falls back to buckets.
 */
final class SpoolLines {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long QUOTES = 0x2222222222222222L;
    private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;

    private SpoolLines() {
    }

    /** Line ends outside quotes, plus one for a last line without one. */
    static int count(Path spool) throws IOException {
        long lines = 1;
        boolean quoted = false;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(spool)) {
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                int i = 0;
                for (; i + 8 <= n; i += 8) {
                    long word = (long) LONGS.get(buf, i);
                    if (bytesEqual(word, QUOTES) == 0) {
                        lines += quoted ? 0 : Long.bitCount(bytesEqual(word, LINE_FEEDS));
                        continue;
                    }
                    for (int j = i; j < i + 8; j++) {
                        quoted ^= buf[j] == '"';
                        lines += buf[j] == '\n' && !quoted ? 1 : 0;
                    }
                }
                for (; i < n; i++) {
                    quoted ^= buf[i] == '"';
                    lines += buf[i] == '\n' && !quoted ? 1 : 0;
                }
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, lines);
    }

    /** The high bit of each byte of {@code word} that equals its byte in {@code pattern}; no other bit. */
    private static long bytesEqual(long word, long pattern) {
        long x = word ^ pattern;
        return ~(((x & LOW_SEVEN) + LOW_SEVEN) | x | LOW_SEVEN);
    }
}
