package io.bulkroute.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** One CSV row as Salesforce gets it, and its size in bytes without encoding it. */
class CsvLineTest {

    @Test
    void valuesAreQuotedOnlyWhenTheyMustBe() {
        assertThat(line("plain", "", null, "with, comma", "say \"hi\"", "two\nlines", "carriage\rreturn", " lead", "trail ", "in side"))
                .isEqualTo("plain,,,\"with, comma\",\"say \"\"hi\"\"\",\"two\nlines\",\"carriage\rreturn\",\" lead\",\"trail \",in side");
    }

    @Test
    void encodeEndsTheRowWithALineFeedInUtf8() {
        assertThat(new String(CsvLine.encode(new String[] {"Zoë", "a,b"}), StandardCharsets.UTF_8)).isEqualTo("Zoë,\"a,b\"\n");
    }

    @Test
    void theLengthInUtf8IsThatOfTheEncodedBytes() {
        for (String s : new String[] {"", "ascii", "Zoë", "café €", "emoji \uD83D\uDE00 and \uD83C\uDF0D", "日本語"}) {
            assertThat(CsvLine.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    private static String line(String... values) {
        StringBuilder out = new StringBuilder();
        CsvLine.append(out, values);
        return out.toString();
    }
}
