package io.bulkroute.trigger.message;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.bulkroute.app.EmbeddedArtemis;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The jms-load trigger on the application's embedded Artemis broker, persistent, reached over TCP. */
class JmsLoadTest extends MessagingTestSupport {
    private static EmbeddedArtemis broker;
    private static String url;

    @BeforeAll
    static void startBroker() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = memoryDir("bulkroute-artemis");
        broker = new EmbeddedArtemis(data, true, "127.0.0.1", port).start();
        url = "tcp://127.0.0.1:" + port;
        startService(Map.of("jms.url", url));
    }

    @AfterAll
    static void stopBroker() {
        stopService();
        broker.close();
    }

    @Override
    protected void send(String queue, List<Msg> messages) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
             Connection connection = factory.createConnection()) {
            // a transaction of up to 1,000 messages: one disk sync on the broker for each, not one per message
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            int n = 0;
            for (Msg m : messages) {
                TextMessage message = session.createTextMessage(m.body());
                for (Map.Entry<String, String> h : m.headers().entrySet()) {
                    message.setStringProperty(h.getKey(), h.getValue());
                }
                producer.send(message);
                if (++n % 1000 == 0) {
                    session.commit();
                }
            }
            session.commit();
        }
    }

    @Override
    protected void restartBroker() {
        broker.stop();
        broker.start();
    }

    @Override
    protected String sourceOf(String destination) {
        return "jms:queue:" + destination;
    }
}
