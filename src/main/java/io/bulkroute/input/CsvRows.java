package io.bulkroute.input;

import io.bulkroute.model.BadInputException;

import java.io.BufferedInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Reads a CSV file row by row with Jackson's streaming parser: quoted commas, quotes and newlines,
 * CRLF and a UTF-8 byte order mark all survive. Knows the line each row starts on, so errors can
 * name it, and turns the parser's failures into {@link BadInputException}s.
 */
public final class CsvRows implements AutoCloseable {
    public static final CsvMapper MAPPER = new CsvMapper()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES);
    private final String name;
    private final InputStream in;
    private final MappingIterator<String[]> rows;
    private long line;

    public CsvRows(Path file) {
        this(file.toString(), open(file));
    }

    public CsvRows(String name, InputStream stream) {
        this.name = name;
        try {
            this.in = skipBom(new BufferedInputStream(stream, 1 << 16));
            this.rows = MAPPER.readerFor(String[].class).with(CsvSchema.emptySchema()).readValues(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static InputStream skipBom(BufferedInputStream in) throws IOException {
        in.mark(3);
        byte[] head = in.readNBytes(3);
        if (!(head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF)) {
            in.reset();
        }
        return in;
    }

    /** The next row, or null at the end. */
    public String[] next() {
        try {
            if (!rows.hasNextValue()) {
                return null;
            }
            line = rows.getCurrentLocation().getLineNr();
            String[] row = rows.nextValue();
            return row;
        } catch (CharConversionException e) {
            throw new BadInputException(name, line + 1, "invalid UTF-8: " + e.getMessage());
        } catch (JsonProcessingException e) {
            throw new BadInputException(name, Math.max(line, e.getLocation() == null ? 0 : e.getLocation().getLineNr()),
                    "malformed CSV: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CharConversionException) {
                throw new BadInputException(name, line + 1, "invalid UTF-8: " + cause.getMessage());
            }
            if (cause instanceof JsonProcessingException j) {
                throw new BadInputException(name, line, "malformed CSV: " + j.getOriginalMessage());
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }

    /** The line the last row returned starts on (1-based). */
    public long line() {
        return line;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            rows.close();
            in.close();
        } catch (IOException ignored) {
            // read-only stream
        }
    }
}
