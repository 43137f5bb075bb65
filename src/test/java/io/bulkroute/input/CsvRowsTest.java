package io.bulkroute.input;

import io.bulkroute.model.BadInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Reading CSV row by row: what survives, the line each row starts on, and input that is refused with its line. */
class CsvRowsTest {

    @Test
    void quotingCrlfAndAByteOrderMarkSurviveAndEmptyLinesAreSkipped() {
        List<List<String>> rows = read("\uFEFFName,Description\r\n"
                + "Acme,\"with, comma\"\r\n"
                + "\r\n"
                + "Globex,\"says \"\"hi\"\"\nover two lines\"\r\n"
                + "Initech,\n");
        assertThat(rows).containsExactly(List.of("Name", "Description"), List.of("Acme", "with, comma"),
                List.of("Globex", "says \"hi\"\nover two lines"), List.of("Initech", ""));
    }

    @Test
    void eachRowKnowsTheLineItStartsOn() {
        try (CsvRows in = rows("Name,Description\nA,one\nB,\"two\nlines\"\nC,three\n")) {
            List<Long> lines = new ArrayList<>();
            while (in.next() != null) {
                lines.add(in.line());
            }
            assertThat(lines).containsExactly(1L, 2L, 3L, 5L);
        }
    }

    @Test
    void malformedCsvIsBadInputNamingTheFileAndLine() {
        try (CsvRows in = rows("Name,Description\nA,one\nB,\"never closed\n")) {
            in.next();
            in.next();
            assertThatThrownBy(in::next).isInstanceOfSatisfying(BadInputException.class, e -> {
                assertThat(e.file()).isEqualTo("input.csv");
                // the quote opened on line 3 runs to the end of the file, where the parser finds it unclosed
                assertThat(e.line()).isEqualTo(4);
                assertThat(e.reason()).startsWith("malformed CSV");
            });
        }
    }

    @Test
    void invalidUtf8IsBadInputNamingItsLine() {
        byte[] bytes = "Name\nAcme\nGl?bex\n".getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 5] = (byte) 0xC3;
        try (CsvRows in = new CsvRows("input.csv", new ByteArrayInputStream(bytes))) {
            in.next();
            in.next();
            assertThatThrownBy(in::next).isInstanceOfSatisfying(BadInputException.class, e -> {
                assertThat(e.line()).isEqualTo(3);
                assertThat(e.reason()).containsIgnoringCase("invalid UTF-8");
            });
        }
    }

    private static CsvRows rows(String csv) {
        return new CsvRows("input.csv", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<List<String>> read(String csv) {
        List<List<String>> all = new ArrayList<>();
        try (CsvRows in = rows(csv)) {
            String[] row;
            while ((row = in.next()) != null) {
                all.add(List.of(row));
            }
        }
        return all;
    }
}
