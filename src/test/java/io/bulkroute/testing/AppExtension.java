package io.bulkroute.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.app.config.Settings;
import io.bulkroute.app.CamelRuntime;
import io.bulkroute.app.EmbeddedSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The application as it runs (Camel Main, the routes in routes/, configuration from config/) against a test class's
 * {@link SimulatorExtension}, with fast polling so that loads finish quickly. Register it after the simulator:
 * {@code @RegisterExtension @Order(2) static final AppExtension APP = new AppExtension(SIMULATOR);}
 *
 * <p>By default it starts a runtime without triggers before the class (as the command line runs a load) and stops
 * it after. A class that starts services of its own takes only their {@link #settings()} and dead-letter folder:
 * {@link #withoutRuntime()}.
 */
public final class AppExtension implements BeforeAllCallback, AfterAllCallback {
    /** One in-memory ledger per test JVM: the same test data may be loaded again in another class. */
    public static final String LEDGER_URL = "jdbc:h2:mem:ledger-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SimulatorExtension simulator;
    private final boolean runtime;
    private Path deadLetters;
    private CamelRuntime app;

    public AppExtension(SimulatorExtension simulator) {
        this(simulator, true);
    }

    private AppExtension(SimulatorExtension simulator, boolean runtime) {
        this.simulator = simulator;
        this.runtime = runtime;
    }

    /** The settings and dead-letter folder only: the class starts what it runs itself. */
    public AppExtension withoutRuntime() {
        return new AppExtension(simulator, false);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        simulator.start();
        deadLetters = Files.createTempDirectory("bulkroute-dead-letter");
        if (runtime) {
            app = new CamelRuntime(settings());
            app.context();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    /** The dev profile, pointed at the test's simulator, its ledger and its dead-letter folder. */
    public Settings settings() {
        Settings s = Settings.load("dev");
        s.set("simulator.enabled", "false");
        s.set(EmbeddedSimulator.LOGIN_URL, simulator.baseUrl());
        s.set("bulk.poll.initial-delay", "50");
        s.set("bulk.poll.max-delay", "400");
        s.set("bulk.dead-letter-uri", "file:" + deadLetters);
        s.set("bulk.ledger.url", LEDGER_URL);
        // a runtime with triggers serves the HTTP API: on a free port, never one another test or service holds
        s.set("bulk.http.port", "0");
        // the tests that need a broker start their own
        s.set("artemis.enabled", "false");
        return s;
    }

    public CamelRuntime runtime() {
        if (app == null) {
            throw new IllegalStateException("this AppExtension runs no runtime: it was made withoutRuntime()");
        }
        return app;
    }

    public CamelContext context() throws Exception {
        return runtime().context();
    }

    public ProducerTemplate template() throws Exception {
        return runtime().template();
    }

    /**
     * Runs a load through direct:bulk-load as the command line does, forced, into {@code out/} next to the file
     * unless {@code more} says otherwise; returns the report.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> load(Path file, String object, String operation, Map<String, Object> more) throws Exception {
        Map<String, Object> headers = new HashMap<>(more);
        headers.put("bulkSource", file.toAbsolutePath().toString());
        headers.put("bulkSourceName", file.getFileName().toString());
        headers.put("bulkObject", object);
        headers.put("bulkOperation", operation);
        headers.putIfAbsent("bulkOutDir", file.resolveSibling("out").toString());
        headers.putIfAbsent("bulkForce", "true");
        return (Map<String, Object>) template().requestBodyAndHeaders("direct:bulk-load", null, headers);
    }

    /** The folder the dead-letter channel writes to. */
    public Path deadLetterFolder() {
        return deadLetters;
    }

    /** Every dead-letter envelope written so far by this class's runtimes. */
    public List<JsonNode> deadLetters() throws IOException {
        return deadLetters(n -> true);
    }

    public List<JsonNode> deadLetters(Predicate<JsonNode> which) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(deadLetters)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode envelope = JSON.readTree(f.toFile());
                if (which.test(envelope)) {
                    all.add(envelope);
                }
            }
        }
        return all;
    }

    /** The dead-letter envelopes written for one load. */
    public List<JsonNode> deadLettersOf(Object loadId) throws IOException {
        return deadLetters(n -> n.path("loadId").asText().equals(String.valueOf(loadId)));
    }
}
