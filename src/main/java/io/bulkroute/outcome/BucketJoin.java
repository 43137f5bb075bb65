package io.bulkroute.outcome;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.bulkroute.input.CsvRows;
import io.bulkroute.outcome.Bulk2Join.Kind;

/**
 * The Bulk 2.0 join for any job, in bounded memory whatever its size: rows and results are
 * hash-partitioned by their values into bucket files on disk, each bucket is joined in memory
 * (identical rows take identical results one each), and the buckets are merged back by row number,
 * so the outcome rows come out in input order, duplicates included. Slow (every row is written and
 * read as CSV three times), so {@link Bulk2Join} uses it only when its in-memory index cannot be
 * trusted: too many rows, a hash collision, or CSV it does not read exactly as Jackson does.
 */
final class BucketJoin {
    static final int BUCKETS = 64;
    private static final CsvSchema LINES = CsvSchema.emptySchema().withLineSeparator("\n");
    /** Rows as CSV, flushed when the buffer is full rather than after each row (Jackson's default). */
    private static final ObjectWriter CSV = CsvRows.MAPPER.writerFor(String[].class)
            .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE).with(LINES);

    /** What a result said of one row: its kind and its two {@code sf__} values. */
    private record Result(Kind kind, String first, String second) {
    }

    private final Path dir;

    BucketJoin(Path dir) {
        this.dir = dir;
    }

    /** As {@link Bulk2Join#join}. */
    long[] join(Path spool, Bulk2Join.ResultSource results, Path success, Path failed, Path unprocessed) throws Exception {
        Files.createDirectories(dir);
        Buckets rows = new Buckets("rows");
        Buckets answers = new Buckets("results");
        try {
            long count = partitionRows(spool, rows);
            for (Kind kind : Kind.values()) {
                try (InputStream in = results.open(kind)) {
                    partitionResults(kind, in, answers);
                }
            }
            rows.close();
            answers.close();
            Buckets joined = new Buckets("joined");
            for (int b = 0; b < BUCKETS; b++) {
                joinBucket(rows.file(b), answers.file(b), joined.writer(b));
            }
            joined.close();
            long[] counts = merge(joined, count, success, failed, unprocessed);
            joined.delete();
            return counts;
        } finally {
            rows.delete();
            answers.delete();
        }
    }

    private long partitionRows(Path spool, Buckets rows) throws IOException {
        long n = 0;
        try (CsvRows in = new CsvRows(spool)) {
            in.next();
            String[] row;
            while ((row = in.next()) != null) {
                String[] line = new String[row.length + 1];
                line[0] = Long.toString(n++);
                System.arraycopy(row, 0, line, 1, row.length);
                rows.writer(bucket(row, 0)).write(line);
            }
        }
        return n;
    }

    private void partitionResults(Kind kind, InputStream in, Buckets answers) throws IOException {
        int skip = kind == Kind.UNPROCESSED ? 0 : 2;
        try (CsvRows rows = new CsvRows("results", in)) {
            if (rows.next() == null) {
                return;
            }
            String[] row;
            while ((row = rows.next()) != null) {
                String[] line = new String[row.length - skip + 3];
                line[0] = kind.name();
                line[1] = skip > 0 ? row[0] : "";
                line[2] = skip > 1 ? row[1] : "";
                System.arraycopy(row, skip, line, 3, row.length - skip);
                answers.writer(bucket(row, skip)).write(line);
            }
        }
    }

    /** Rows of one bucket, each with the result that answers it: {@code n, kind, sf1, sf2, values…}. */
    private static void joinBucket(Path rowsFile, Path answersFile, SequenceWriter out) throws IOException {
        Map<String, Deque<Result>> byValues = new HashMap<>();
        if (Files.exists(answersFile)) {
            try (CsvRows in = new CsvRows(answersFile)) {
                String[] line;
                while ((line = in.next()) != null) {
                    String key = key(line, 3);
                    byValues.computeIfAbsent(key, k -> new ArrayDeque<>())
                            .add(new Result(Kind.valueOf(line[0]), line[1], line[2]));
                }
            }
        }
        if (!Files.exists(rowsFile)) {
            return;
        }
        try (CsvRows in = new CsvRows(rowsFile)) {
            String[] line;
            while ((line = in.next()) != null) {
                Deque<Result> answers = byValues.get(key(line, 1));
                Result r = answers == null || answers.isEmpty() ? new Result(Kind.UNPROCESSED, "", "") : answers.poll();
                String[] joined = new String[line.length + 3];
                joined[0] = line[0];
                joined[1] = r.kind().name();
                joined[2] = r.first();
                joined[3] = r.second();
                System.arraycopy(line, 1, joined, 4, line.length - 1);
                out.write(joined);
            }
        }
    }

    /** Merges the joined buckets by row number into the job's three outcome parts. */
    private static long[] merge(Buckets joined, long count, Path success, Path failed, Path unprocessed) throws IOException {
        long[] counts = new long[3];
        record Head(long n, String[] line, CsvRows source) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> Long.compare(a.n, b.n));
        CsvRows[] sources = new CsvRows[BUCKETS];
        try (BufferedWriter s = Files.newBufferedWriter(success, StandardCharsets.UTF_8);
             BufferedWriter f = Files.newBufferedWriter(failed, StandardCharsets.UTF_8);
             BufferedWriter u = Files.newBufferedWriter(unprocessed, StandardCharsets.UTF_8);
             SequenceWriter sw = CSV.writeValues(s);
             SequenceWriter fw = CSV.writeValues(f);
             SequenceWriter uw = CSV.writeValues(u)) {
            for (int b = 0; b < BUCKETS; b++) {
                if (Files.exists(joined.file(b))) {
                    sources[b] = new CsvRows(joined.file(b));
                    String[] line = sources[b].next();
                    if (line != null) {
                        heads.add(new Head(Long.parseLong(line[0]), line, sources[b]));
                    }
                }
            }
            while (!heads.isEmpty()) {
                Head h = heads.poll();
                String[] line = h.line();
                Kind kind = Kind.valueOf(line[1]);
                String[] values = Arrays.copyOfRange(line, 4, line.length);
                switch (kind) {
                    case SUCCESS -> sw.write(prepend(line[2], line[3], values));
                    case FAILED -> fw.write(prepend(line[2], line[3], values));
                    default -> uw.write(values);
                }
                counts[kind.ordinal()]++;
                String[] next = h.source().next();
                if (next != null) {
                    heads.add(new Head(Long.parseLong(next[0]), next, h.source()));
                }
            }
        } finally {
            for (CsvRows r : sources) {
                if (r != null) {
                    r.close();
                }
            }
        }
        if (counts[0] + counts[1] + counts[2] != count) {
            throw new IllegalStateException("joined " + (counts[0] + counts[1] + counts[2]) + " rows of " + count);
        }
        return counts;
    }

    private static String[] prepend(String a, String b, String[] values) {
        String[] out = new String[values.length + 2];
        out[0] = a;
        out[1] = b;
        System.arraycopy(values, 0, out, 2, values.length);
        return out;
    }

    private static int bucket(String[] row, int from) {
        int h = 1;
        for (int i = from; i < row.length; i++) {
            h = 31 * h + row[i].hashCode();
        }
        return Math.floorMod(h, BUCKETS);
    }

    private static String key(String[] line, int from) {
        StringBuilder k = new StringBuilder();
        for (int i = from; i < line.length; i++) {
            k.append(line[i].length()).append(':').append(line[i]);
        }
        return k.toString();
    }

    /** {@value #BUCKETS} CSV files written side by side. */
    private final class Buckets implements AutoCloseable {
        private final String name;
        private final SequenceWriter[] writers = new SequenceWriter[BUCKETS];

        Buckets(String name) {
            this.name = name;
        }

        Path file(int b) {
            return dir.resolve(name + "-" + b + ".csv");
        }

        SequenceWriter writer(int b) {
            if (writers[b] == null) {
                try {
                    writers[b] = CSV
                            .writeValues(Files.newBufferedWriter(file(b), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return writers[b];
        }

        @Override
        public void close() throws IOException {
            for (int b = 0; b < BUCKETS; b++) {
                if (writers[b] != null) {
                    writers[b].close();
                    writers[b] = null;
                }
            }
        }

        void delete() throws IOException {
            close();
            for (int b = 0; b < BUCKETS; b++) {
                Files.deleteIfExists(file(b));
            }
        }
    }
}
