package io.bulkroute.simulator.processing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.MappingIterator;

/** The rows of a batch, header first; null after the last. */
interface BatchRows extends AutoCloseable {
    String[] next() throws IOException;

    @Override
    void close() throws IOException;

    final class JacksonRows implements BatchRows {
        private final InputStream in;
        private final MappingIterator<String[]> rows;

        JacksonRows(Path csv, CsvFormat format) throws IOException {
            this.in = Files.newInputStream(csv);
            this.rows = format.rows(in);
        }

        @Override
        public String[] next() {
            return rows.hasNext() ? rows.next() : null;
        }

        @Override
        public void close() throws IOException {
            try (in) {
                rows.close();
            }
        }
    }

    final class ScannerRows implements BatchRows {
        private final CsvScanner scanner;

        ScannerRows(Path csv, CsvFormat format) throws IOException {
            this.scanner = new CsvScanner(Files.newInputStream(csv), format.delimiter());
        }

        @Override
        public String[] next() throws IOException {
            int width = scanner.nextRow(false);
            if (width == CsvScanner.UNSURE) {
                // the first pass vouched for this file: it changed under us
                throw new IOException("The batch changed while it was processed");
            }
            return width == CsvScanner.END ? null : scanner.row();
        }

        @Override
        public void close() throws IOException {
            scanner.close();
        }
    }

    /**
     * Another source's rows, parsed ahead a chunk at a time on a reader thread (at most
     * {@link #AHEAD} chunks ahead), so that parsing overlaps with applying.
     */
    final class ReadAhead implements BatchRows {
        private static final int AHEAD = 8;
        private static final String[][] END = new String[0][];
        private final BlockingQueue<String[][]> queue = new ArrayBlockingQueue<>(AHEAD);
        private final Future<?> reader;
        private volatile boolean closed;
        private volatile Throwable failure;
        private String[][] chunk = new String[0][];
        private int at;

        ReadAhead(BatchRows source) {
            reader = Pipeline.HELPERS.submit(() -> {
                try (source) {
                    while (!closed) {
                        String[][] rows = new String[BatchRun.CHUNK][];
                        int n = 0;
                        String[] row;
                        while (n < BatchRun.CHUNK && (row = source.next()) != null) {
                            rows[n++] = row;
                        }
                        queue.put(n == BatchRun.CHUNK ? rows : Arrays.copyOf(rows, n));
                        if (n < BatchRun.CHUNK) {
                            break;
                        }
                    }
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    try {
                        queue.put(END);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return null;
            });
        }

        @Override
        public String[] next() throws IOException {
            while (at == chunk.length) {
                if (chunk == END) {
                    return null;
                }
                try {
                    chunk = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while reading the batch");
                }
                at = 0;
                if (chunk == END && failure != null) {
                    Pipeline.rethrow(failure);
                }
            }
            return chunk[at++];
        }

        /** Stops the reader (it may be ahead) and waits until it has closed the source. */
        @Override
        public void close() {
            closed = true;
            while (true) {
                queue.clear();
                try {
                    reader.get(10, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException e) {
                    // the reader is blocked on a full queue: clear it again
                } catch (ExecutionException e) {
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
