package io.bulkroute.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Properties;

import io.bulkroute.app.config.Settings;
import io.bulkroute.simulator.Simulator;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dev profile as shipped: embedded simulator, routes/ loaded, the connection proved at start. */
class DevProfileTest extends CamelMainTestSupport {
    private static Settings settings;
    private static Simulator simulator;

    @BeforeAll
    static void startSimulator() {
        settings = Settings.load("dev");
        // the HTTP API on a free port: a dev service may hold the configured one
        settings.set("bulk.http.port", "0");
        simulator = EmbeddedSimulator.startIfEnabled(settings);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        return settings.asProperties();
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern(Service.routesPattern());
    }

    @Test
    void devProfileTargetsTheEmbeddedSimulator() {
        assertThat(simulator).isNotNull();
        assertThat(settings.get(EmbeddedSimulator.LOGIN_URL)).isEqualTo(simulator.baseUrl());
        assertThat(simulator.baseUrl()).startsWith("http://127.0.0.1:");
    }

    @Test
    void connectionIsProvedAtStartByReadingLimits() {
        assertThat(context.getRoute("connection-check")).isNotNull();
        // the route's salesforce:limits call is an API call the org counts (once per started context)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(simulator.org().usage().limits().get("DailyApiRequests").get("Remaining"))
                        .isLessThan(simulator.org().usage().limits().get("DailyApiRequests").get("Max")));
    }
}
