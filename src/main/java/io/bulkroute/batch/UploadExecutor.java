package io.bulkroute.batch;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of a splitter that uploads (Bulk 1.0 batches, Bulk 2.0 jobs): Camel's streaming
 * parallel split reads its iterator on one of them, so there is one thread more than uploads in
 * flight. The queue holds one piece and the reader waits when it is full, so no more than
 * parallelism + 2 pieces exist at once (uploading, queued, being cut).
 */
public final class UploadExecutor extends ThreadPoolExecutor {

    public UploadExecutor(int parallelism) {
        super(parallelism + 1, parallelism + 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1), threads(),
                (task, pool) -> {
                    try {
                        pool.getQueue().put(task);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.util.concurrent.RejectedExecutionException("interrupted while waiting to upload", e);
                    }
                });
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
