package io.bulkroute.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.bulkroute.input.CsvBatcher;
import io.bulkroute.input.InputCheck;
import io.bulkroute.model.Batch;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.model.SourceSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2.0 load's cut beside its input check: used only when it holds exactly the checked bytes, and then the
 * same pieces, byte for byte, as the cut after the check; dropped without a trace otherwise.
 */
class CutAheadTest {
    @TempDir
    Path dir;

    @Test
    void theCutOfTheCheckedBytesIsTheCutAfterTheCheck() throws IOException {
        Path input = input(3000);
        LoadRequest request = request(input, dir.resolve("ahead"));
        CutAhead ahead = CutAhead.start(request);
        InputCheck.Summary checked = InputCheck.check(input, "accounts.csv", 10_000_000);

        List<Batch> pieces = ahead.await(checked.snapshot());

        List<Batch> after = cutAfterCheck(input, checked.snapshot(), dir.resolve("after"));
        assertThat(pieces).hasSize(after.size()).hasSizeGreaterThan(2);
        for (int i = 0; i < after.size(); i++) {
            Batch a = pieces.get(i);
            Batch b = after.get(i);
            assertThat(List.of(a.index(), a.records(), a.bytes(), a.firstLine(), a.lastLine()))
                    .isEqualTo(List.of(b.index(), b.records(), b.bytes(), b.firstLine(), b.lastLine()));
            assertThat(Files.readAllBytes(a.spool())).isEqualTo(Files.readAllBytes(b.spool()));
        }
        assertThat(pieces.stream().mapToInt(Batch::records).sum()).isEqualTo(3000);
    }

    @Test
    void piecesOfOtherBytesThanTheCheckedAreDroppedWithTheirSpools() throws IOException {
        Path input = input(3000);
        CutAhead ahead = CutAhead.start(request(input, dir.resolve("out")));
        SourceSnapshot checked = InputCheck.check(input, "accounts.csv", 10_000_000).snapshot();
        SourceSnapshot other = new SourceSnapshot(checked.size(), "0".repeat(64), checked.modifiedMillis());

        assertThat(ahead.await(other)).isNull();
        assertThat(spools(dir.resolve("out"))).isEmpty();
    }

    @Test
    void aCancelledCutLeavesNoSpool() throws IOException {
        Path input = input(20_000);
        CutAhead ahead = CutAhead.start(request(input, dir.resolve("out")));

        ahead.cancel();

        assertThat(spools(dir.resolve("out"))).isEmpty();
    }

    private static List<Batch> cutAfterCheck(Path input, SourceSnapshot checked, Path out) throws IOException {
        Files.createDirectories(out.resolve(".work"));
        List<Batch> pieces = new ArrayList<>();
        try (CsvBatcher cutter = new CsvBatcher(input, "accounts.csv", Integer.MAX_VALUE, 40_000, out.resolve(".work"),
                "job", checked)) {
            cutter.forEachRemaining(pieces::add);
        }
        return pieces;
    }

    private Path input(int rows) throws IOException {
        StringBuilder csv = new StringBuilder("Name,Description\n");
        for (int i = 1; i <= rows; i++) {
            // quoting, commas and a line break inside a value: the cut must keep each row whole
            csv.append("\"Acme, ").append(i).append("\",\"line one\nline \"\"two\"\"\"\n");
        }
        Path file = dir.resolve("accounts.csv");
        Files.writeString(file, csv);
        return file;
    }

    private static LoadRequest request(Path input, Path out) throws IOException {
        Files.createDirectories(out.resolve(".work"));
        return new LoadRequest(input, "accounts.csv", "Account", "insert", null, "v2", 10_000, 10_000_000, false, 40_000, out);
    }

    private static List<Path> spools(Path out) throws IOException {
        try (var files = Files.list(out.resolve(".work"))) {
            return files.toList();
        }
    }
}
