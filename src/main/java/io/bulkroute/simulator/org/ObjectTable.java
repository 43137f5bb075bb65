package io.bulkroute.simulator.org;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The records of one object. Every record id this org hands out carries a sequence number, and
 * records are found by it: a page of slots per 1,024 numbers. A record is packed into bytes
 * ({@link RecordCodec}); new records are laid back to back in slabs of about a megabyte, and a
 * record that changes (or is deleted) gets an array of its own. So a million records take little
 * more than their characters, and the garbage collector has next to nothing to copy while a load
 * runs. Writers lock the table per chunk of records (as Salesforce processes a batch 200 records at
 * a time); readers never lock, and see each record whole.
 */
public final class ObjectTable {
    private static final int PAGE_BITS = 10;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int OFFSET_BITS = 20;
    /** Slabs stay under a G1 region (1 MB and more) so that each is one region, never copied. */
    private static final int SLAB_SIZE = (1 << OFFSET_BITS) - 1024;
    /** Records longer than this get an array of their own rather than slab space. */
    private static final int MAX_SLAB_RECORD = SLAB_SIZE / 16;
    private static final VarHandle REF = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle OWN = MethodHandles.arrayElementVarHandle(byte[][].class);
    /** What a deleted record's own slot holds: Salesforce still knows the id, as deleted. */
    private static final byte[] DELETED = new byte[0];

    private final ObjectSchema schema;
    private final String keyPrefix;
    private final int width;
    /** Indexed by {@code sequence >> PAGE_BITS}. */
    private volatile Page[] pages = new Page[0];
    private volatile byte[][] slabs = new byte[0][];
    private byte[] slab;
    private int slabFill;
    private volatile int size;
    /** Per field: its index when it is an external id, else null. */
    private final ExternalIdIndex[] externalIds;
    private final int[] externalIdFields;
    private final RecordCodec codec = new RecordCodec();

    /** The slots of 1,024 sequence numbers. */
    private static final class Page {
        /** Where a record lies in the slabs: {@code (slab << OFFSET_BITS | offset) + 1}; 0 when none. */
        final long[] slabRefs = new long[PAGE_SIZE];
        /** A record's own bytes (once changed), {@link #DELETED}, or null (see the slab); made on the first change. */
        volatile byte[][] own;
    }

    /** Where a record's bytes start. */
    private record Located(byte[] buf, int at) {
    }

    public ObjectTable(ObjectSchema schema) {
        this.schema = schema;
        this.keyPrefix = schema.keyPrefix();
        this.width = schema.fields().size();
        this.externalIds = new ExternalIdIndex[width];
        int[] ext = new int[width];
        int n = 0;
        for (int i = 0; i < width; i++) {
            if (schema.fields().get(i).externalId()) {
                externalIds[i] = new ExternalIdIndex(this, i);
                ext[n++] = i;
            }
        }
        this.externalIdFields = Arrays.copyOf(ext, n);
    }

    public ObjectSchema schema() {
        return schema;
    }

    public int size() {
        return size;
    }

    /** The record's values in schema order (a copy: changing it changes nothing), or null. */
    public String[] get(String id) {
        Located r = locate(SalesforceIds.sequenceOf(id, keyPrefix));
        return r == null ? null : RecordCodec.decode(r.buf(), r.at(), width);
    }

    public boolean wasDeleted(String id) {
        long seq = SalesforceIds.sequenceOf(id, keyPrefix);
        Page page = pageOf(seq);
        byte[][] own = page == null ? null : page.own;
        return own != null && OWN.getAcquire(own, slot(seq)) == DELETED;
    }

    public String idByExternalId(int fieldIndex, String value) {
        ExternalIdIndex index = fieldIndex >= 0 && fieldIndex < width ? externalIds[fieldIndex] : null;
        if (index == null || value == null) {
            return null;
        }
        long seq = index.find(value);
        return seq < 0 ? null : SalesforceIds.format(keyPrefix, seq);
    }

    /** Reads the index slot where {@code value} of field {@code fieldIndex} would be (see {@link RecordWriter#prefetch}). */
    long touchExternalId(int fieldIndex, String value) {
        ExternalIdIndex index = fieldIndex >= 0 && fieldIndex < width ? externalIds[fieldIndex] : null;
        return index == null ? 0 : index.touch(value);
    }

    /** A new record, under the id {@code SalesforceIds.format(keyPrefix, seq)}; the caller holds the lock. */
    synchronized void insert(long seq, String[] values) {
        store(seq, values);
    }

    synchronized void put(String id, String[] values) {
        long seq = SalesforceIds.sequenceOf(id, keyPrefix);
        if (seq <= 0) {
            throw new IllegalArgumentException("Not a record id of " + schema.name() + ": " + id);
        }
        store(seq, values);
    }

    synchronized void remove(String id) {
        long seq = SalesforceIds.sequenceOf(id, keyPrefix);
        Located old = locate(seq);
        if (old != null) {
            for (int f : externalIdFields) {
                String value = RecordCodec.value(old.buf(), old.at(), f);
                if (value != null) {
                    externalIds[f].remove(value, seq);
                }
            }
            OWN.setRelease(ownSlots(pageOf(seq)), slot(seq), DELETED);
            size--;
        }
    }

