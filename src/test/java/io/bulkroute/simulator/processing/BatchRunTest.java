package io.bulkroute.simulator.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.bulkroute.simulator.fault.FaultInjector;
import io.bulkroute.simulator.fault.Faults;
import io.bulkroute.simulator.org.BatchFailure;
import io.bulkroute.simulator.org.Operation;
import io.bulkroute.simulator.org.OrgStore;
import io.bulkroute.simulator.org.RecordResult;
import io.bulkroute.simulator.org.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large batches (parsed ahead, written behind) come out as small ones do: in order, with the same results. */
class BatchRunTest {
    private static final int ROWS = (int) BatchRun.READ_AHEAD_RECORDS + 12_345;

    @TempDir
    Path dir;

    /** What a sink was told, in order (from whichever thread). */
    private static final class Recording implements ResultSink {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        int results;
        int unprocessed;

        @Override
        public void header(String[] header) {
            lines.add("H " + String.join("|", header));
        }

        @Override
        public void result(String[] row, RecordResult r) {
            results++;
            lines.add("R " + String.join("|", row) + " -> " + r);
        }

        @Override
        public void unprocessed(String[] row) {
            unprocessed++;
            lines.add("U " + String.join("|", row));
        }
    }

    private Path csv(String name, String start) throws IOException {
        StringBuilder csv = new StringBuilder(start).append("Name,Industry,NumberOfEmployees,Description,External_Id__c\r\n");
        for (int i = 0; i < ROWS; i++) {
            String name1 = i % 997 == 0 ? "" : "Acme " + i;          // required field missing
            String employees = i % 1_001 == 0 ? "many" : String.valueOf(i % 70);  // not an integer
            String key = i % 1_499 == 0 ? "K" + (i - 1) : "K" + i;      // a key the row before already took
            csv.append(name1).append(",Énergie,").append(employees).append(",\"Says \"\"hi\"\",\nto ").append(i)
                    .append("\",").append(key).append("\r\n");
        }
        Path file = dir.resolve(name);
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    private static BatchRun run() {
        return new BatchRun(new OrgStore(Schema.builtIn()), new FaultInjector(Faults.none()), new RecordPacer(0));
    }

    private static final BatchRun.Target INSERT = new BatchRun.Target("Account", Operation.INSERT, null, Long.MAX_VALUE);

    @Test
    void aLargeBatchIsAppliedAndReportedInOrder() throws Exception {
        Recording fast = new Recording();
        List<BatchRun.Counts> progress = Collections.synchronizedList(new ArrayList<>());
        BatchRun.Counts counts = run().run(csv("fast.csv", ""), CsvFormat.comma(), INSERT, () -> false, fast, progress::add);

        // the same rows through Jackson (a byte order mark keeps the fast scanner out): the same story
        Recording jackson = new Recording();
        BatchRun.Counts jacksonCounts = run().run(csv("bom.csv", "\uFEFF"), CsvFormat.comma(), INSERT, () -> false, jackson, c -> { });

        assertThat(counts.processed()).isEqualTo(ROWS);
        assertThat(counts.failed()).isEqualTo(jacksonCounts.failed()).isGreaterThan(100);
        assertThat(fast.lines).hasSize(ROWS + 1).isEqualTo(jackson.lines);
        assertThat(fast.lines.get(1)).startsWith("R |Énergie|many|Says \"hi\",\nto 0|K-1 -> RecordResult[id=, success=false")
                .contains("'many' is not a valid value for the type xsd:int");
        assertThat(fast.lines.get(2)).startsWith("R Acme 1|Énergie|1|").contains("success=true, created=true");
        assertThat(fast.lines).filteredOn(l -> l.contains("DUPLICATE_VALUE")).hasSizeGreaterThan(10);
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(counts);
    }

    @Test
    void aStoppedLargeBatchLeavesTheRestUnprocessed() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        Recording sink = new Recording();
        BatchRun.Counts counts = run().run(csv("stop.csv", ""), CsvFormat.comma(), INSERT,
                () -> checks.incrementAndGet() > 25, sink, c -> { });
        assertThat(counts.processed()).isEqualTo(25 * BatchRun.CHUNK);
        assertThat(sink.results).isEqualTo(25 * BatchRun.CHUNK);
        assertThat(sink.unprocessed).isEqualTo(ROWS - 25 * BatchRun.CHUNK);
        assertThat(sink.lines.get(25 * BatchRun.CHUNK)).startsWith("R ");
        assertThat(sink.lines.get(25 * BatchRun.CHUNK + 1)).startsWith("U ");
    }

    @Test
    void aFailingSinkFailsTheRun() throws Exception {
        Path file = csv("sink.csv", "");
        ResultSink failing = new ResultSink() {
            int n;

            @Override
            public void header(String[] header) {
            }

            @Override
            public void result(String[] row, RecordResult result) throws IOException {
                if (++n == 30_000) {
                    throw new IOException("disk full");
                }
            }

            @Override
            public void unprocessed(String[] row) {
            }
        };
        assertThatThrownBy(() -> run().run(file, CsvFormat.comma(), INSERT, () -> false, failing, c -> { }))
                .isInstanceOf(IOException.class).hasMessage("disk full");
    }

    @Test
    void aBadLargeBatchFailsWithJacksonsWords() throws Exception {
        Path file = csv("bad.csv", "");
        Files.writeString(file, "a,\"b\"c\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> run().run(file, CsvFormat.comma(), INSERT, () -> false, new Recording(), c -> { }))
                .isInstanceOf(BatchFailure.class)
                .hasMessageStartingWith("InvalidBatch : Failed to parse CSV near line " + (ROWS + 2) + ": Unexpected character ('c'");
    }
}
