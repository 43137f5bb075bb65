package io.bulkroute.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.bulkroute.input.CsvRows;
import io.bulkroute.input.CsvScanner;
import io.bulkroute.model.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte-level CSV reader and writer of the fast 2.0 join against Jackson, which they stand in for: whatever the
 * reader accepts it reads as {@link CsvRows} does, on the same lines, and the writer writes what {@link CsvRows#MAPPER} writes.
 */
class CsvBytesTest {
    private static final String[] PIECES = {"a", "b", "Acme", " ", ",", ",", "\"", "\"\"", "\n", "\r", "\r\n", "\t", "\\",
            "#", "é", "日本", "😀", "-", "x y"};

    @TempDir
    Path work;

    @Test
    void theReaderReadsWhatJacksonReadsOrRefuses() throws Exception {
        List<String> cases = new ArrayList<>(List.of("a,b\n", "a,b,\n", "a,", "\"a\"  ,b", "\"a\"\t\n", " a,b\n  c,d",
                "\n\n a\n", "a\r\nb\rc", "\uFEFFName,Id\nx,1\n", "\"x\"\"y\",\"\"\n", "ab\"c,d\n", "\"open", "\"a\"b,c",
                "\"two\nlines\",x\r\n", ",\n,,\n", "\"\"", " \"q\",\"r\" \n", "a,\"\"\"\"\"\"\"\n"));
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(25); n > 0; n--) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            cases.add(text.toString());
        }
        int read = 0;
        for (String text : cases) {
            List<List<String>> jackson = jackson(text);
            List<List<String>> scanned = scanned(text, 1 << 16);
            assertThat(scanned(text, 1 + random.nextInt(4))).as("read across buffer ends").isEqualTo(scanned);
            // null where it refuses: then Jackson must refuse too (a malformed file), or the fast join would be lost
            assertThat(scanned).as("read of %s", text.replace("\r", "\\r").replace("\n", "\\n")).isEqualTo(jackson);
            read += scanned == null ? 0 : 1;
        }
        assertThat(read).as("well-formed inputs").isGreaterThan(cases.size() / 2);
    }

    @Test
    void theWriterWritesWhatJacksonWrites() throws Exception {
        Random random = new Random(7);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "exactly twenty-four char", "exactly twenty-five chars", "éééééééééééééééééééééééé",
                "éééééééééééééééééééééééééé", "😀😀😀😀😀😀😀😀😀😀😀😀", "😀😀😀😀😀😀😀😀😀😀😀😀😀", "a\\b", "-", "+", "say \"hi\""});
        for (int i = 0; i < 5_000; i++) {
            String[] row = new String[1 + random.nextInt(5)];
            for (int f = 0; f < row.length; f++) {
                StringBuilder value = new StringBuilder();
                for (int n = random.nextInt(random.nextBoolean() ? 4 : 30); n > 0; n--) {
                    value.append(PIECES[random.nextInt(PIECES.length)]);
                }
                row[f] = value.toString();
            }
            rows.add(row);
        }
        StringWriter expected = new StringWriter();
        try (SequenceWriter w = CsvRows.MAPPER.writerFor(String[].class).with(CsvSchema.emptySchema().withLineSeparator("\n"))
                .writeValues(expected)) {
            for (String[] row : rows) {
                w.write(row);
            }
        }
        Path file = work.resolve("part.csv");
        try (CsvPartWriter w = new CsvPartWriter(file)) {
            for (String[] row : rows) {
                for (String value : row) {
                    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                    w.value(bytes, 0, bytes.length);
                }
                w.endRow();
            }
        }
        assertThat(Files.readString(file)).isEqualTo(expected.toString());
    }

    @Test
    void aValueLongerThanTheBufferIsWrittenWhole() throws Exception {
        String value = "\"quoted\" " + "x".repeat(100_000);
        Path file = work.resolve("long.csv");
        try (CsvPartWriter w = new CsvPartWriter(file)) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            w.value(bytes, 0, 1);
            w.value(bytes, 0, bytes.length);
            w.endRow();
        }
        assertThat(jackson(Files.readString(file))).containsExactly(List.of("\"", value, "@1"));
        try (CsvScanner in = new CsvScanner(Files.newInputStream(file))) {
            assertThat(in.next()).isTrue();
            assertThat(new String(in.bytes(), in.start(1), in.end(1) - in.start(1), StandardCharsets.UTF_8)).isEqualTo(value);
            assertThat(in.next()).isFalse();
        }
    }

    private static List<List<String>> jackson(String text) {
        List<List<String>> rows = new ArrayList<>();
        try (CsvRows in = new CsvRows("case", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            String[] row;
            while ((row = in.next()) != null) {
                List<String> values = new ArrayList<>(Arrays.asList(row));
                values.add("@" + in.line());
                rows.add(values);
            }
        } catch (BadInputException e) {
            return null;
        }
        return rows;
    }

    private static List<List<String>> scanned(String text, int buffer) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (CsvScanner in = new CsvScanner(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), buffer)) {
            while (in.next()) {
                List<String> row = new ArrayList<>();
                for (int f = 0; f < in.fields(); f++) {
                    row.add(new String(in.bytes(), in.start(f), in.end(f) - in.start(f), StandardCharsets.UTF_8));
                }
                row.add("@" + in.line());
                rows.add(row);
            }
        } catch (CsvScanner.Unsupported e) {
            return null;
        }
        return rows;
    }
}
