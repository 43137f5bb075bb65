package io.bulkroute.input;

import io.bulkroute.model.BadInputException;
import io.bulkroute.model.Batch;
import io.bulkroute.model.SnapshotInput;
import io.bulkroute.model.SourceChangedException;
import io.bulkroute.model.SourceSnapshot;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Cuts a CSV file into pieces of at most {@code maxRecords} records and {@code maxBytes} bytes
 * (header included), on row boundaries, one at a time, each written straight to its spool file:
 * Bulk 1.0 batches of 10 MB and Bulk 2.0 jobs of 100 MB alike, with nothing but the row being
 * cut in memory.
 */
public final class CsvBatcher implements Iterator<Batch>, AutoCloseable {
    private final Records rows;
    private final SnapshotInput snapshot;
    private boolean verified;
    private final String header;
    private final int headerBytes;
    private final int maxRecords;
    private final long maxBytes;
    private final Path spoolDir;
    private final String prefix;
    private boolean pending;
    private long pendingLine;
    private int index;

    public CsvBatcher(Path file, String displayName, int maxRecords, long maxBytes, Path spoolDir, String prefix) {
        this(file, displayName, maxRecords, maxBytes, spoolDir, prefix, null);
    }

    /**
     * Cuts the bytes of {@code checked} only (rows appended since are not read) and stops with a
     * {@link SourceChangedException} from {@link #hasNext()} once the file is seen to differ from them:
     * between pieces by its size and time, at the end by the fingerprint of all that was read. Bytes the
     * check read on bytes ({@link SourceSnapshot#bytewise()}) are cut on bytes.
     */
    public CsvBatcher(Path file, String displayName, int maxRecords, long maxBytes, Path spoolDir, String prefix,
                      SourceSnapshot checked) {
        this(checked == null ? null : checked.open(file, displayName), checked == null ? open(file) : null, displayName,
                maxRecords, maxBytes, spoolDir, prefix, checked != null && checked.bytewise());
    }

    /**
     * Cuts all of {@code taking}, a source read as its snapshot is taken ({@link SnapshotInput#taking}): once cut,
     * its size and fingerprint tell which bytes the pieces hold. {@code onBytes}: read on bytes, failing with
     * {@link CsvScanner.Unsupported} on input that only Jackson may read.
     */
    public CsvBatcher(SnapshotInput taking, String displayName, int maxRecords, long maxBytes, Path spoolDir, String prefix,
                      boolean onBytes) {
        this(null, taking, displayName, maxRecords, maxBytes, spoolDir, prefix, onBytes);
    }

    private CsvBatcher(SnapshotInput checked, java.io.InputStream plain, String displayName, int maxRecords, long maxBytes,
                       Path spoolDir, String prefix, boolean onBytes) {
        this.snapshot = checked;
        java.io.InputStream in = checked == null ? plain : checked;
        this.rows = onBytes ? new Scanned(displayName, in, checked != null) : new Parsed(displayName, in);
        String[] head = rows.header();
        if (head == null) {
            throw new BadInputException(displayName, 0, "the file is empty");
        }
        StringBuilder h = new StringBuilder();
        CsvLine.append(h, head);
        this.header = h.append('\n').toString();
        this.headerBytes = CsvLine.utf8Length(header);
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.spoolDir = spoolDir;
        this.prefix = prefix;
        advance();
    }

    private static java.io.InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void advance() {
        pending = rows.next();
        pendingLine = rows.line();
    }

    @Override
    public boolean hasNext() {
        if (snapshot != null && !verified) {
            if (!pending) {
                verified = true;
                snapshot.verifyComplete();
            } else {
                snapshot.checkUnchanged();
            }
        }
        return pending;
    }

