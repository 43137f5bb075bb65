package io.bulkroute.input;

import io.bulkroute.model.BadInputException;
import io.bulkroute.model.Batch;
import io.bulkroute.model.SnapshotInput;
import io.bulkroute.model.SourceChangedException;
import io.bulkroute.model.SourceSnapshot;

import java.io.BufferedWriter;
import java.io.IOException;
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
    private final CsvRows rows;
    private final SnapshotInput snapshot;
    private boolean verified;
    private final String header;
    private final int headerBytes;
    private final int maxRecords;
    private final long maxBytes;
    private final Path spoolDir;
    private final String prefix;
    private final StringBuilder line = new StringBuilder(256);
    private String[] pending;
    private long pendingLine;
    private int index;

    public CsvBatcher(Path file, String displayName, int maxRecords, long maxBytes, Path spoolDir, String prefix) {
        this(file, displayName, maxRecords, maxBytes, spoolDir, prefix, null);
    }

    /**
     * Cuts the bytes of {@code checked} only (rows appended since are not read) and stops with a
     * {@link SourceChangedException} from {@link #hasNext()} once the file is seen to differ from them:
     * between pieces by its size and time, at the end by the fingerprint of all that was read.
     */
    public CsvBatcher(Path file, String displayName, int maxRecords, long maxBytes, Path spoolDir, String prefix,
                      SourceSnapshot checked) {
        this(checked == null ? null : checked.open(file, displayName), checked == null ? open(file) : null, displayName,
                maxRecords, maxBytes, spoolDir, prefix);
    }

    /**
     * Cuts all of {@code taking}, a source read as its snapshot is taken ({@link SnapshotInput#taking}): once cut,
     * its size and fingerprint tell which bytes the pieces hold.
     */
    public CsvBatcher(SnapshotInput taking, String displayName, int maxRecords, long maxBytes, Path spoolDir, String prefix) {
        this(null, taking, displayName, maxRecords, maxBytes, spoolDir, prefix);
    }

    private CsvBatcher(SnapshotInput checked, java.io.InputStream plain, String displayName, int maxRecords, long maxBytes,
                       Path spoolDir, String prefix) {
        this.snapshot = checked;
        this.rows = new CsvRows(displayName, checked == null ? plain : checked);
        String[] head = rows.next();
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
            if (pending == null) {
                verified = true;
                snapshot.verifyComplete();
            } else {
                snapshot.checkUnchanged();
            }
        }
        return pending != null;
    }

    @Override
    public Batch next() {
        if (pending == null) {
            throw new NoSuchElementException();
        }
        index++;
        Path spool = spoolDir.resolve(String.format("%s-%05d.csv", prefix, index));
        long size = headerBytes;
        int records = 0;
        long first = pendingLine;
        long last = pendingLine;
        try (BufferedWriter out = Files.newBufferedWriter(spool, StandardCharsets.UTF_8)) {
            out.write(header);
            while (pending != null && records < maxRecords) {
                line.setLength(0);
                CsvLine.append(line, pending);
                line.append('\n');
                int lineBytes = CsvLine.utf8Length(line);
                if (size + lineBytes > maxBytes) {
                    if (records == 0) {
                        throw new BadInputException(rows.name(), pendingLine, "the row does not fit in " + maxBytes + " bytes");
                    }
                    break;
                }
                out.append(line);
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
}
