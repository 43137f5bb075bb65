package io.bulkroute.input;

import io.bulkroute.model.BadInputException;
import io.bulkroute.model.Batch;
import io.bulkroute.model.SnapshotInput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cut of a CSV file into pieces (Bulk 1.0 batches, Bulk 2.0 jobs): by records and by bytes, on row boundaries,
 * each piece a file with the header that re-reads as exactly the rows it took, and knowing the lines they came from.
 */
class CsvBatcherTest {
    private static final String HEADER = "Name,Description";

    @TempDir
    Path work;

    @Test
    void piecesHoldAtMostTheirRecordsAndTogetherEveryRowInOrder() throws Exception {
        List<List<String>> input = new ArrayList<>();
        StringBuilder csv = new StringBuilder(HEADER + "\n");
        for (int i = 1; i <= 10; i++) {
            csv.append("Account ").append(i).append(",row ").append(i).append('\n');
            input.add(List.of("Account " + i, "row " + i));
        }
        List<Batch> pieces = cut(file("ten.csv", csv.toString()), 3, Long.MAX_VALUE);

        assertThat(pieces).extracting(Batch::index).containsExactly(1, 2, 3, 4);
        assertThat(pieces).extracting(Batch::records).containsExactly(3, 3, 3, 1);
        assertThat(pieces).extracting(b -> b.spool().getFileName().toString())
                .containsExactly("piece-00001.csv", "piece-00002.csv", "piece-00003.csv", "piece-00004.csv");
        List<List<String>> all = new ArrayList<>();
        for (Batch b : pieces) {
            assertThat(Files.readString(b.spool())).startsWith(HEADER + "\n");
            all.addAll(rowsOf(b));
        }
        assertThat(all).isEqualTo(input);
    }

    @Test
    void quotedCommasQuotesAndNewlinesSurviveTheCutAndAreQuotedOnlyWhereTheyMustBe() throws Exception {
        Path file = file("quoted.csv", "\uFEFFName,Description\r\n"
                + "Acme,\"with, comma\"\r\n"
                + "\"Globex\",\"says \"\"hi\"\"\"\r\n"
                + "Initech,\"two\nlines\"\r\n"
                + "Umbrella, leading space\r\n"
                + "Hooli,\r\n");
        List<Batch> pieces = cut(file, 100, Long.MAX_VALUE);

        assertThat(pieces).singleElement().satisfies(b -> {
            assertThat(b.records()).isEqualTo(5);
            assertThat(rowsOf(b)).containsExactly(List.of("Acme", "with, comma"), List.of("Globex", "says \"hi\""),
                    List.of("Initech", "two\nlines"), List.of("Umbrella", " leading space"), List.of("Hooli", ""));
            // the byte order mark and CRLF are gone; values are quoted only when they need it
            assertThat(Files.readString(b.spool())).isEqualTo("Name,Description\n"
                    + "Acme,\"with, comma\"\n"
                    + "Globex,\"says \"\"hi\"\"\"\n"
                    + "Initech,\"two\nlines\"\n"
                    + "Umbrella,\" leading space\"\n"
                    + "Hooli,\n");
            assertThat(b.csv()).isEqualTo(Files.readAllBytes(b.spool()));
        });
    }

