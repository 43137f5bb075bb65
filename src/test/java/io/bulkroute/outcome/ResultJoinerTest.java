package io.bulkroute.outcome;

import static io.bulkroute.testing.OutcomeAssertions.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.model.PollBackoff;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Bulk 1.0 result join: the n-th result line answers the n-th row of the batch as uploaded, so each row goes to
 * exactly one outcome file, with the id, created flag or error its result gives; rows without a result are unprocessed.
 */
class ResultJoinerTest {
    private static final String[] HEADER = {"Name", "Description"};

    @TempDir
    Path work;
    private LoadContext load;

    @BeforeEach
    void newLoad() {
        LoadRequest request = new LoadRequest(work.resolve("accounts.csv"), "accounts.csv", "Account", "insert", null, "v1",
                10_000, 10_000_000, false, 100_000_000, work.resolve("out"));
        load = new LoadContext("test-load", request, new PollBackoff(50, 2, 400));
        load.setInput(4, new OutcomeFiles(work.resolve("out"), HEADER));
    }

    @Test
    void eachRowTakesTheResultInItsPlace() throws Exception {
        BatchRef batch = batch("Acme,\"with, comma\"\nGlobex,\"two\nlines\"\n,no name\nInitech,updated\n", 4);
        ResultJoiner.join(load, batch, results("\"Id\",\"Success\",\"Created\",\"Error\"\n"
                + "\"001A\",\"true\",\"true\",\"\"\n"
                + "\"001B\",\"true\",\"true\",\"\"\n"
                + "\"\",\"false\",\"false\",\"REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --\"\n"
                + "\"001D\",\"true\",\"false\",\"\"\n"));
        load.getOutcomes().close();

        assertThat(rows(out("success.csv"))).containsExactly(List.of("001A", "true", "Acme", "with, comma"),
                List.of("001B", "true", "Globex", "two\nlines"), List.of("001D", "false", "Initech", "updated"));
        assertThat(rows(out("failed.csv"))).containsExactly(
                List.of("", "REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --", "", "no name"));
        assertThat(rows(out("unprocessed.csv"))).isEmpty();
        assertThat(batch.getRowsWritten()).isEqualTo(4);
        assertThat(load.getOutcomes().succeeded()).isEqualTo(3);
        assertThat(load.getOutcomes().failed()).isEqualTo(1);
    }

    @Test
    void resultColumnsAreFoundByNameInAnyOrderAndCase() throws Exception {
        BatchRef batch = batch("Acme,one\nGlobex,two\n", 2);
        ResultJoiner.join(load, batch, results("error,created,id,success\n,true,001A,true\nDUPLICATE_VALUE:dup,false,,false\n"));
        load.getOutcomes().close();

        assertThat(rows(out("success.csv"))).containsExactly(List.of("001A", "true", "Acme", "one"));
        assertThat(rows(out("failed.csv"))).containsExactly(List.of("", "DUPLICATE_VALUE:dup", "Globex", "two"));
    }

    @Test
    void rowsBeyondTheLastResultAreUnprocessed() throws Exception {
        BatchRef batch = batch("Acme,one\nGlobex,two\nInitech,three\n", 3);
        ResultJoiner.join(load, batch, results("Id,Success,Created,Error\n001A,true,true,\n"));
        load.getOutcomes().close();

        assertThat(rows(out("success.csv"))).containsExactly(List.of("001A", "true", "Acme", "one"));
        assertThat(rows(out("unprocessed.csv"))).containsExactly(List.of("Globex", "two"), List.of("Initech", "three"));
        assertThat(batch.getRowsWritten()).isEqualTo(3);
    }

    @Test
    void aBatchSalesforceDidNotProcessIsUnprocessedWholeOrFromWhereItsRowsStopped() throws Exception {
        BatchRef failed = batch("Acme,one\nGlobex,two\n", 2);
        ResultJoiner.unprocessed(load, failed);
        BatchRef half = batch("Initech,three\nHooli,four\nUmbrella,five\n", 3);
        ResultJoiner.unprocessedFrom(load, half, 1);
        load.getOutcomes().close();

        assertThat(rows(out("unprocessed.csv"))).containsExactly(List.of("Acme", "one"), List.of("Globex", "two"),
                List.of("Hooli", "four"), List.of("Umbrella", "five"));
        assertThat(failed.getRowsWritten()).isEqualTo(2);
        assertThat(half.getRowsWritten()).isEqualTo(2);
    }

