package io.bulkroute.trigger.message;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kafka-load trigger on a real Kafka 4 broker (KRaft) in this JVM. */
class KafkaLoadTest extends MessagingTestSupport {
    private static KRaftBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new KRaftBroker(memoryDir("bulkroute-kafka")).start();
        startService(Map.of("kafka.brokers", broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        stopService();
        broker.close();
    }

    /**
     * Offsets are committed once the records are on disk: after a stream, the consumer group's committed
     * offsets reach the end of the topic, so a restarted consumer does not read the stream again.
     */
    @Test
    void theConsumerCommitsItsOffsetsOnceTheRecordsAreOnDisk() throws Exception {
        String loadId = newLoadId();
        List<Map<String, Object>> records = records(3_000);
        send("test.stream", stream(loadId, records, true));
        awaitReport(loadId);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("bulkroute")
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                committed.keySet().stream().filter(tp -> tp.topic().equals("test.stream"))
                        .forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                assertThat(latest).as("committed partitions of test.stream").isNotEmpty();
                var ends = admin.listOffsets(latest).all().get();
                for (TopicPartition tp : latest.keySet()) {
                    assertThat(committed.get(tp).offset()).as("committed offset of %s", tp).isEqualTo(ends.get(tp).offset());
                }
            });
        }
    }

    @Override
    protected void send(String topic, List<Msg> messages) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (Msg m : messages) {
                // keyed by the load id: a stream's records share a partition, its completion comes after them
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, m.headers().get("bulkLoadId"), m.body());
                m.headers().forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
                producer.send(record);
            }
            producer.flush();
        }
    }

    @Override
    protected void restartBroker() {
        broker.stop();
        broker.start();
    }

    @Override
    protected String sourceOf(String destination) {
        return "kafka:" + destination;
    }
}
