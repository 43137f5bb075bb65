package io.bulkroute.outcome;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * What each row of a 2.0 join was claimed by: the kind of the result and its {@code sf__} values, appended as
 * results claim rows (in result order, at random in row order) to one of a few files by row range, then read back a
 * range at a time, in row order, as the spool is written out. A row no result claimed, or an unprocessed result
 * claimed, has no entry: it is unprocessed. Files read and written in sequence, not a memory map written at random:
 * a map's pages count in the process's resident memory, ~55 MB a job of 2,000,000 rows, and a long load has two jobs
 * joining at once; a range's bytes are on the heap only while its rows are written.
 */
final class RowOutcomes implements AutoCloseable {
    /** Ranges, at most: the files being appended to at once. */
    private static final int RANGES = 64;
    private static final int MIN_RANGE_ROWS = 1 << 13;
    private static final int BUFFER = 1 << 13;
    private static final int ROW_BYTES = 3;
    /** The most rows a job may have: a row's number in its range must fit in {@link #ROW_BYTES}. */
    static final int MAX_ROWS = RANGES << (8 * ROW_BYTES);
    private final Path dir;
    private final int rows;
    private final int rangeRows;
    private final Range[] ranges;

    RowOutcomes(Path dir, int rows) {
        this.dir = dir;
        this.rows = rows;
        this.rangeRows = Math.max(MIN_RANGE_ROWS, (rows + RANGES - 1) / RANGES);
        this.ranges = new Range[Math.max(1, (rows + rangeRows - 1) / rangeRows)];
    }

    /** Row {@code row} was claimed by a result of kind {@code kind} (1 or more) with this spill record. */
    void add(int row, int kind, byte[] record, int start, int length) throws IOException {
        int r = row / rangeRows;
        Range range = ranges[r];
        if (range == null) {
            range = ranges[r] = new Range(Files.createTempFile(dir, "row-outcomes", ".bin"));
        }
        range.append(row - r * rangeRows, kind, record, start, length);
    }

    /** Ends the adding: from now on the rows are read in order. */
    void finish() throws IOException {
        for (Range range : ranges) {
            if (range != null) {
                range.finish();
            }
        }
    }

    Rows inRowOrder() {
        return new Rows();
    }

    /** The rows from the first: {@link #next()} for each, in order. */
    final class Rows {
        private final int[] at = new int[rangeRows];
        private byte[] bytes = new byte[0];
        private final int[] bounds = new int[4];
        private int row;
        private int rangeEnd;

        /** The kind of the result that claimed the next row, 0 if none did; its values in {@link #bytes()}. */
        int next() throws IOException {
            if (row == rangeEnd) {
                load(row / rangeRows);
            }
            int entry = at[row++ % rangeRows];
            if (entry < 0) {
                return 0;
            }
            SpillFile.values(bytes, entry + 1, bounds);
            return bytes[entry];
        }

        byte[] bytes() {
            return bytes;
        }

        int firstStart() {
            return bounds[0];
        }

        int firstEnd() {
            return bounds[1];
        }

        int secondStart() {
            return bounds[2];
        }

        int secondEnd() {
            return bounds[3];
        }

        private void load(int r) throws IOException {
            if (r >= ranges.length) {
                throw new IllegalStateException("row " + row + " of " + rows);
            }
            rangeEnd = Math.min(rows, (r + 1) * rangeRows);
            Arrays.fill(at, -1);
            Range range = ranges[r];
            if (range == null) {
                return;
            }
            bytes = range.readAll(bytes);
            int[] b = bounds;
            for (int p = 0; p < range.size; ) {
                int inRange = (bytes[p] & 0xFF) << 16 | (bytes[p + 1] & 0xFF) << 8 | bytes[p + 2] & 0xFF;
                at[inRange] = p + ROW_BYTES;
                SpillFile.values(bytes, p + ROW_BYTES + 1, b);
                p = b[3];
            }
        }
    }

    /** One range's file: its entries, each the row in the range (3 bytes), the kind (1) and the spill record. */
    private static final class Range {
        private final Path file;
        private final OutputStream out;
        private final byte[] buf = new byte[BUFFER];
        private int used;
        private int size;

        Range(Path file) throws IOException {
            this.file = file;
            this.out = Files.newOutputStream(file);
        }

        void append(int row, int kind, byte[] record, int start, int length) throws IOException {
            if (used + ROW_BYTES + 1 + length > buf.length) {
                flush();
            }
            if (ROW_BYTES + 1 + length > buf.length) {
                out.write(new byte[] {(byte) (row >>> 16), (byte) (row >>> 8), (byte) row, (byte) kind});
                out.write(record, start, length);
            } else {
                byte[] b = buf;
                int u = used;
                b[u] = (byte) (row >>> 16);
                b[u + 1] = (byte) (row >>> 8);
                b[u + 2] = (byte) row;
                b[u + 3] = (byte) kind;
                System.arraycopy(record, start, b, u + ROW_BYTES + 1, length);
                used = u + ROW_BYTES + 1 + length;
            }
            size += ROW_BYTES + 1 + length;
        }

        private void flush() throws IOException {
            out.write(buf, 0, used);
            used = 0;
        }

        void finish() throws IOException {
            flush();
            out.close();
        }

        /** The whole file, in {@code into} if it is large enough. */
        byte[] readAll(byte[] into) throws IOException {
            byte[] bytes = into.length >= size ? into : new byte[Math.max(size, into.length + into.length / 2)];
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, size);
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer) < 0) {
                        throw new EOFException(file + " ends before its " + size + " bytes");
                    }
                }
            }
            return bytes;
        }

        void delete() throws IOException {
            out.close();
            Files.deleteIfExists(file);
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Range range : ranges) {
            if (range != null) {
                try {
                    range.delete();
                } catch (IOException e) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
