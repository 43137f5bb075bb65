package io.bulkroute.simulator.processing;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import io.bulkroute.simulator.fault.FaultInjector;
import io.bulkroute.simulator.org.BatchFailure;
import io.bulkroute.simulator.org.ColumnMap;
import io.bulkroute.simulator.org.ObjectTable;
import io.bulkroute.simulator.org.Operation;
import io.bulkroute.simulator.org.OrgStore;
import io.bulkroute.simulator.org.RecordResult;
import io.bulkroute.simulator.org.RecordWriter;

/**
 * Processes one spooled CSV upload against the org: a first streaming pass checks the whole batch
 * (header, row shape, record limit, encoding, repeated upsert keys) so a bad batch fails before any
 * record is touched, as Salesforce does; a second pass applies the rows in chunks of 200 and
 * writes each result.
 *
 * <p>Both passes read with {@link CsvScanner} when it vouches for the whole file, and with Jackson
 * ({@link CsvFormat#rows}) otherwise: the rows, the results and the failure messages are the same
 * either way, only the time differs. In a large batch the second pass is a pipeline: rows are
 * parsed ahead on one thread, applied in order on this one, and their results written in order
 * on a third.
 */
public final class BatchRun {
    public static final int CHUNK = 200;
    /**
     * Batches of at least this many records (Bulk 2.0 jobs; a 1.0 batch has 10,000 at most) are
     * processed by three threads: one parses rows ahead, one applies them, one writes their results.
     */
    static final long READ_AHEAD_RECORDS = 50_000;
    /** The threads that parse ahead and write behind for large batches. */
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "simulator-pipeline");
        t.setDaemon(true);
        return t;
    });

    public record Counts(long processed, long failed) {
    }

    /** What a batch run needs to know about its job. */
    public record Target(String objectName, Operation op, String externalIdField, long maxRecords) {
    }

    /** What the first pass learnt: the upsert keys that occur more than once, and how many records there are. */
    private record Checked(Set<String> repeatedKeys, long records) {
    }

    private final OrgStore org;
    private final FaultInjector faults;
    private final RecordPacer pacer;

    public BatchRun(OrgStore org, FaultInjector faults, RecordPacer pacer) {
        this.org = org;
        this.faults = faults;
        this.pacer = pacer;
    }

    /**
     * @param stopped checked before each chunk: once true (the job was aborted) the remaining rows are unprocessed
     * @param progress told the running counts after each chunk, so job status moves while a batch runs
     */
    public Counts run(Path csv, CsvFormat format, Target target, BooleanSupplier stopped, ResultSink sink,
                      Consumer<Counts> progress) throws BatchFailure, IOException {
        ObjectTable table = org.table(target.objectName());
        String[] header = CsvScanner.supports(format.delimiter()) ? fastHeader(csv, format) : null;
        boolean fast = header != null;
        if (!fast) {
            header = readHeader(csv, format);
        }
        ColumnMap columns = ColumnMap.of(header, org, table.schema(), target.op(), target.externalIdField());
        Checked checked = null;
        if (fast) {
            checked = fastValidate(csv, format, header.length, target.maxRecords(), columns.externalIdColumn());
            fast = checked != null;
        }
        if (!fast) {
            checked = validate(csv, format, header.length, target.maxRecords(), columns.externalIdColumn());
        }
        // the fault's random stream is only drawn from when lock failures are on, as before
        BooleanSupplier lockFailure = () -> faults.current().lockFailureRate > 0 && faults.lockFailure();
        RecordWriter writer = new RecordWriter(org, table, target.op(), columns, lockFailure, checked.repeatedKeys());
        sink.header(header);
        boolean large = checked.records() >= READ_AHEAD_RECORDS;
        Rows source = fast ? new ScannerRows(csv, format) : new JacksonRows(csv, format);
        try (Rows rows = large ? new ReadAhead(source) : source;
             Results results = large ? new WriteBehind(sink, progress) : new Results(sink, progress)) {
            rows.next();
            String[] row = rows.next();
            while (row != null) {
                List<String[]> chunk = new ArrayList<>(CHUNK);
                while (row != null && chunk.size() < CHUNK) {
                    chunk.add(row);
                    row = rows.next();
                }
                results.check();
                if (stopped.getAsBoolean()) {
                    results.add(chunk, null);
                    continue;
                }
                pacer.acquire(chunk.size());
                writer.prefetch(chunk);
                RecordResult[] applied = new RecordResult[chunk.size()];
                synchronized (table) {
                    for (int i = 0; i < applied.length; i++) {
                        applied[i] = writer.apply(chunk.get(i));
                    }
                }
                results.add(chunk, applied);
            }
            return results.finish();
        }
    }

    /** Writes what became of each chunk to the sink, chunk after chunk, and counts. */
    private static class Results implements AutoCloseable {
        private final ResultSink sink;
        private final Consumer<Counts> progress;
        private long processed;
        private long failed;

        Results(ResultSink sink, Consumer<Counts> progress) {
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
            progress.accept(new Counts(processed, failed));
        }

        /** Throws what went wrong writing so far, if anything did. */
        void check() throws IOException {
        }

        /** Once every chunk is added: the counts, when every result is written. */
        Counts finish() throws IOException {
            return new Counts(processed, failed);
        }

        @Override
        public void close() {
        }
    }

    /**
     * {@link Results} written on a thread of their own, a few chunks behind the one being applied,
     * so that writing results overlaps with applying rows.
     */
    private static final class WriteBehind extends Results {
        private static final int BEHIND = 8;
        private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(BEHIND);
        private final Future<?> writer;
        private volatile boolean closed;
        private volatile Throwable failure;

        WriteBehind(ResultSink sink, Consumer<Counts> progress) {
            super(sink, progress);
            writer = HELPERS.submit(() -> {
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
                rethrow(e);
            }
        }

        @Override
        Counts finish() throws IOException {
            put(new Object[0]);
            try {
                writer.get();
            } catch (ExecutionException e) {
                rethrow(e.getCause());
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

    private static void rethrow(Throwable e) throws IOException {
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

    /** The rows of a batch, header first; null after the last. */
    private interface Rows extends AutoCloseable {
        String[] next() throws IOException;

        @Override
        void close() throws IOException;
    }

    private static final class JacksonRows implements Rows {
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

    private static final class ScannerRows implements Rows {
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
    private static final class ReadAhead implements Rows {
        private static final int AHEAD = 8;
        private static final String[][] END = new String[0][];
        private final BlockingQueue<String[][]> queue = new ArrayBlockingQueue<>(AHEAD);
        private final Future<?> reader;
        private volatile boolean closed;
        private volatile Throwable failure;
        private String[][] chunk = new String[0][];
        private int at;

        ReadAhead(Rows source) {
            reader = HELPERS.submit(() -> {
                try (source) {
                    while (!closed) {
                        String[][] rows = new String[CHUNK][];
                        int n = 0;
                        String[] row;
                        while (n < CHUNK && (row = source.next()) != null) {
                            rows[n++] = row;
                        }
                        queue.put(n == CHUNK ? rows : Arrays.copyOf(rows, n));
                        if (n < CHUNK) {
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
                    rethrow(failure);
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

    /** The header as Jackson would read it, or null when the fast scanner is not sure of it. */
    private static String[] fastHeader(Path csv, CsvFormat format) throws IOException {
        try (CsvScanner scanner = new CsvScanner(Files.newInputStream(csv), format.delimiter(), 64 * 1024)) {
            return scanner.nextRow(true) > 0 ? scanner.row() : null;
        }
    }

    /**
     * {@link #validate}, by the fast scanner, for a batch that is fine; null when it is not (or the
     * scanner is not sure of it), for Jackson to judge it and word the failure.
     */
    private static Checked fastValidate(Path csv, CsvFormat format, int width, long maxRecords, int keyColumn)
            throws IOException {
        Set<String> seen = keyColumn < 0 ? Set.of() : new HashSet<>();
        Set<String> repeated = new HashSet<>();
        try (CsvScanner scanner = new CsvScanner(Files.newInputStream(csv), format.delimiter())) {
            if (scanner.nextRow(true) < 0) {
                return null;
            }
            long count = 0;
            int n;
            while ((n = scanner.nextRow(true)) >= 0) {
                count++;
                if (n != width || count > maxRecords) {
                    return null;
                }
                if (keyColumn >= 0) {
                    String key = scanner.value(keyColumn);
                    if (!key.isEmpty() && !seen.add(key)) {
                        repeated.add(key);
                    }
                }
            }
            return n == CsvScanner.END ? new Checked(repeated, count) : null;
        }
    }

    private static String[] readHeader(Path csv, CsvFormat format) throws BatchFailure, IOException {
        try (InputStream in = Files.newInputStream(csv); MappingIterator<String[]> rows = format.rows(in)) {
            if (!rows.hasNext()) {
                throw new BatchFailure("InvalidBatch : Empty batch");
            }
            String[] header = rows.next();
            if (header.length > 0 && header[0].startsWith("\uFEFF")) {
                header[0] = header[0].substring(1);
            }
            return header;
        } catch (RuntimeException | JsonProcessingException | CharConversionException e) {
            throw parseFailure(e, 1);
        }
    }

    /** Reads the whole upload once without keeping it; returns the upsert keys that occur more than once. */
    private static Checked validate(Path csv, CsvFormat format, int width, long maxRecords, int keyColumn)
            throws BatchFailure, IOException {
        Set<String> seen = keyColumn < 0 ? Set.of() : new HashSet<>();
        Set<String> repeated = new HashSet<>();
        long line = 1;
        try (InputStream in = Files.newInputStream(csv); MappingIterator<String[]> rows = format.rows(in)) {
            rows.next();
            long count = 0;
            while (rows.hasNext()) {
                String[] row = rows.next();
                line++;
                count++;
                if (row.length != width) {
                    throw new BatchFailure("InvalidBatch : Record " + count + " has " + row.length
                            + " values but the header has " + width + " columns");
                }
                if (keyColumn >= 0 && !row[keyColumn].isEmpty() && !seen.add(row[keyColumn])) {
                    repeated.add(row[keyColumn]);
                }
            }
            if (count > maxRecords) {
                // Salesforce counts the header line too
                throw new BatchFailure("InvalidBatch : Exceeded number of records: " + (count + 1)
                        + ". Number of records should be less than or equal to " + (maxRecords + 1));
            }
            return new Checked(repeated, count);
        } catch (RuntimeException | JsonProcessingException | CharConversionException e) {
            throw parseFailure(e, line + 1);
        }
    }

    private static BatchFailure parseFailure(Exception e, long line) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof CharConversionException) {
                return new BatchFailure("InvalidBatch : Invalid UTF-8 byte sequence near line " + line);
            }
            cause = cause.getCause();
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("Missing closing quote")) {
            return new BatchFailure("InvalidBatch : EOF reached before closing an opened quote");
        }
        if (message.contains("Expected separator")) {
            return new BatchFailure("InvalidBatch : Not expecting more text after end quote");
        }
        int nl = message.indexOf('\n');
        return new BatchFailure("InvalidBatch : Failed to parse CSV near line " + line + ": "
                + (nl < 0 ? message : message.substring(0, nl)));
    }
}
