package io.bulkroute.simulator.processing;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import io.bulkroute.simulator.org.BatchFailure;

/**
 * A batch's first pass: the whole upload read once, without keeping it, so that a bad batch fails before any
 * record is touched, with Salesforce's words. By the fast scanner when it vouches for the file, else by Jackson.
 */
final class BatchCheck {
    /** What the first pass learnt: the upsert keys that occur more than once, and how many records there are. */
    record Checked(Set<String> repeatedKeys, long records) {
    }

    private BatchCheck() {
    }

    /** The header as Jackson would read it, or null when the fast scanner is not sure of it. */
    static String[] fastHeader(Path csv, CsvFormat format) throws IOException {
        try (CsvScanner scanner = new CsvScanner(Files.newInputStream(csv), format.delimiter(), 64 * 1024)) {
            return scanner.nextRow(true) > 0 ? scanner.row() : null;
        }
    }

    /**
     * {@link #validate}, by the fast scanner, for a batch that is fine; null when it is not (or the
     * scanner is not sure of it), for Jackson to judge it and word the failure.
     */
    static Checked fastValidate(Path csv, CsvFormat format, int width, long maxRecords, int keyColumn)
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

    static String[] readHeader(Path csv, CsvFormat format) throws BatchFailure, IOException {
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
    static Checked validate(Path csv, CsvFormat format, int width, long maxRecords, int keyColumn)
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
