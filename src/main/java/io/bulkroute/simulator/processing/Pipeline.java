package io.bulkroute.simulator.processing;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The threads that parse ahead and write behind for large batches (see {@link BatchRun#READ_AHEAD_RECORDS}). */
final class Pipeline {
    static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "simulator-pipeline");
        t.setDaemon(true);
        return t;
    });

    private Pipeline() {
    }

    /** What a helper thread failed with, thrown on the batch's own thread. */
    static void rethrow(Throwable e) throws IOException {
        if (e instanceof IOException io) {
            throw io;
        }
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e instanceof Error error) {
            throw error;
        }
        throw new IOException(e.getMessage(), e);
    }
}
