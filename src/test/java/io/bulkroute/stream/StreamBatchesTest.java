package io.bulkroute.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bulkroute.model.LoadContext;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.model.PollBackoff;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cut of a record stream into batches, as the aggregator makes it: records go to the group's journal on disk,
 * a group is complete when it holds bulk.batch-size records or about bulk.batch-max-bytes, or when the stream ends,
 * and completed groups go to Salesforce in the order they completed.
 */
class StreamBatchesTest {
    private final CamelContext camel = new DefaultCamelContext();
    private final StreamBatches batches = new StreamBatches();

    @TempDir
    Path work;

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void aGroupIsCompleteOnceItHoldsTheBatchSize() throws Exception {
        StreamLoad stream = stream(3, 10_000_000);
        Exchange group = null;
        List<Boolean> done = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            group = batches.aggregate(group, record(stream, "k" + i, Map.of("Name", "Account " + i)));
            done.add(group.getProperty(StreamBatches.DONE, Boolean.class));
        }
        assertThat(done).containsExactly(false, false, true);
        StreamLoad.Group g = group.getProperty(StreamBatches.GROUP, StreamLoad.Group.class);
        assertThat(g.records()).isEqualTo(3);
        assertThat(g.firstRecord()).isEqualTo(1);
        assertThat(g.ticket()).isZero();
        assertThat(group.getProperty(StreamLoad.PROPERTY)).isSameAs(stream);
        stream.sealed(g.journal());
        assertThat(Files.readAllLines(g.journal().file())).hasSize(3)
                .allSatisfy(line -> assertThat(line).startsWith("{\"key\":\"k").contains("\"record\":{\"Name\":\"Account "));

        // the next record opens the next group, numbered on
        Exchange next = batches.aggregate(null, record(stream, "k4", Map.of("Name", "Account 4")));
        StreamLoad.Group second = next.getProperty(StreamBatches.GROUP, StreamLoad.Group.class);
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.firstRecord()).isEqualTo(4);
        assertThat(next.getProperty(StreamBatches.DONE, Boolean.class)).isFalse();
    }

    @Test
    void aGroupIsCompleteOnceItHoldsAboutTheBatchBytes() throws Exception {
        StreamLoad stream = stream(1_000, 100);
        Exchange group = null;
        int records = 0;
        do {
            group = batches.aggregate(group, record(stream, "k" + records, Map.of("Name", "Account " + records, "Description", "x".repeat(20))));
            records++;
        } while (!group.getProperty(StreamBatches.DONE, Boolean.class));
        // 31 bytes a row ("Account n,xxx…\n"): not complete at 93 bytes, complete at the row that reaches 100
        assertThat(records).isEqualTo(4);
    }

    @Test
    void theEndOfTheStreamCompletesTheGroupItReachesAndLaterRecordsAreRefused() throws Exception {
        StreamLoad stream = stream(100, 10_000_000);
        Exchange group = batches.aggregate(null, record(stream, "k1", Map.of("Name", "A")));
        group = batches.aggregate(group, end(stream));

        assertThat(group.getProperty(StreamBatches.DONE, Boolean.class)).isTrue();
        StreamLoad.Group g = group.getProperty(StreamBatches.GROUP, StreamLoad.Group.class);
        assertThat(g.ends()).isTrue();
        assertThat(g.records()).isEqualTo(1);
        assertThat(stream.state()).isEqualTo(StreamLoad.State.ENDING);
        assertThat(stream.endedBy()).isEqualTo("completion message");

        StreamRecord late = new StreamRecord(stream, "late", Map.of("Name", "Late"), null);
        Exchange lateExchange = exchange(late);
        Exchange lateGroup = batches.aggregate(null, lateExchange);
        assertThat(late.rejected()).contains("is ending (completion message)");
        assertThat(lateGroup.getProperty(StreamBatches.GROUP, StreamLoad.Group.class).records()).isZero();
    }

    @Test
    void aRedeliveredMessageIsJournalledOnce() throws Exception {
        StreamLoad stream = stream(100, 10_000_000);
        Exchange group = batches.aggregate(null, record(stream, "same-key", Map.of("Name", "A")));
        group = batches.aggregate(group, record(stream, "same-key", Map.of("Name", "A")));
        group = batches.aggregate(group, record(stream, "other-key", Map.of("Name", "B")));

        StreamLoad.Group g = group.getProperty(StreamBatches.GROUP, StreamLoad.Group.class);
        assertThat(g.records()).isEqualTo(2);
        assertThat(g.journal().appended()).isEqualTo(2);
    }

    @Test
    void theColumnsAreTheFieldsInTheOrderFirstSeenAndGroupsGoOutInTheOrderTheyCompleted() throws Exception {
        StreamLoad stream = stream(2, 10_000_000);
        Map<String, String> first = new LinkedHashMap<>();
        first.put("Name", "A");
        first.put("Industry", "Energy");
        Map<String, String> later = new LinkedHashMap<>();
        later.put("Phone", "+1 555");
        later.put("Name", "B");
        Exchange one = batches.aggregate(null, record(stream, "k1", first));
        Exchange two = batches.aggregate(null, record(stream, "k2", later));
        two = batches.aggregate(two, record(stream, "k3", first));
        one = batches.aggregate(one, record(stream, "k4", later));

        assertThat(stream.columns()).containsExactly("Name", "Industry", "Phone");
        assertThat(two.getProperty(StreamBatches.GROUP, StreamLoad.Group.class).ticket()).isZero();
        assertThat(one.getProperty(StreamBatches.GROUP, StreamLoad.Group.class).ticket()).isEqualTo(1);
    }

    private StreamLoad stream(int batchSize, long batchMaxBytes) {
        LoadRequest request = new LoadRequest(work, "stream", "Account", "insert", null, "v1", batchSize, batchMaxBytes, false,
                100_000_000, work.resolve("out"));
        LoadContext load = new LoadContext("stream-test", request, new PollBackoff(50, 2, 400));
        return new StreamLoad(load, Duration.ofSeconds(30), 10, work, false, 1_000);
    }

    private Exchange record(StreamLoad stream, String key, Map<String, String> fields) {
        return exchange(new StreamRecord(stream, key, fields, null));
    }

    private Exchange end(StreamLoad stream) {
        return exchange(new StreamRecord(stream, null, null, "completion message"));
    }

    private Exchange exchange(StreamRecord record) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(StreamRecord.PROPERTY, record);
        return exchange;
    }
}
