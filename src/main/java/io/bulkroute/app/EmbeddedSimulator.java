package io.bulkroute.app;

import io.bulkroute.app.config.Settings;
import io.bulkroute.simulator.Simulator;
import io.bulkroute.simulator.SimulatorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the simulator when {@code simulator.enabled} is true (the dev profile) and points the
 * salesforce component at it, saying loudly that no real org is involved.
 */
public final class EmbeddedSimulator {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSimulator.class);
    public static final String LOGIN_URL = "camel.component.salesforce.login-url";

    private EmbeddedSimulator() {
    }

    /** @return the running simulator, or null when the settings target another Salesforce */
    public static Simulator startIfEnabled(Settings settings) {
        if (!settings.flag("simulator.enabled")) {
            return null;
        }
        Simulator simulator = new Simulator(SimulatorConfig.from(settings::get)).start();
        settings.set(LOGIN_URL, simulator.baseUrl());
        LOG.warn("SIMULATOR: profile '{}' talks to the embedded Salesforce simulator at {}, not to a real org",
                settings.profile(), simulator.baseUrl());
        return simulator;
    }
}
