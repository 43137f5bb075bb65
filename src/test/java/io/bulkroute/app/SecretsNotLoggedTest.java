package io.bulkroute.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bulkroute.app.config.Settings;
import io.bulkroute.simulator.Simulator;
import io.bulkroute.simulator.SimulatorConfig;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole run's output, from start to stop with a load in between, holds none of the secrets it was given. */
class SecretsNotLoggedTest {
    private static final String CLIENT_SECRET = "client-secret-" + UUID.randomUUID();
    private static final String PASSWORD = "sf-password-" + UUID.randomUUID();
    private static final String API_TOKEN = "api-token-" + UUID.randomUUID();
    private static final String LEDGER_PASSWORD = "ledger-password-" + UUID.randomUUID();

    @TempDir
    Path work;

    @Test
    void noSecretIsPrinted() throws Exception {
        Map<String, String> org = Map.of("simulator.client-secret", CLIENT_SECRET, "simulator.password", PASSWORD);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        String accessToken;
        Map<?, ?> report;
        try (Simulator simulator = new Simulator(SimulatorConfig.from(org::get)).start()) {
            Settings settings = Settings.load("dev");
            settings.set("simulator.enabled", "false");
            settings.set(EmbeddedSimulator.LOGIN_URL, simulator.baseUrl());
            settings.set("camel.component.salesforce.client-secret", CLIENT_SECRET);
            settings.set("camel.component.salesforce.password", PASSWORD);
            settings.set("bulk.api-token", API_TOKEN);
            settings.set("bulk.ledger.url", "jdbc:h2:mem:secrets-" + UUID.randomUUID());
            settings.set("bulk.ledger.user", "ledger");
            settings.set("bulk.ledger.password", LEDGER_PASSWORD);
            settings.set("bulk.dead-letter-uri", "file:" + work.resolve("dead-letter"));
            settings.set("bulk.http.port", "0");
            settings.set("artemis.enabled", "false");
            settings.set("bulk.poll.initial-delay", "50");
            Path input = Files.writeString(work.resolve("accounts.csv"), "Name\nAcme\n");
            try (CamelRuntime camel = new CamelRuntime(settings)) {
                Map<String, Object> headers = new HashMap<>(Map.of("bulkSource", input.toString(), "bulkObject", "Account",
                        "bulkOperation", "insert", "bulkOutDir", work.resolve("out").toString(), "bulkForce", "true"));
                report = camel.template().requestBodyAndHeaders("direct:bulk-load", null, headers, Map.class);
                accessToken = camel.context().getComponent("salesforce", SalesforceComponent.class).getSession().getAccessToken();
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(report.get("outcome")).as(output).isEqualTo("COMPLETED");
        assertThat(accessToken).isNotBlank();
        for (String secret : List.of(API_TOKEN, CLIENT_SECRET, PASSWORD, LEDGER_PASSWORD, accessToken)) {
            assertThat(output).as("the output holds a secret").doesNotContain(secret);
        }
        // the summary was printed, masked
        assertThat(output).contains("bulk.api-token = xxxxxx");
    }
}
