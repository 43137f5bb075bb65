package io.bulkroute.outcome;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Two independent hashes of a row's values: a 64-bit one that finds the row, and a 32-bit one that checks the find,
 * so that two different rows taken for one would have to agree on 96 bits. Each field's length is hashed with its
 * bytes, so {@code "a,bc"} and {@code "ab,c"} differ, as do {@code "a"} and {@code "a,"}. Reused: one per reader.
 */
final class RowKey {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long K1 = 0x87c37b91114253d5L;
    private static final long K2 = 0x4cf5ad432745937fL;
    private static final long K3 = 0x9e3779b97f4a7c15L;
    private static final long K4 = 0xc2b2ae3d27d4eb4fL;

    long hash;
    int check;

    /** Hashes fields {@code from} to the last of the record in {@code bytes}, whose fields end at {@code ends}. */
    RowKey of(byte[] bytes, int[] ends, int from, int fields) {
        int start = from == 0 ? 0 : ends[from - 1];
        int stop = fields == 0 ? 0 : ends[fields - 1];
        long a = 0x2545F4914F6CDD1DL ^ (fields - from);
        long b = 0x61C8864680B583EBL;
        int i = start;
        for (; i + 8 <= stop; i += 8) {
            long w = (long) LONGS.get(bytes, i);
            a = Long.rotateLeft(a ^ (w * K1), 31) * K2;
            b = Long.rotateLeft(b + (w * K3), 27) * K4;
        }
        if (i < stop) {
            long w = 0;
            for (int shift = 0; i < stop; i++, shift += 8) {
                w |= (bytes[i] & 0xFFL) << shift;
            }
            a = Long.rotateLeft(a ^ (w * K1), 31) * K2;
            b = Long.rotateLeft(b + (w * K3), 27) * K4;
        }
        int previous = start;
        for (int f = from; f < fields; f++) {
            long n = ends[f] - previous + 1;
            previous = ends[f];
            a = Long.rotateLeft(a ^ (n * K3), 29) * K1;
            b = Long.rotateLeft(b + (n * K2), 23) * K3;
        }
        hash = mix(a ^ (stop - start));
        check = (int) (mix(b + (stop - start)) >>> 32);
        return this;
    }

    /** MurmurHash3's finalizer: every input bit reaches every output bit. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
