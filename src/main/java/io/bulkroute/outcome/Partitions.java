package io.bulkroute.outcome;

/**
 * How a 2.0 join too large for its share of the heap is cut: by hash, into the fewest partitions whose index fits,
 * each joined in memory on its own. Identical rows and their results hash alike, so they fall in one partition, and
 * a partition claims its rows exactly as the whole job would. Hashes are first counted into {@link #FINE} fine
 * buckets; a partition is a run of whole buckets, so its rows are known before its index is allocated, and rows
 * that are not spread evenly (many copies of one row) still fill the partitions evenly where they can.
 */
final class Partitions {
    /** The most partitions a join takes: past that it is too slow to be worth it, and the bucket join is used. */
    static final int MAX = 64;
    /** Buckets counted, out of which partitions are made. */
    static final int FINE = 1 << 10;
    /**
     * Where in the hash the bucket is read: above the 10 bits of {@link RowIndex}'s slot tag and below the 32 that
     * place a row in its table, so that the rows of one partition still spread over the whole table.
     */
    private static final int SHIFT = 10;

    private final byte[] partition;
    private final int count;
    private final int largest;

    private Partitions(byte[] partition, int count, int largest) {
        this.partition = partition;
        this.count = count;
        this.largest = largest;
    }

    static int bucket(long hash) {
        return (int) (hash >>> SHIFT) & (FINE - 1);
    }

    /**
     * The fewest partitions of at most {@code capacity} rows each, as even as those few can be, for rows counted
     * by bucket; null if more than {@link #MAX} would be needed, or a bucket alone holds more than that.
     */
    static Partitions plan(int[] buckets, int capacity) {
        int count = pack(buckets, capacity, null);
        if (count < 0 || count > MAX) {
            return null;
        }
        // the smallest capacity that still packs into that many partitions: the largest partition as small as can be
        int low = 0;
        int high = capacity;
        while (low < high) {
            int mid = (int) (((long) low + high) >>> 1);
            int n = pack(buckets, mid, null);
            if (n >= 0 && n <= count) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        byte[] partition = new byte[FINE];
        count = pack(buckets, high, partition);
        int largest = 0;
        int[] rows = new int[count];
        for (int b = 0; b < FINE; b++) {
            rows[partition[b]] += buckets[b];
            largest = Math.max(largest, rows[partition[b]]);
        }
        return new Partitions(partition, count, largest);
    }

    /** Fills partitions in bucket order, each up to {@code capacity} rows; returns how many, -1 if a bucket is too big. */
    private static int pack(int[] buckets, int capacity, byte[] partition) {
        int count = 1;
        long rows = 0;
        for (int b = 0; b < FINE; b++) {
            if (buckets[b] > capacity) {
                return -1;
            }
            if (rows + buckets[b] > capacity) {
                count++;
                rows = 0;
                if (count > MAX) {
                    return count;
                }
            }
            rows += buckets[b];
            if (partition != null) {
                partition[b] = (byte) (count - 1);
            }
        }
        return count;
    }

    /** The partition of a row or result of this hash. */
    int of(long hash) {
        return partition[bucket(hash)];
    }

    int count() {
        return count;
    }

    /** Rows in the largest partition: what its index must hold. */
    int largest() {
        return largest;
    }
}
