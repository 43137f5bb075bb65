package io.bulkroute.simulator.processing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.bulkroute.simulator.org.RecordResult;

/** Writes what became of each chunk to the sink, chunk after chunk, and counts. */
class BatchResults implements AutoCloseable {
    private final ResultSink sink;
    private final Consumer<BatchRun.Counts> progress;
    private long processed;
    private long failed;

    BatchResults(ResultSink sink, Consumer<BatchRun.Counts> progress) {
        this.sink = sink;
        this.progress = progress;
    }

    /** @param results what became of each row, or null when the rows are left unprocessed */
    void add(List<String[]> rows, RecordResult[] results) throws IOException {
        write(rows, results);
    }

    final void write(List<String[]> rows, RecordResult[] results) throws IOException {
        if (results == null) {
            for (String[] r : rows) {
                sink.unprocessed(r);
            }
            return;
        }
        for (int i = 0; i < results.length; i++) {
            sink.result(rows.get(i), results[i]);
            processed++;
            if (!results[i].success()) {
                failed++;
            }
        }
        progress.accept(new BatchRun.Counts(processed, failed));
    }

    /** Throws what went wrong writing so far, if anything did. */
    void check() throws IOException {
    }

    /** Once every chunk is added: the counts, when every result is written. */
    BatchRun.Counts finish() throws IOException {
        return new BatchRun.Counts(processed, failed);
    }

    @Override
    public void close() {
    }

    /**
     * {@link BatchResults} written on a thread of their own, a few chunks behind the one being applied,
     * so that writing results overlaps with applying rows.
     */
    static final class WriteBehind extends BatchResults {
        private static final int BEHIND = 8;
        private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(BEHIND);
        private final Future<?> writer;
        private volatile boolean closed;
        private volatile Throwable failure;

        WriteBehind(ResultSink sink, Consumer<BatchRun.Counts> progress) {
            super(sink, progress);
            writer = Pipeline.HELPERS.submit(() -> {
                try {
                    while (true) {
                        Object[] next = queue.take();
                        if (next.length == 0 || closed) {
                            return null;
                        }
                        @SuppressWarnings("unchecked")
                        List<String[]> rows = (List<String[]>) next[0];
                        write(rows, (RecordResult[]) next[1]);
                    }
                } catch (Throwable e) {
                    failure = e;
                    // unblock the applying thread if it waits for room
                    queue.clear();
                    return null;
                }
            });
        }

        @Override
        void add(List<String[]> rows, RecordResult[] results) throws IOException {
            check();
            put(new Object[] {rows, results});
        }

        @Override
        void check() throws IOException {
            Throwable e = failure;
            if (e != null) {
                Pipeline.rethrow(e);
            }
        }

        @Override
        BatchRun.Counts finish() throws IOException {
            put(new Object[0]);
            try {
                writer.get();
            } catch (ExecutionException e) {
                Pipeline.rethrow(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while writing results");
            }
            check();
            return super.finish();
        }

        private void put(Object[] item) throws IOException {
            try {
                while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    check();
                    if (writer.isDone()) {
                        throw new IOException("The result writer stopped");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while writing results");
            }
        }

        /** Stops the writer when the run ends early; what it had not written yet is dropped. */
        @Override
        public void close() {
            if (writer.isDone()) {
                return;
            }
            closed = true;
            queue.clear();
            queue.offer(new Object[0]);
            try {
                writer.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException ignored) {
                // it has stopped, or will at its next chunk
            }
        }
    }
}