    @Override
    public Batch next() {
        if (!pending) {
            throw new NoSuchElementException();
        }
        index++;
        Path spool = spoolDir.resolve(String.format("%s-%05d.csv", prefix, index));
        long size = headerBytes;
        int records = 0;
        long first = pendingLine;
        long last = pendingLine;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16)) {
            out.write(header.getBytes(StandardCharsets.UTF_8));
            while (pending && records < maxRecords) {
                int lineBytes = rows.length();
                if (size + lineBytes > maxBytes) {
                    if (records == 0) {
                        throw new BadInputException(rows.name(), pendingLine, "the row does not fit in " + maxBytes + " bytes");
                    }
                    break;
                }
                out.write(rows.bytes(), 0, lineBytes);
                size += lineBytes;
                records++;
                last = pendingLine;
                advance();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot spool " + prefix + " " + index + " to " + spool, e);
        }
        return new Batch(index, records, size, first, last, spool);
    }

    @Override
    public void close() {
        rows.close();
    }

    /** The input's records one at a time, each as its spool line ({@link CsvLine}'s encoding, LF at the end). */
    private interface Records extends AutoCloseable {
        /** The first record's values; null for an empty input. */
        String[] header();

        /** Reads the next record; false at the end. */
        boolean next();

        /** The line the record read last starts on. */
        long line();

        byte[] bytes();

        int length();

        String name();

        @Override
        void close();
    }

    /** Read by Jackson: whatever it reads is cut, and whatever it refuses is bad input, named by line. */
    private static final class Parsed implements Records {
        private final CsvRows rows;
        private final StringBuilder line = new StringBuilder(256);
        private byte[] bytes;

        Parsed(String name, java.io.InputStream in) {
            this.rows = new CsvRows(name, in);
        }

        @Override
        public String[] header() {
            return rows.next();
        }

        @Override
        public boolean next() {
            String[] row = rows.next();
            if (row == null) {
                return false;
            }
            line.setLength(0);
            CsvLine.append(line, row);
            bytes = line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
            return true;
        }

        @Override
        public long line() {
            return rows.line();
        }

        @Override
        public byte[] bytes() {
            return bytes;
        }

        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public String name() {
            return rows.name();
        }

        @Override
        public void close() {
            rows.close();
        }
    }

    /**
     * Read on bytes, each record's values copied into its line with no String made: only for input the check read on
     * bytes to its end (or that is cut ahead of the check, and dropped if this fails). Met on a checked source, input
     * that cannot be read on bytes means the file is no longer the one checked.
     */
    private static final class Scanned implements Records {
        private final String name;
        private final CsvScanner rows;
        private final boolean checked;
        private byte[] line = new byte[256];
        private int length;

        Scanned(String name, java.io.InputStream in, boolean checked) {
            this.name = name;
            this.checked = checked;
            try {
                this.rows = new CsvScanner(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + name, e);
            } catch (CsvScanner.Unsupported e) {
                throw changed(e);
            }
        }

        @Override
        public String[] header() {
            if (!next()) {
                return null;
            }
            return rows.texts();
        }

        @Override
        public boolean next() {
            try {
                if (!rows.next()) {
                    return false;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + name, e);
            } catch (CsvScanner.Unsupported e) {
                throw changed(e);
            }
            length = 0;
            byte[] values = rows.bytes();
            for (int field = 0; field < rows.fields(); field++) {
                int start = rows.start(field);
                int end = rows.end(field);
                // at worst every byte a quote, doubled, two quotes around, a separator or the LF
                ensure(2 * (end - start) + 3);
                if (field > 0) {
                    line[length++] = ',';
                }
                length = CsvLine.append(line, length, values, start, end);
            }
            ensure(1);
            line[length++] = '\n';
            return true;
        }

        private void ensure(int more) {
            if (length + more > line.length) {
                line = java.util.Arrays.copyOf(line, Math.max(2 * line.length, length + more));
            }
        }

        private RuntimeException changed(CsvScanner.Unsupported e) {
            return checked ? new SourceChangedException(name, "it no longer reads as it did when checked (" + e.getMessage() + ")") : e;
        }

        @Override
        public long line() {
            return rows.line();
        }

        @Override
        public byte[] bytes() {
            return line;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void close() {
            try {
                rows.close();
            } catch (IOException ignored) {
                // read-only stream
            }
        }
    }
}
