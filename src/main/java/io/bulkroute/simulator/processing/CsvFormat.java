package io.bulkroute.simulator.processing;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/** Reads batch CSV with Jackson's streaming parser, row by row, as raw string arrays. */
public final class CsvFormat {
    private static final CsvMapper MAPPER = new CsvMapper()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES);
    private final char delimiter;

    public CsvFormat(char delimiter) {
        this.delimiter = delimiter;
    }

    public static CsvFormat comma() {
        return new CsvFormat(',');
    }

    public char delimiter() {
        return delimiter;
    }

    public MappingIterator<String[]> rows(InputStream in) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(delimiter);
        return MAPPER.readerFor(String[].class).with(schema).readValues(in);
    }

    /** Salesforce quotes every value in the CSV it writes. */
    public static void appendQuoted(StringBuilder out, String value) {
        out.append('"');
        if (value != null) {
            int quote = value.indexOf('"');
            if (quote < 0) {
                // the usual case, copied whole
                out.append(value).append('"');
                return;
            }
            int from = 0;
            while (quote >= 0) {
                out.append(value, from, quote + 1).append('"');
                from = quote + 1;
                quote = value.indexOf('"', from);
            }
            out.append(value, from, value.length());
        }
        out.append('"');
    }
}
