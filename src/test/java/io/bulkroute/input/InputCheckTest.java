package io.bulkroute.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.bulkroute.model.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input check reads on bytes where it can and hands the file to Jackson where it cannot vouch for it: either way
 * it accepts what Jackson accepts, with the same header, records and fingerprint, and refuses what Jackson refuses,
 * naming the same line and reason. Only a file read on bytes to its end is marked for a cut on bytes.
 */
class InputCheckTest {
    private static final long MAX_ROW = 1_000;

    @TempDir
    Path work;

    @Test
    void plainCsvIsCheckedOnBytesAndMarkedForACutOnBytes() throws Exception {
        Path file = file("\uFEFFName,Description\r\nAcme,\"with, comma\"\r\n\r\n  Globex,\"two\nlines\"\r\nZ\u00fcrich,\uD83D\uDE80\r\n");
        InputCheck.Summary summary = InputCheck.check(file, "plain.csv", MAX_ROW);

        assertThat(summary.snapshot().bytewise()).isTrue();
        assertSameAsParsed(summary, file);
        assertThat(summary.records()).isEqualTo(3);
        assertThat(summary.snapshot().size()).isEqualTo(Files.size(file));
    }

    @Test
    void whatOnlyJacksonMayReadIsCheckedByJacksonAndNotMarked() throws Exception {
        Path utf16 = work.resolve("utf16.csv");
        Files.write(utf16, "\uFEFFName,Description\nAcme,one\n".getBytes(StandardCharsets.UTF_16LE));
        Path wide = file("Name,Description\nAcme," + "x".repeat(600) + "\n");
        for (Path file : List.of(utf16, wide)) {
            InputCheck.Summary summary = InputCheck.check(file, "odd.csv", MAX_ROW);
            assertThat(summary.snapshot().bytewise()).as(file.toString()).isFalse();
            assertSameAsParsed(summary, file);
        }
    }

    @Test
    void badInputIsRefusedWithTheLineAndReasonJacksonGives() throws Exception {
        List<String> bad = List.of("", "Name,Description\n", "Name,name\nAcme,one\n", "Name,\nAcme,one\n",
                "Name,Description\nAcme,one\nGlobex\n", "Name,Description\nAcme,\"one\n", "Name,Description\nAcme,\"on\"e\n",
                "Name,Description\nAcme,o\u0000ne\n", "Na\u0000me,Description\nAcme,one\n",
                "Name,Description\nAcme,one\nGlobex," + "x".repeat(2_000) + "\n");
        for (String content : bad) {
            Path file = file(content);
            BadInputException onBytes = catchThrowableOfType(() -> InputCheck.check(file, "bad.csv", MAX_ROW), BadInputException.class);
            BadInputException parsed = catchThrowableOfType(() -> InputCheck.parsed(file, "bad.csv", MAX_ROW, 0),
                    BadInputException.class);
            assertThat(parsed).as("Jackson refuses %s", content).isNotNull();
            assertThat(onBytes).as("refused: %s", content).isNotNull();
            assertThat(List.of(onBytes.file(), onBytes.line(), onBytes.reason()))
                    .isEqualTo(List.of(parsed.file(), parsed.line(), parsed.reason()));
        }
        Path invalid = work.resolve("invalid.csv");
        Files.write(invalid, new byte[] {'N', 'a', 'm', 'e', '\n', 'A', (byte) 0xC3, '\n'});
        assertThat(catchThrowableOfType(() -> InputCheck.check(invalid, "invalid.csv", MAX_ROW), BadInputException.class)
                .reason()).contains("UTF-8");
    }

    private static void assertSameAsParsed(InputCheck.Summary summary, Path file) {
        InputCheck.Summary parsed = InputCheck.parsed(file, "parsed", MAX_ROW, summary.snapshot().modifiedMillis());
        assertThat(summary.header()).containsExactly(parsed.header());
        assertThat(summary.records()).isEqualTo(parsed.records());
        assertThat(summary.sha256()).isEqualTo(parsed.sha256());
        assertThat(summary.snapshot().size()).isEqualTo(parsed.snapshot().size());
    }

    private int files;

    private Path file(String content) throws Exception {
        return Files.writeString(work.resolve("input-" + ++files + ".csv"), content, StandardCharsets.UTF_8);
    }
}
