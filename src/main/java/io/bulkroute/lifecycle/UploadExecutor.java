package io.bulkroute.lifecycle;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of the splits that upload (Bulk 1.0 batches, Bulk 2.0 jobs), shared by all loads.
 * Camel's streaming parallel split reads its iterator on one of them and hands each piece to another,
 * so a task here hands work to this same pool, and a load's reader waits while its pieces are in
 * flight ({@link PiecesInFlight}). The pool therefore never queues a task and never waits: each task
 * gets a thread at once, and no thread of it ever waits for another of its threads to come free.
 * What bounds the threads is what each load may have in flight (its reader and its
 * {@link PiecesInFlight} slots), times the loads running at once; idle threads end after a minute.
 */
public final class UploadExecutor extends ThreadPoolExecutor {

    public UploadExecutor(String name) {
        super(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads(name));
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
