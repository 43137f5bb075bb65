package io.bulkroute.batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Cuts a CSV file into batches of at most {@code maxRecords} records and {@code maxBytes} bytes
 * (header included), on row boundaries, one batch at a time: only the batches being uploaded are
 * ever in memory. Each batch is also written to the spool folder for joining its results later.
 */
public final class CsvBatcher implements Iterator<Batch>, AutoCloseable {
    private final CsvRows rows;
    private final byte[] header;
    private final int maxRecords;
    private final long maxBytes;
    private final Path spoolDir;
    private String[] pending;
    private long pendingLine;
    private int index;

    public CsvBatcher(Path file, String displayName, int maxRecords, long maxBytes, Path spoolDir) {
        this.rows = new CsvRows(displayName, open(file));
        String[] head = rows.next();
        if (head == null) {
            throw new BadInputException(displayName, 0, "the file is empty");
        }
        this.header = CsvLine.encode(head);
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.spoolDir = spoolDir;
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
        return pending != null;
    }

    @Override
    public Batch next() {
        if (pending == null) {
            throw new NoSuchElementException();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxBytes, 1 << 20));
        out.writeBytes(header);
        int records = 0;
        long first = pendingLine;
        long last = pendingLine;
        while (pending != null && records < maxRecords) {
            byte[] line = CsvLine.encode(pending);
            if (records > 0 && out.size() + line.length > maxBytes) {
                break;
            }
            if (records == 0 && out.size() + line.length > maxBytes) {
                throw new BadInputException(rows.name(), pendingLine, "the row does not fit in a batch of " + maxBytes + " bytes");
            }
            out.writeBytes(line);
            records++;
            last = pendingLine;
            advance();
        }
        index++;
        byte[] csv = out.toByteArray();
        Path spool = spoolDir.resolve(String.format("batch-%05d.csv", index));
        try {
            Files.write(spool, csv);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot spool batch " + index + " to " + spool, e);
        }
        return new Batch(index, csv, records, first, last, spool);
    }

    /** Batches cut so far. */
    public int count() {
        return index;
    }

    @Override
    public void close() {
        rows.close();
    }
}
