package io.bulkroute.app;

import java.nio.file.Path;

import io.bulkroute.app.config.Settings;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Apache Artemis broker of the dev profile ({@code artemis.enabled}), in this JVM: an in-VM acceptor
 * ({@code vm://0}, what the jms component uses by default) and a TCP acceptor on {@code artemis.host}:{@code artemis.port}
 * for other clients. Messages are persistent, in {@code artemis.data-dir}: a message is acknowledged only once its
 * record is on disk (see the jms-load route), and that promise means nothing if the broker forgets the message
 * it was not acknowledged for when the service stops.
 */
public final class EmbeddedArtemis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedArtemis.class);
    public static final String IN_VM_URL = "vm://0";
    private final Configuration configuration;
    private EmbeddedActiveMQ server;

    public EmbeddedArtemis(Path dataDir, boolean persistent, String host, int port) {
        Configuration c = new ConfigurationImpl();
        c.setName("bulkroute");
        c.setPersistenceEnabled(persistent);
        // NIO runs everywhere; libaio is a native library the machine may not have
        c.setJournalType(JournalType.NIO);
        c.setJournalDirectory(dataDir.resolve("journal").toString());
        c.setBindingsDirectory(dataDir.resolve("bindings").toString());
        c.setLargeMessagesDirectory(dataDir.resolve("large-messages").toString());
        c.setPagingDirectory(dataDir.resolve("paging").toString());
        // no users: the TCP acceptor binds to artemis.host, the loopback interface unless configured otherwise
        c.setSecurityEnabled(false);
        c.setJMXManagementEnabled(false);
        try {
            c.addAcceptorConfiguration("in-vm", IN_VM_URL);
            if (port >= 0) {
                c.addAcceptorConfiguration("tcp", "tcp://" + host + ":" + port);
            }
        } catch (Exception e) {
            throw new IllegalArgumentException("Bad Artemis acceptor " + host + ":" + port, e);
        }
        // a message the broker gave up on is kept in DLQ, never dropped (Artemis drops it when no dead-letter address is set)
        c.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setAutoCreateDeadLetterResources(true)
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setAutoCreateExpiryResources(true)
                .setMaxDeliveryAttempts(10)
                .setRedeliveryDelay(500)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(10_000));
        this.configuration = c;
    }

    /** Starts the broker of {@code artemis.*} when {@code artemis.enabled}; points {@code jms.url} at it unless set. */
    public static EmbeddedArtemis startIfEnabled(Settings settings) {
        if (!settings.flag("artemis.enabled")) {
            return null;
        }
        EmbeddedArtemis broker = new EmbeddedArtemis(Path.of(settings.get("artemis.data-dir", "data/artemis")),
                Boolean.parseBoolean(settings.get("artemis.persistent", "true")), settings.get("artemis.host", "127.0.0.1"),
                Integer.parseInt(settings.get("artemis.port", "61616").trim())).start();
        if (settings.get("jms.url", "").isBlank()) {
            settings.set("jms.url", IN_VM_URL);
        }
        return broker;
    }

    public synchronized EmbeddedArtemis start() {
        if (server != null) {
            return this;
        }
        EmbeddedActiveMQ s = new EmbeddedActiveMQ();
        s.setConfiguration(configuration);
        try {
            s.start();
        } catch (Exception e) {
            throw new IllegalStateException("The embedded Artemis broker cannot start: " + e.getMessage(), e);
        }
        server = s;
        LOG.info("Embedded Artemis broker started ({}, persistent: {}, acceptors: {})", configuration.getJournalDirectory(),
                configuration.isPersistenceEnabled(), configuration.getAcceptorConfigurations().stream()
                        .map(a -> a.getName() + "=" + a.getParams()).toList());
        return this;
    }

    /** Stops the broker; {@link #start()} starts it again on the same journal. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("The embedded Artemis broker did not stop cleanly: {}", e.getMessage());
        }
        server = null;
    }

    @Override
    public void close() {
        stop();
    }
}
