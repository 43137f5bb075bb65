package io.bulkroute.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bulkroute.model.Batch;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.ledger.LoadEntry;
import io.bulkroute.ledger.PieceEntry;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.model.PollPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream cutter: a completed group's journal becomes batches with the stream's columns, written down once. */
class StreamCutterTest {
    @TempDir
    Path work;

    @Test
    void aGroupIsCutIntoBatchesWithTheStreamsColumnsAndWrittenDownOnce() throws Exception {
        Ledger ledger = new Ledger("jdbc:h2:mem:stream-cutter-" + UUID.randomUUID(), "sa", "");
        LoadRequest request = new LoadRequest(work, "record stream", "Account", "insert", null, "v1", 3, 10_000_000, false,
                0, work.resolve("out"));
        ledger.loadStarted(LoadEntry.starting("s-1", request, "record stream", 0, "0".repeat(64), 0));
        LoadContext load = new LoadContext("s-1", request, new PollPolicy().start());
        load.setLedger(ledger);
        StreamLoad stream = new StreamLoad(load, Duration.ofMinutes(1), 10, work, false, 100);
        StreamRegistry registry = new StreamRegistry();
        registry.setBatchSize(2);
        registry.setLedger(ledger);
        StreamCutter cutter = new StreamCutter();
        cutter.setRegistry(registry);

        StreamLoad.Group group = stream.newGroup();
        stream.add(group, record(stream, "k1", Map.of("Name", "A")));
        stream.add(group, record(stream, "k1", Map.of("Name", "A")));
        stream.add(group, record(stream, "k2", fields("Name", "B", "Phone", "1")));
        assertThat(group.done()).as("a redelivered key is not taken twice").isFalse();
        stream.add(group, record(stream, "k3", Map.of("Name", "C")));
        assertThat(group.done()).as("the group is full at the stream's batch size").isTrue();

        List<Batch> batches = cutter.cut(stream, group);

        assertThat(batches).extracting(Batch::index, Batch::records, Batch::firstLine)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 2, 1L), org.assertj.core.groups.Tuple.tuple(2, 1, 3L));
        assertThat(Files.readString(batches.get(0).spool())).isEqualTo("Name,Phone\nA,\nB,1\n");
        assertThat(Files.readString(batches.get(1).spool())).isEqualTo("Name,Phone\nC,\n");
        assertThat(ledger.pieces("s-1")).extracting(PieceEntry::piece, PieceEntry::records, PieceEntry::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 2, "Cut"), org.assertj.core.groups.Tuple.tuple(2, 1, "Cut"));
        assertThat(load.getBatchCount()).isEqualTo(2);
        assertThat(load.getRecordsCut()).isEqualTo(3);
        assertThat(work.resolve("stream-00001.csv")).as("the group's CSV is gone once cut").doesNotExist();

        assertThat(cutter.cut(stream, group)).as("a retried cut hands out the same batches").isSameAs(batches);
        assertThat(ledger.pieces("s-1")).hasSize(2);
    }

    private static StreamRecord record(StreamLoad stream, String key, Map<String, String> fields) {
        return new StreamRecord(stream, key, fields, null);
    }

    private static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }
}
