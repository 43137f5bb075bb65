package io.bulkroute.outcome;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap that the in-memory 2.0 joins running at once may hold between them: a quarter of the JVM's maximum heap.
 * A join reserves its share before it allocates anything; one that finds too little left joins on disk instead, so
 * several large jobs ending together, or a small heap, cost speed and never an out-of-memory error.
 */
final class JoinMemory {
    private static final AtomicLong FREE = new AtomicLong(Runtime.getRuntime().maxMemory() / 4);

    private JoinMemory() {
    }

    /** Takes {@code bytes} from what is left; false, taking nothing, if not that much is. */
    static boolean reserve(long bytes) {
        while (true) {
            long free = FREE.get();
            if (free < bytes) {
                return false;
            }
            if (FREE.compareAndSet(free, free - bytes)) {
                return true;
            }
        }
    }

    static void release(long bytes) {
        FREE.addAndGet(bytes);
    }
}