    @Test
    void piecesStayWithinTheirBytesHeaderIncludedCountedInUtf8() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER + "\n");
        for (int i = 1; i <= 40; i++) {
            // 2-, 3- and 4-byte characters: a piece's bytes are those of UTF-8, not chars
            csv.append("Zoë ").append(i).append(",\"café € ").append(i).append(" \uD83D\uDE00\"\n");
        }
        Path file = file("bytes.csv", csv.toString());
        long max = 200;
        List<Batch> pieces = cut(file, 1000, max);

        assertThat(pieces).hasSizeGreaterThan(5);
        int records = 0;
        for (Batch b : pieces) {
            long size = Files.size(b.spool());
            assertThat(b.bytes()).as("piece %d", b.index()).isEqualTo(size).isLessThanOrEqualTo(max);
            records += b.records();
        }
        assertThat(records).isEqualTo(40);
        // each piece is as full as the next row allows
        for (int i = 0; i < pieces.size() - 1; i++) {
            Batch b = pieces.get(i);
            String nextRow = Files.readString(pieces.get(i + 1).spool(), StandardCharsets.UTF_8).split("\n")[1] + "\n";
            assertThat(b.bytes() + nextRow.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(max);
        }
    }

    @Test
    void eachPieceKnowsTheLinesItsRowsStartOnMultiLineFieldsIncluded() throws Exception {
        // line 1 header; rows start on lines 2, 3, 5, 6, 9, 10 (two values span lines)
        Path file = file("lines.csv", HEADER + "\n"
                + "A,one\n"
                + "B,\"two\nlines\"\n"
                + "C,three\n"
                + "D,\"three\nmore\nlines\"\n"
                + "E,five\n"
                + "F,six\n");
        List<Batch> pieces = cut(file, 2, Long.MAX_VALUE);

        assertThat(pieces).extracting(Batch::firstLine).containsExactly(2L, 5L, 9L);
        assertThat(pieces).extracting(Batch::lastLine).containsExactly(3L, 6L, 10L);
    }

    @Test
    void aRowThatFitsInNoPieceIsBadInputNamingItsLine() throws Exception {
        Path file = file("wide.csv", HEADER + "\nA,short\nB," + "x".repeat(500) + "\n");
        try (CsvBatcher batcher = new CsvBatcher(file, "wide.csv", 100, 100, work, "piece")) {
            assertThat(batcher.hasNext()).isTrue();
            assertThat(batcher.next().records()).isEqualTo(1);
            assertThat(batcher.hasNext()).isTrue();
            assertThatThrownBy(batcher::next).isInstanceOfSatisfying(BadInputException.class, e -> {
                assertThat(e.file()).isEqualTo("wide.csv");
                assertThat(e.line()).isEqualTo(3);
                assertThat(e.reason()).isEqualTo("the row does not fit in 100 bytes");
            });
        }
    }

    @Test
    void anEmptyFileIsBadInputAndAHeaderAloneGivesNoPiece() throws Exception {
        assertThatThrownBy(() -> new CsvBatcher(file("empty.csv", ""), "empty.csv", 10, 1000, work, "piece"))
                .isInstanceOf(BadInputException.class).hasMessage("empty.csv: the file is empty");
        assertThat(cut(file("header.csv", HEADER + "\n"), 10, 1000)).isEmpty();
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(work.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** Cut by Jackson, and cut on bytes too: the two cuts must be the same, piece for piece and byte for byte. */
    private List<Batch> cut(Path file, int maxRecords, long maxBytes) throws IOException {
        List<Batch> pieces = new ArrayList<>();
        try (CsvBatcher batcher = new CsvBatcher(file, file.getFileName().toString(), maxRecords, maxBytes, work, "piece")) {
            while (batcher.hasNext()) {
                pieces.add(batcher.next());
            }
        }
        Path bytes = Files.createDirectories(work.resolve("on-bytes"));
        List<Batch> scanned = new ArrayList<>();
        try (CsvBatcher batcher = new CsvBatcher(SnapshotInput.taking(Files.newInputStream(file), "on bytes"), "on bytes",
                maxRecords, maxBytes, bytes, "piece", true)) {
            batcher.forEachRemaining(scanned::add);
        }
        assertThat(scanned).as("cut on bytes").hasSameSizeAs(pieces);
        for (int i = 0; i < pieces.size(); i++) {
            Batch parsed = pieces.get(i);
            Batch onBytes = scanned.get(i);
            assertThat(List.of(onBytes.index(), onBytes.records(), onBytes.bytes(), onBytes.firstLine(), onBytes.lastLine()))
                    .isEqualTo(List.of(parsed.index(), parsed.records(), parsed.bytes(), parsed.firstLine(), parsed.lastLine()));
            assertThat(Files.readAllBytes(onBytes.spool())).isEqualTo(Files.readAllBytes(parsed.spool()));
            assertThat(Files.size(parsed.spool())).isEqualTo(parsed.bytes());
        }
        return pieces;
    }

    @Test
    void theCutOnBytesIsTheCutOfTheParserOnAnyWellFormedInput() throws Exception {
        String[] pieces = {"a", "Acme", " ", ",", "\"", "\n", "\r\n", "\t", "\\", "é", "日本", "😀", "x y", "#"};
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            StringBuilder csv = new StringBuilder(random.nextBoolean() ? "\uFEFFName,Description,Phone" : "Name,Description,Phone");
            String end = random.nextBoolean() ? "\n" : "\r\n";
            csv.append(end);
            for (int row = random.nextInt(40); row >= 0; row--) {
                for (int field = 0; field < 3; field++) {
                    StringBuilder value = new StringBuilder();
                    for (int n = random.nextInt(6); n > 0; n--) {
                        value.append(pieces[random.nextInt(pieces.length)]);
                    }
                    csv.append(field > 0 ? "," : "").append('"').append(value.toString().replace("\"", "\"\"")).append('"');
                }
                csv.append(random.nextInt(10) == 0 ? end + end : end);
            }
            cut(file("random-" + round + ".csv", csv.toString()), 1 + random.nextInt(8), 300 + random.nextInt(400));
        }
    }

    /** The rows of a piece after its header, as read back. */
    private static List<List<String>> rowsOf(Batch piece) {
        List<List<String>> rows = new ArrayList<>();
        try (CsvRows in = new CsvRows(piece.spool())) {
            assertThat(in.next()).containsExactly("Name", "Description");
            String[] row;
            while ((row = in.next()) != null) {
                rows.add(List.of(row));
            }
        }
        return rows;
    }
}
