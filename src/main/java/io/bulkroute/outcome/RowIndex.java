package io.bulkroute.outcome;

import java.util.Arrays;

/**
 * A job's rows, or one partition's ({@link Partitions}), by the hash of their values, in primitive arrays (21 bytes
 * a row): the hash, check hash and next identical row of each row in input order, and an open-addressing table from
 * hash to the first row with it not yet claimed, so identical rows are claimed one each, in input order. The memory
 * is read at random, once a row and once a result: the reads of a batch are issued together ({@link #touch})
 * rather than waited for one by one.
 */
final class RowIndex {
    /**
     * An index's cap: about 75 MB of heap. A table slot holds a row number (22 bits) and 10 bits of its hash, so that
     * probing rarely has to read a row's own hash; 2^22 rows would be the most it could hold.
     */
    static final int MAX_ROWS = 3_500_000;
    /** Heap a row takes: its hash, check and next row (16 bytes), 1.25 table slots (5). */
    static final int BYTES_PER_ROW = 21;
    private static final int ROW_BITS = 22;
    private static final int ROW_MASK = (1 << ROW_BITS) - 1;
    /** Rows touched ahead of their turn, see {@link #touch}. */
    static final int TOUCH = 64;
    /** Marks the last row of a chain once claimed: nothing left to claim with that hash. */
    private static final int USED_UP = -2;

    /** Two different rows, or a row and a result that is not its echo, share a 64-bit hash. */
    static final class Collision extends Exception {
        Collision() {
            super("hash collision", null, false, false);
        }
    }

    /** Per row, side by side so that a claim reads one cache line: its hash, then its check hash and next row. */
    private final long[] data;
    private int rows;
    private int[] table;
    /** Where touched values go, so that the compiler cannot drop the reads. */
    long sink;

    /** An index for at most {@code capacity} rows, allocated at once (see {@link #BYTES_PER_ROW}). */
    RowIndex(int capacity) {
        data = new long[2 * capacity];
        table = new int[capacity + (capacity >> 2) + 1];
    }

    /** Empties the index, to take the rows of another partition in the same memory. */
    void clear() {
        rows = 0;
        Arrays.fill(table, 0);
    }

    /** Adds the next row; false if the index is full. */
    boolean add(long hash, int check) {
        if (2 * rows == data.length) {
            return false;
        }
        data[2 * rows] = hash;
        data[2 * rows++ + 1] = (long) check << 32;
        return true;
    }

    int rows() {
        return rows;
    }

    /** Builds the table once all rows are in; last row first, so that each chain runs in input order. */
    void build() throws Collision {
        for (int batch = rows; batch > 0; batch -= TOUCH) {
            for (int row = batch - 1; row >= Math.max(0, batch - TOUCH); row--) {
                sink += touch(data[2 * row]);
            }
            for (int row = batch - 1; row >= Math.max(0, batch - TOUCH); row--) {
                long hash = data[2 * row];
                int slot = find(hash);
                int entry = table[slot];
                int first = -1;
                if (entry != 0) {
                    first = (entry & ROW_MASK) - 1;
                    if (check(first) != check(row)) {
                        throw new Collision();
                    }
                }
                setNext(row, first);
                table[slot] = (row + 1) | tag(hash);
            }
        }
    }

    /**
     * Reads what a claim of this hash will read and returns the row it would find (-1 if none): a batch of claims
     * touched first waits for memory once, its loads in flight together, instead of once a claim.
     */
    int touch(long hash) {
        int entry = table[home(hash)];
        if (entry == 0) {
            return -1;
        }
        int row = (entry & ROW_MASK) - 1;
        sink += data[2 * row];
        return row;
    }

    /** The first unclaimed row with these values, now claimed; -1 if there is none left. */
    int claim(long hash, int check) throws Collision {
        int slot = find(hash);
        int entry = table[slot];
        if (entry == 0) {
            return -1;
        }
        int row = (entry & ROW_MASK) - 1;
        if (check(row) != check) {
            throw new Collision();
        }
        int following = next(row);
        if (following == USED_UP) {
            return -1;
        }
        if (following >= 0) {
            table[slot] = (following + 1) | tag(hash);
        } else {
            setNext(row, USED_UP);
        }
        return row;
    }

    private int check(int row) {
        return (int) (data[2 * row + 1] >>> 32);
    }

    private int next(int row) {
        return (int) data[2 * row + 1];
    }

    private void setNext(int row, int next) {
        data[2 * row + 1] = (data[2 * row + 1] & 0xFFFFFFFF00000000L) | (next & 0xFFFFFFFFL);
    }

    private int home(long hash) {
        return (int) (((hash >>> 32) * table.length) >>> 32);
    }

    /** The slot holding this hash, or the empty slot where it would go (linear probing). */
    private int find(long hash) {
        int[] t = table;
        int slot = home(hash);
        int tag = tag(hash);
        while (true) {
            int entry = t[slot];
            if (entry == 0 || ((entry & ~ROW_MASK) == tag && data[2 * ((entry & ROW_MASK) - 1)] == hash)) {
                return slot;
            }
            if (++slot == t.length) {
                slot = 0;
            }
        }
    }

    private static int tag(long hash) {
        return (int) hash << ROW_BITS;
    }
}
