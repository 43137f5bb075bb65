package io.bulkroute.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import io.bulkroute.app.EmbeddedArtemis;
import io.bulkroute.app.config.Settings;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.model.Api;
import io.bulkroute.simulator.Simulator;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service mode: Camel Main running every route in {@code routes/} (the working directory's, or the
 * jar's), configured from {@link Settings}, against the embedded simulator in the dev profile.
 */
public final class Service {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

    private Service() {
    }

    /** Runs until stopped; returns the exit status. */
    public static int run(Settings settings) {
        Simulator simulator = EmbeddedSimulator.startIfEnabled(settings);
        EmbeddedArtemis broker = null;
        try {
            broker = EmbeddedArtemis.startIfEnabled(settings);
            Main main = newMain(settings);
            runMain(main);
            return Math.max(0, main.getExitCode());
        } catch (Exception e) {
            LOG.error("bulkroute cannot start: {}", StartupFailure.describe(e, settings));
            return 1;
        } finally {
            if (broker != null) {
                broker.close();
            }
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    /** Runs {@code main} until it is stopped; a start that failed leaves nothing of it running (EarlyLogin). */
    static void runMain(Main main) throws Exception {
        try {
            main.run();
        } catch (Exception e) {
            EarlyLogin.settle(main);
            throw e;
        }
    }

    public static Main newMain(Settings settings) {
        Main main = new Main();
        Properties props = settings.asProperties();
        props.putIfAbsent("camel.main.routes-include-pattern", routesPattern());
        props.putIfAbsent("camel.main.name", "bulkroute");
        // message triggers start only where there is a broker to consume from
        boolean triggers = !"false".equalsIgnoreCase(props.getProperty("bulk.triggers.enabled", "true").trim());
        props.setProperty("bulk.jms.enabled", String.valueOf(triggers && !settings.get("jms.url", "").isBlank()));
        props.setProperty("bulk.kafka.enabled", String.valueOf(triggers && !settings.get("kafka.brokers", "").isBlank()));
        main.setOverrideProperties(props);
        main.addMainListener(new EarlyLogin());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport support) {
                /*
                 * Camel Main parses the YAML twice (a pre-parse for modelines, then the routes) and would make each
                 * bean twice: the ledger migrated twice, pools made and left behind. A bean bound lazily is made once,
                 * when first looked up, and one that nothing uses (a trigger's, in a command) is never made.
                 */
                PluginHelper.getBeanPostProcessor(support.getCamelContext()).setLazyBeanStrategy(bean -> true);
            }

            @Override
            public void beforeStart(BaseMainSupport support) {
                // the ledger opens while the beans and routes are built; nothing starts without it
                Ledger ledger = support.getCamelContext().getRegistry().lookupByNameAndType("ledger", Ledger.class);
                if (ledger != null) {
                    ledger.awaitReady();
                }
            }

            @Override
            public void afterStart(BaseMainSupport support) {
                CamelContext context = support.getCamelContext();
                LOG.info("bulkroute is running ({} routes, profile {}, configuration from {}, routes from {})",
                        context.getRoutes().size(), settings.profile(), settings.source(),
                        props.getProperty("camel.main.routes-include-pattern"));
            }
        });
        return main;
    }

    /** The working directory's routes when it has them, else the jar's. */
    public static String routesPattern() {
        return Files.isDirectory(Path.of("routes")) ? "file:routes/*.camel.yaml" : "classpath:routes/*.camel.yaml";
    }

    /**
     * The routes a command runs: a load through either API, its error handling and its resume, and the beans they
     * use. A command starts no trigger, so it need not parse or start their routes: it starts in less time.
     */
    public static String commandRoutesPattern() {
        return routeFiles(List.of("beans", "error-handling", "load", "load-" + Api.V1.configName(),
                "load-" + Api.V2.configName(), "resume"));
    }

    /** The routes a {@code load} command runs: one load through {@code api}, without resume. */
    public static String loadRoutesPattern(Api api) {
        return routeFiles(List.of("beans", "error-handling", "load", "load-" + api.configName()));
    }

    private static String routeFiles(List<String> names) {
        String base = routesPattern().replace("*.camel.yaml", "");
        return names.stream().map(f -> base + f + ".camel.yaml").collect(Collectors.joining(","));
    }
}