    @Test
    void resultsWithoutTheExpectedColumnsAreRefused() throws Exception {
        BatchRef batch = batch("Acme,one\n", 1);
        assertThatThrownBy(() -> ResultJoiner.join(load, batch, results("Id,Created,Error\n001A,true,\n")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Success");
    }

    /** Values Jackson quotes or leaves alone: commas, quotes, line ends, a backslash, long and multi-byte text. */
    private static final String AWKWARD_ROWS = "Acme,\"with, comma\"\n\"Globex \"\"Corp\"\"\",\"two\r\nlines\"\n,no name\n"
            + "Initech,back\\slash\nZ\u00fcrich Versicherungs-Gesellschaft AG,\ud83d\ude80 rocket \u00e9t\u00e9 \u00e0 Z\u00fcrich plus\n"
            + "Hooli,exactly twenty-four chr\nUmbrella,\"  padded  \"\nSoylent,\n";
    private static final String AWKWARD_RESULTS = "\"Id\",\"Success\",\"Created\",\"Error\"\n"
            + "\"001A\",\"TRUE\",\"True\",\"\"\n"
            + "\"001B\",\"true\",\"false\",\"\"\n"
            + "\"\",\"false\",\"false\",\"REQUIRED_FIELD_MISSING:Required fields are missing: [Name], \"\"quoted\"\"\"\n"
            + "\"001D\",\"true\",\"yes\",\"\"\n"
            + "\"001E\",\"false\",\"false\",\"FIELD_CUSTOM_VALIDATION_EXCEPTION:\u00e9\u00e8\r\nsecond line\"\n"
            + "\"001F\",\"true\",\"true\",\"\"\n";

    @Test
    void theJoinOnBytesWritesByteForByteWhatTheJoinOnRowsWrites() throws Exception {
        BatchRef bytes = batch(AWKWARD_ROWS, 8);
        Path parts = Files.createDirectories(work.resolve("parts"));
        assertThat(BatchResultJoin.join(bytes.getSpool(), results(AWKWARD_RESULTS), parts.resolve("s"), parts.resolve("f"),
                parts.resolve("u"))).as("read on bytes, not handed to the join on rows").containsExactly(6, 4, 2, 2);
        ResultJoiner.join(load, bytes, results(AWKWARD_RESULTS));
        load.getOutcomes().close();
        LoadContext rowByRow = secondLoad();
        BatchRef rows = batch(AWKWARD_ROWS, 8);
        ResultJoiner.joinRows(rowByRow, rows, results(AWKWARD_RESULTS));
        rowByRow.getOutcomes().close();

        for (String file : List.of("success.csv", "failed.csv", "unprocessed.csv")) {
            assertThat(Files.readAllBytes(out(file))).as(file).isEqualTo(Files.readAllBytes(work.resolve("rows").resolve(file)));
        }
        assertThat(rows(out("success.csv"))).extracting(row -> row.get(0)).containsExactly("001A", "001B", "001D", "001F");
        assertThat(rows(out("failed.csv"))).extracting(row -> row.get(0)).containsExactly("", "001E");
        assertThat(rows(out("unprocessed.csv"))).containsExactly(List.of("Umbrella", "  padded  "), List.of("Soylent", ""));
        assertThat(bytes.getRowsWritten()).isEqualTo(8);
        assertThat(load.getOutcomes().unprocessed()).isEqualTo(2);
        try (var left = Files.list(work)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no part left beside the spools")
                    .allMatch(name -> name.endsWith(".csv") || name.equals("out") || name.equals("rows") || name.equals("parts"));
        }
    }

    /** Results the join on bytes does not read (UTF-16): joined row by row, from a stream that can or cannot be reset. */
    @Test
    void resultsTheJoinOnBytesCannotReadAreJoinedRowByRow() throws Exception {
        byte[] utf16 = ("\ufeffId,Success,Created,Error\n001A,true,true,\n,false,false,DUPLICATE_VALUE:dup\n")
                .getBytes(StandardCharsets.UTF_16LE);
        BatchRef resettable = batch("Acme,one\nGlobex,two\n", 2);
        ResultJoiner.join(load, resettable, new ByteArrayInputStream(utf16));
        BatchRef once = batch("Initech,three\nHooli,four\n", 2);
        ResultJoiner.join(load, once, new java.io.BufferedInputStream(new ByteArrayInputStream(utf16)) {
            @Override
            public boolean markSupported() {
                return false;
            }
        });
        load.getOutcomes().close();

        assertThat(rows(out("success.csv"))).containsExactly(List.of("001A", "true", "Acme", "one"),
                List.of("001A", "true", "Initech", "three"));
        assertThat(rows(out("failed.csv"))).containsExactly(List.of("", "DUPLICATE_VALUE:dup", "Globex", "two"),
                List.of("", "DUPLICATE_VALUE:dup", "Hooli", "four"));
        assertThat(resettable.getRowsWritten() + once.getRowsWritten()).isEqualTo(4);
    }

    private LoadContext secondLoad() {
        LoadRequest request = new LoadRequest(work.resolve("accounts.csv"), "accounts.csv", "Account", "insert", null, "v1",
                10_000, 10_000_000, false, 100_000_000, work.resolve("rows"));
        LoadContext second = new LoadContext("test-load-2", request, new PollBackoff(50, 2, 400));
        second.setInput(8, new OutcomeFiles(work.resolve("rows"), HEADER));
        return second;
    }

    private int batches;

    /** A batch's spool: the header and these rows, as uploaded. */
    private BatchRef batch(String rows, int records) throws Exception {
        Path spool = Files.writeString(work.resolve("batch-" + ++batches + ".csv"), "Name,Description\n" + rows);
        BatchRef batch = new BatchRef(batches, records, 2, spool);
        batch.setId("751B" + batches);
        return batch;
    }

    private static InputStream results(String csv) {
        return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
    }

    private Path out(String name) {
        return work.resolve("out").resolve(name);
    }
}