    /** Whether field {@code field} of record {@code seq} holds exactly {@code value}. */
    boolean valueEquals(long seq, int field, String value) {
        Located r = locate(seq);
        return r != null && RecordCodec.valueEquals(r.buf(), r.at(), field, value);
    }

    private void store(long seq, String[] values) {
        Page page = page(seq);
        int i = slot(seq);
        Located old = locate(seq);
        String[] oldExternal = null;
        if (old != null && externalIdFields.length > 0) {
            oldExternal = new String[externalIdFields.length];
            for (int k = 0; k < externalIdFields.length; k++) {
                oldExternal[k] = RecordCodec.value(old.buf(), old.at(), externalIdFields[k]);
            }
        }
        boolean existed = old != null || wasDeleted(page, i);
        int length = codec.encode(values);
        if (!existed && length <= MAX_SLAB_RECORD) {
            if (slab == null || slabFill + length > slab.length) {
                newSlab();
            }
            System.arraycopy(codec.packed(), 0, slab, slabFill, length);
            long ref = (((long) (slabs.length - 1) << OFFSET_BITS) | slabFill) + 1;
            slabFill += length;
            REF.setRelease(page.slabRefs, i, ref);
        } else {
            // a changed record leaves its slab space behind once, and lives in an array of its own
            OWN.setRelease(ownSlots(page), i, Arrays.copyOf(codec.packed(), length));
        }
        if (old == null) {
            size++;
        }
        for (int k = 0; k < externalIdFields.length; k++) {
            int f = externalIdFields[k];
            String before = oldExternal == null ? null : oldExternal[k];
            if (before != null && !before.equals(values[f])) {
                externalIds[f].remove(before, seq);
            }
            if (values[f] != null) {
                externalIds[f].put(values[f], seq);
            }
        }
    }

    private void newSlab() {
        slab = new byte[SLAB_SIZE];
        slabFill = 0;
        byte[][] s = Arrays.copyOf(slabs, slabs.length + 1);
        s[s.length - 1] = slab;
        slabs = s;
    }

    private static boolean wasDeleted(Page page, int i) {
        byte[][] own = page.own;
        return own != null && OWN.getAcquire(own, i) == DELETED;
    }

    private static byte[][] ownSlots(Page page) {
        byte[][] own = page.own;
        if (own == null) {
            own = new byte[PAGE_SIZE][];
            page.own = own;
        }
        return own;
    }

    /** Where record {@code seq} is, or null (never stored, or deleted). */
    private Located locate(long seq) {
        Page page = pageOf(seq);
        if (page == null) {
            return null;
        }
        int i = slot(seq);
        byte[][] own = page.own;
        if (own != null) {
            byte[] mine = (byte[]) OWN.getAcquire(own, i);
            if (mine == DELETED) {
                return null;
            }
            if (mine != null) {
                return new Located(mine, 0);
            }
        }
        long ref = (long) REF.getAcquire(page.slabRefs, i);
        if (ref == 0) {
            return null;
        }
        ref--;
        return new Located(slabs[(int) (ref >>> OFFSET_BITS)], (int) (ref & ((1 << OFFSET_BITS) - 1)));
    }

    private static int slot(long seq) {
        return (int) (seq & (PAGE_SIZE - 1));
    }

    private Page pageOf(long seq) {
        if (seq < 0) {
            return null;
        }
        Page[] p = pages;
        long index = seq >>> PAGE_BITS;
        return index < p.length ? p[(int) index] : null;
    }

    private Page page(long seq) {
        long index = seq >>> PAGE_BITS;
        if (index >= Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("Record sequence out of range: " + seq);
        }
        Page[] p = pages;
        if (index >= p.length) {
            p = Arrays.copyOf(p, (int) Math.max(index + 1, Math.min(Integer.MAX_VALUE - 8L, p.length * 2L)));
        }
        Page page = p[(int) index];
        if (page == null) {
            // its final slots are safely seen by readers, and the record written into them is published on its own
            page = new Page();
            p[(int) index] = page;
        }
        if (p != pages) {
            pages = p;
        }
        return page;
    }

    /** The records in id order, each read when the iteration reaches it. */
    public Iterable<Map.Entry<String, String[]>> entries() {
        return () -> new Iterator<>() {
            private final long end = (long) pages.length << PAGE_BITS;
            private long next = 0;
            private Map.Entry<String, String[]> ahead;

            @Override
            public boolean hasNext() {
                while (ahead == null && next < end) {
                    if (pageOf(next) == null) {
                        next = ((next >>> PAGE_BITS) + 1) << PAGE_BITS;
                        continue;
                    }
                    Located r = locate(next);
                    if (r != null) {
                        ahead = new AbstractMap.SimpleImmutableEntry<>(SalesforceIds.format(keyPrefix, next),
                                RecordCodec.decode(r.buf(), r.at(), width));
                    }
                    next++;
                }
                return ahead != null;
            }

            @Override
            public Map.Entry<String, String[]> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Map.Entry<String, String[]> e = ahead;
                ahead = null;
                return e;
            }
        };
    }
}
