package io.bulkroute.input;

import io.bulkroute.model.BadInputException;
import io.bulkroute.model.SnapshotInput;
import io.bulkroute.model.SourceSnapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads the whole input once, streaming, before any job is opened: an empty file, a header only,
 * a header naming a column twice, a row with the wrong number of columns, invalid UTF-8, a NUL byte,
 * malformed quoting or a row larger than a batch may be is refused with the file, line and reason,
 * and nothing of it is loaded.
 * <p>
 * It reads on bytes ({@link CsvScanner}) first, which is several times faster than parsing every value into a
 * String. Anything that read cannot vouch for (a row that may be wrong, a byte sequence Jackson may read otherwise)
 * sends the file to a second reading by Jackson, which finds and names what is wrong, or accepts it. A snapshot
 * read on bytes to the end says so ({@link SourceSnapshot#bytewise()}): the cut may then read it on bytes too.
 */
public final class InputCheck {
    private InputCheck() {
    }

    /** @return the header, the number of records and the snapshot of the file that was checked */
    public static Summary check(Path file, String displayName, long maxRowBytes) {
        long modified = SourceSnapshot.modified(file, displayName);
        try {
            return onBytes(file, displayName, maxRowBytes, modified);
        } catch (CsvScanner.Unsupported e) {
            return parsed(file, displayName, maxRowBytes, modified);
        }
    }

    private static Summary onBytes(Path file, String displayName, long maxRowBytes, long modified) {
        SnapshotInput input = SnapshotInput.taking(open(file), displayName);
        try (CsvScanner rows = new CsvScanner(input)) {
            Utf8Check utf8 = new Utf8Check();
            if (!rows.next()) {
                throw new CsvScanner.Unsupported("empty");
            }
            utf8.check(rows);
            String[] header = rows.texts();
            checkHeader(displayName, header);
            long records = 0;
            while (rows.next()) {
                records++;
                if (rows.fields() != header.length) {
                    throw new CsvScanner.Unsupported("a row of another width");
                }
                int bytes = utf8.check(rows);
                // quoting at most doubles a value and adds two quotes and a separator: measure only rows that may be too big
                if (2L * bytes + 3L * header.length >= maxRowBytes) {
                    throw new CsvScanner.Unsupported("a row that may be too big");
                }
            }
            if (records == 0) {
                throw new CsvScanner.Unsupported("no records");
            }
            return summary(file, displayName, header, records, input, modified, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + displayName, e);
        }
    }

    static Summary parsed(Path file, String displayName, long maxRowBytes, long modified) {
        // the same pass fingerprints the file for the ledger and takes the snapshot the load will read:
        // the parser reads to the end of the file
        SnapshotInput input = SnapshotInput.taking(open(file), displayName);
        try (CsvRows rows = new CsvRows(displayName, input)) {
            String[] header = rows.next();
            if (header == null) {
                throw new BadInputException(displayName, 0, "the file is empty");
            }
            checkHeader(displayName, header);
            long records = 0;
            String[] row;
            while ((row = rows.next()) != null) {
                records++;
                if (row.length != header.length) {
                    throw new BadInputException(displayName, rows.line(), "the row has " + row.length
                            + " values but the header has " + header.length + " columns");
                }
                long chars = row.length;
                for (int i = 0; i < row.length; i++) {
                    chars += row[i].length();
                    // Salesforce would store it, or cut the value at it: neither is what the file means
                    if (row[i].indexOf('\0') >= 0) {
                        throw new BadInputException(displayName, rows.line(), "the value of column " + header[i]
                                + " holds a NUL byte");
                    }
                }
                // a char is at most 3 UTF-8 bytes and quoting at most doubles a value: encode only rows that may be too big
                long size = chars * 6 + 2L * row.length < maxRowBytes ? 0 : CsvLine.encode(row).length;
                if (size > maxRowBytes) {
                    throw new BadInputException(displayName, rows.line(), "the row is " + size
                            + " bytes, more than a batch may hold (" + maxRowBytes + " bytes)");
                }
            }
            if (records == 0) {
                throw new BadInputException(displayName, 1, "the file has a header but no records");
            }
            return summary(file, displayName, header, records, input, modified, false);
        }
    }

    private static void checkHeader(String displayName, String[] header) {
        java.util.Map<String, Integer> columns = new java.util.HashMap<>();
        for (int i = 0; i < header.length; i++) {
            String column = header[i];
            if (column.isBlank()) {
                throw new BadInputException(displayName, 1, "the header has an empty column name");
            }
            if (column.indexOf('\0') >= 0) {
                throw new BadInputException(displayName, 1, "the header holds a NUL byte in column " + (i + 1));
            }
            // Salesforce's field names ignore case; the parser would keep only one of two columns of one name
            Integer first = columns.putIfAbsent(column.trim().toLowerCase(java.util.Locale.ROOT), i + 1);
            if (first != null) {
                throw new BadInputException(displayName, 1, "the header names column " + column + " twice (columns "
                        + first + " and " + (i + 1) + ")");
            }
        }
    }

    private static Summary summary(Path file, String displayName, String[] header, long records, SnapshotInput input,
                                   long modified, boolean bytewise) {
        SourceSnapshot snapshot = new SourceSnapshot(input.bytesRead(), input.sha256(), modified, bytewise);
        // still being written: what was checked is not the whole file, and loading it would load part of it
        snapshot.verifySize(file, displayName);
        return new Summary(header, records, snapshot.sha256(), snapshot);
    }

    /**
     * Refuses (for Jackson to judge) a record holding a NUL byte or bytes that are not strictly well-formed UTF-8:
     * what this lets through, Jackson reads too. Most records are ASCII and cost one look at each byte.
     */
    private static final class Utf8Check {
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        private CharBuffer chars = CharBuffer.allocate(256);

        /** @return the record's bytes */
        int check(CsvScanner rows) {
            byte[] b = rows.bytes();
            int n = rows.end(rows.fields() - 1);
            boolean ascii = true;
            for (int i = 0; i < n; i++) {
                if (b[i] <= 0) {
                    if (b[i] == 0) {
                        throw new CsvScanner.Unsupported("a NUL byte");
                    }
                    ascii = false;
                }
            }
            if (!ascii) {
                if (chars.capacity() < n) {
                    chars = CharBuffer.allocate(n);
                }
                chars.clear();
                decoder.reset();
                if (decoder.decode(ByteBuffer.wrap(b, 0, n), chars, true).isError() || decoder.flush(chars).isError()) {
                    throw new CsvScanner.Unsupported("not well-formed UTF-8");
                }
            }
            return n;
        }
    }

    private static java.io.InputStream open(Path file) {
        try {
            return java.nio.file.Files.newInputStream(file);
        } catch (java.io.IOException e) {
            throw new BadInputException(file.toString(), 0, "cannot be read: " + e.getMessage());
        }
    }

    /** @param snapshot the bytes checked: what the load reads, and nothing else */
    public record Summary(String[] header, long records, String sha256, SourceSnapshot snapshot) {
    }
}
