package io.bulkroute.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import io.bulkroute.input.CsvRows;
import io.bulkroute.outcome.Bulk2Join.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Bulk 2.0 result join: results come in no order and name a row only by echoing its values, yet each row ends
 * in exactly one outcome part, in input order, and identical rows take one result each.
 */
class Bulk2JoinTest {
    private static final String HEADER = "Name,Description";

    @TempDir
    Path work;

    @Test
    void resultsInAnyOrderAreJoinedBackInInputOrder() throws Exception {
        Path spool = spool("Acme,\"with, comma\"\nGlobex,\"two\nlines\"\n,no name\nInitech,\"says \"\"hi\"\"\"\n");
        long[] counts = join(spool, Map.of(
                Kind.SUCCESS, "sf__Id,sf__Created,Name,Description\n"
                        + "001C,true,Initech,\"says \"\"hi\"\"\"\n"
                        + "001A,true,Acme,\"with, comma\"\n"
                        + "001B,false,Globex,\"two\nlines\"\n",
                Kind.FAILED, "sf__Id,sf__Error,Name,Description\n,REQUIRED_FIELD_MISSING:Name,,no name\n",
                Kind.UNPROCESSED, "Name,Description\n"));

        assertThat(counts).containsExactly(3, 1, 0);
        assertThat(read(part("success"))).containsExactly(List.of("001A", "true", "Acme", "with, comma"),
                List.of("001B", "false", "Globex", "two\nlines"), List.of("001C", "true", "Initech", "says \"hi\""));
        assertThat(read(part("failed"))).containsExactly(List.of("", "REQUIRED_FIELD_MISSING:Name", "", "no name"));
        assertThat(read(part("unprocessed"))).isEmpty();
    }

    @Test
    void identicalRowsTakeOneResultEach() throws Exception {
        Path spool = spool("Twin,same\nOther,row\nTwin,same\nTwin,same\n");
        long[] counts = join(spool, Map.of(
                Kind.SUCCESS, "sf__Id,sf__Created,Name,Description\n001T1,true,Twin,same\nOTHER,true,Other,row\n001T2,true,Twin,same\n",
                Kind.FAILED, "sf__Id,sf__Error,Name,Description\n,DUPLICATE_VALUE:twin,Twin,same\n",
                Kind.UNPROCESSED, ""));

        assertThat(counts).containsExactly(3, 1, 0);
        List<List<String>> success = read(part("success"));
        assertThat(success).extracting(r -> r.get(2)).containsExactly("Twin", "Other", "Twin");
        assertThat(success).extracting(r -> r.get(0)).containsExactlyInAnyOrder("001T1", "OTHER", "001T2");
        assertThat(success.get(1).get(0)).isEqualTo("OTHER");
        assertThat(read(part("failed"))).containsExactly(List.of("", "DUPLICATE_VALUE:twin", "Twin", "same"));
    }

    @Test
    void rowsNoResultAnswersAreUnprocessedAndResultsForNoRowAreLeftOut() throws Exception {
        Path spool = spool("Acme,one\nGlobex,two\nInitech,three\n");
        long[] counts = join(spool, Map.of(
                Kind.SUCCESS, "sf__Id,sf__Created,Name,Description\n001B,true,Globex,two\n001X,true,Nobody,sent this\n",
                Kind.FAILED, "",
                Kind.UNPROCESSED, "Name,Description\nInitech,three\n"));

        assertThat(counts).containsExactly(1, 0, 2);
        assertThat(read(part("success"))).containsExactly(List.of("001B", "true", "Globex", "two"));
        assertThat(read(part("unprocessed"))).containsExactly(List.of("Acme", "one"), List.of("Initech", "three"));
    }

    /** Thousands of rows, many of them alike, results shuffled: every row in exactly one part, in input order. */
    @Test
    void everyRowEndsInExactlyOnePartAndTheWorkFilesAreRemoved() throws Exception {
        StringBuilder rows = new StringBuilder();
        List<String[]> input = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String[] row = {"Account " + (i % 700), i % 3 == 0 ? "same" : "row " + i};
            input.add(row);
            rows.append(row[0]).append(',').append(row[1]).append('\n');
        }
        List<String> success = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> unprocessed = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            String values = input.get(i)[0] + "," + input.get(i)[1];
            switch (i % 5) {
                case 0, 1, 2 -> success.add("ID" + i + ",true," + values);
                case 3 -> failed.add(",ERR" + i + "," + values);
                default -> {
                    if (i % 10 == 4) {
                        unprocessed.add(values);
                    }
                }
            }
        }
        Random random = new Random(7);
        Collections.shuffle(success, random);
        Collections.shuffle(failed, random);
        Collections.shuffle(unprocessed, random);
        Path joinDir = work.resolve("join");
        long[] counts = new Bulk2Join(joinDir).join(spool(rows.toString()), kind -> stream(switch (kind) {
                    case SUCCESS -> "sf__Id,sf__Created," + HEADER + "\n" + String.join("\n", success) + "\n";
                    case FAILED -> "sf__Id,sf__Error," + HEADER + "\n" + String.join("\n", failed) + "\n";
                    case UNPROCESSED -> HEADER + "\n" + String.join("\n", unprocessed) + "\n";
                }), part("success"), part("failed"), part("unprocessed"));

        assertThat(counts).containsExactly(3_000, 1_000, 1_000);
        List<List<String>> all = new ArrayList<>();
        read(part("success")).forEach(r -> all.add(r.subList(2, 4)));
        read(part("failed")).forEach(r -> all.add(r.subList(2, 4)));
        all.addAll(read(part("unprocessed")));
        assertThat(all).containsExactlyInAnyOrderElementsOf(input.stream().map(List::of).toList());
        // within each part, the rows keep the input's order
        assertThat(read(part("success")).stream().map(r -> r.subList(2, 4)).toList())
                .containsExactlyElementsOf(inOrder(input, 0, 1, 2));
        assertThat(read(part("failed")).stream().map(r -> r.subList(2, 4)).toList()).containsExactlyElementsOf(inOrder(input, 3));
        // identical rows took one result each: no result id twice
        assertThat(read(part("success")).stream().map(r -> r.get(0)).distinct().count()).isEqualTo(3_000);
        try (Stream<Path> left = Files.list(joinDir)) {
            assertThat(left).as("bucket files").isEmpty();
        }
    }

    private static List<List<String>> inOrder(List<String[]> input, int... kinds) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            for (int k : kinds) {
                if (i % 5 == k) {
                    rows.add(List.of(input.get(i)));
                }
            }
        }
        return rows;
    }

    private long[] join(Path spool, Map<Kind, String> results) throws Exception {
        return new Bulk2Join(work.resolve("join")).join(spool, kind -> stream(results.get(kind)),
                part("success"), part("failed"), part("unprocessed"));
    }

    private Path spool(String rows) throws Exception {
        return Files.writeString(work.resolve("job-00001.csv"), HEADER + "\n" + rows, StandardCharsets.UTF_8);
    }

    private Path part(String name) {
        return work.resolve(name + ".part");
    }

    /** Every row of an outcome part (the join writes them without a header). */
    private static List<List<String>> read(Path part) {
        List<List<String>> rows = new ArrayList<>();
        try (CsvRows in = new CsvRows(part)) {
            String[] row;
            while ((row = in.next()) != null) {
                rows.add(List.of(row));
            }
        }
        return rows;
    }

    private static ByteArrayInputStream stream(String csv) {
        return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
    }
}
