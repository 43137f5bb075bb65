package io.bulkroute.simulator.org;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * External id value to record, for one external id field of a table: an open-addressing hash
 * table of longs ({@code hash << 32 | sequence}) that compares keys against the records themselves,
 * so it holds no object per entry. Written under the table's lock; read from any thread without one
 * (a reader sees each entry whole, and at worst misses a record being written at that moment).
 */
final class ExternalIdIndex {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    /** A removed entry: its sequence half is 0, which no record has. */
    private static final long TOMBSTONE = 0xFFFFFFFF00000000L;
    private static final long MAX_SEQUENCE = 0xFFFFFFFFL;
    private final ObjectTable table;
    private final int field;
    private volatile long[] slots = new long[16];
    private int live;
    private int tombstones;

    ExternalIdIndex(ObjectTable table, int field) {
        this.table = table;
        this.field = field;
    }

    /** The sequence of the record whose field holds {@code value}, or -1. */
    long find(String value) {
        int hash = value.hashCode();
        long[] t = slots;
        int mask = t.length - 1;
        int i = spread(hash) & mask;
        for (int probes = 0; probes < t.length; probes++, i = (i + 1) & mask) {
            long e = (long) SLOT.getAcquire(t, i);
            if (e == 0) {
                return -1;
            }
            long seq = e & MAX_SEQUENCE;
            if (seq != 0 && (int) (e >>> 32) == hash && holds(seq, value)) {
                return seq;
            }
        }
        return -1;
    }

    /** The slot where a search for {@code value} starts, read (to bring it into the cache). */
    long touch(String value) {
        long[] t = slots;
        return t[spread(value.hashCode()) & (t.length - 1)];
    }

    /** Maps {@code value} to the record {@code seq}, whose stored values already hold it. */
    void put(String value, long seq) {
        if (seq <= 0 || seq > MAX_SEQUENCE) {
            throw new IllegalStateException("Record sequence out of range: " + seq);
        }
        int hash = value.hashCode();
        long entry = ((long) hash << 32) | seq;
        long[] t = slots;
        int mask = t.length - 1;
        int free = -1;
        int i = spread(hash) & mask;
        for (int probes = 0; probes < t.length; probes++, i = (i + 1) & mask) {
            long e = t[i];
            if (e == 0) {
                if (free < 0) {
                    free = i;
                }
                break;
            }
            long other = e & MAX_SEQUENCE;
            if (other == 0) {
                if (free < 0) {
                    free = i;
                }
            } else if ((int) (e >>> 32) == hash && holds(other, value)) {
                SLOT.setRelease(t, i, entry);
                return;
            }
        }
        if (t[free] != 0) {
            tombstones--;
        }
        SLOT.setRelease(t, free, entry);
        live++;
        if ((live + tombstones) * 2 > t.length) {
            rehash();
        }
    }

    /** Forgets that {@code value} belonged to the record {@code seq}. */
    void remove(String value, long seq) {
        int hash = value.hashCode();
        long entry = ((long) hash << 32) | seq;
        long[] t = slots;
        int mask = t.length - 1;
        int i = spread(hash) & mask;
        for (int probes = 0; probes < t.length; probes++, i = (i + 1) & mask) {
            long e = t[i];
            if (e == 0) {
                return;
            }
            if (e == entry) {
                SLOT.setRelease(t, i, TOMBSTONE);
                live--;
                tombstones++;
                return;
            }
        }
    }

    private boolean holds(long seq, String value) {
        return table.valueEquals(seq, field, value);
    }

    private void rehash() {
        long[] old = slots;
        int capacity = live * 4 > old.length ? old.length * 2 : old.length;
        long[] t = new long[capacity];
        int mask = capacity - 1;
        for (long e : old) {
            if ((e & MAX_SEQUENCE) != 0) {
                int i = spread((int) (e >>> 32)) & mask;
                while (t[i] != 0) {
                    i = (i + 1) & mask;
                }
                t[i] = e;
            }
        }
        tombstones = 0;
        slots = t;
    }

    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
