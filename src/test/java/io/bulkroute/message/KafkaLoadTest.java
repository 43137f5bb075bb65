package io.bulkroute.message;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
