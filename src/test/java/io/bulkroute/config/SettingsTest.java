package io.bulkroute.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void profileFileOverridesSharedFileAndEnvironmentOverridesBoth(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("application.properties"), "bulk.batch-size = 10000\nsimulator.enabled = false\na.b = shared\n");
        Files.writeString(dir.resolve("application-dev.properties"), "simulator.enabled = true\nbulk.batch-size = 500\n");
        Settings s = Settings.load("dev", dir, Map.of("BULK_BATCH_SIZE", "42"));
        assertThat(s.get("bulk.batch-size")).isEqualTo("42");
        assertThat(s.flag("simulator.enabled")).isTrue();
        assertThat(s.get("a.b")).isEqualTo("shared");
        assertThat(s.source()).isEqualTo(dir.toAbsolutePath().toString());
    }

    @Test
    void packagedConfigurationIsUsedWhenThereIsNoLocalFolder(@TempDir Path dir) {
        Settings s = Settings.load("prod", dir.resolve("missing"), Map.of());
        assertThat(s.source()).isEqualTo("classpath:config");
        assertThat(s.flag("simulator.enabled")).isFalse();
        assertThat(s.get("camel.component.salesforce.login-url")).isEqualTo("https://login.salesforce.com");
        assertThat(Settings.envName("camel.component.salesforce.client-secret")).isEqualTo("CAMEL_COMPONENT_SALESFORCE_CLIENT_SECRET");
    }
}
