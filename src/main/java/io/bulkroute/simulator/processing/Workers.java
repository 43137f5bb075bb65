package io.bulkroute.simulator.processing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The org's asynchronous processing: a pool on which batches of Parallel jobs run side by side,
 * per-job chains for Serial jobs (one batch at a time, in order), and a clock for timed faults.
 */
public final class Workers implements AutoCloseable {
    private final ExecutorService pool;
    private final ScheduledExecutorService clock;

    public Workers(int threads) {
        this.pool = Executors.newFixedThreadPool(threads, named("simulator-worker"));
        this.clock = Executors.newSingleThreadScheduledExecutor(named("simulator-clock"));
    }

    /** A chain of work that runs one task at a time, in submission order, on the shared pool. */
    public final class SerialChain {
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        public synchronized void submit(Runnable task) {
            tail = tail.handle((ignored, error) -> null).thenRunAsync(task, pool);
        }
    }

    public SerialChain serialChain() {
        return new SerialChain();
    }

    public void submit(Runnable task) {
        pool.execute(task);
    }

    public void schedule(Runnable task, long delayMillis) {
        clock.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        clock.shutdownNow();
        pool.shutdownNow();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
