package io.bulkroute.outcome;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap that the in-memory 2.0 joins running at once may hold between them: a third of the JVM's maximum heap
 * (outside the joins a load's live heap stays near 20 MB: the rest is for garbage).
 * A join reserves its share before it allocates anything, and cuts itself into partitions to fit what it got; one
 * that finds too little left joins on disk instead, so several large jobs ending together, or a small heap, cost
 * speed and never an out-of-memory error.
 */
final class JoinMemory {
    private static final long TOTAL = Runtime.getRuntime().maxMemory() / 3;
    private static final AtomicLong FREE = new AtomicLong(TOTAL);

    private JoinMemory() {
    }

    /**
     * Takes what is left of {@code bytes}, but never more than half of all: a join that cannot have all it wants
     * partitions, and two jobs ending together then both join in memory. Returns what it took, maybe 0.
     */
    static long reserveUpTo(long bytes) {
        long wanted = Math.min(bytes, TOTAL / 2);
        while (true) {
            long free = FREE.get();
            long taken = Math.max(0, Math.min(wanted, free));
            if (FREE.compareAndSet(free, free - taken)) {
                return taken;
            }
        }
    }

    static void release(long bytes) {
        FREE.addAndGet(bytes);
    }
}
