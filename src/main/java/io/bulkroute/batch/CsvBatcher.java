package io.bulkroute.batch;

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
    private final String header;
    private final int headerBytes;
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
        StringBuilder h = new StringBuilder();
        CsvLine.append(h, head);
        this.header = h.append('\n').toString();
        this.headerBytes = CsvLine.utf8Length(header);
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
        // rows are appended as text and the batch is encoded once; sizes are counted in UTF-8 bytes as they go
        StringBuilder text = new StringBuilder((int) Math.min(maxBytes, 1 << 20));
        text.append(header);
        long size = headerBytes;
        int records = 0;
        long first = pendingLine;
        long last = pendingLine;
        while (pending != null && records < maxRecords) {
            int mark = text.length();
            CsvLine.append(text, pending);
            text.append('\n');
            int lineBytes = CsvLine.utf8Length(text.subSequence(mark, text.length()));
            if (size + lineBytes > maxBytes) {
                text.setLength(mark);
                if (records == 0) {
                    throw new BadInputException(rows.name(), pendingLine, "the row does not fit in a batch of " + maxBytes + " bytes");
                }
                break;
            }
            size += lineBytes;
            records++;
            last = pendingLine;
            advance();
        }
        index++;
        byte[] csv = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
