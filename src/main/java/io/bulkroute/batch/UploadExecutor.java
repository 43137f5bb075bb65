package io.bulkroute.batch;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of the batch splitter: Camel's streaming parallel split reads its iterator on one of
 * them, so there is one thread more than uploads in flight. The queue holds a single batch and the
 * reader uploads itself when everything is busy, so memory holds at most parallelism + 2 batches.
 */
public final class UploadExecutor extends ThreadPoolExecutor {

    public UploadExecutor(int parallelism) {
        super(parallelism + 1, parallelism + 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1), threads(),
                new CallerRunsPolicy());
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "bulk-upload-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
