package io.bulkroute.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aNumericOrDurationSettingThatIsNotOneNamesTheSetting(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("application.properties"), "bulk.batch-size = 10000\nbulk.stream.idle-timeout = 60s\n");
        Files.writeString(dir.resolve("application-dev.properties"), "");
        assertThatThrownBy(() -> Settings.load("dev", dir, Map.of("BULK_BATCH_SIZE", "abc")))
                .isInstanceOf(SettingsException.class)
                .hasMessage("the setting bulk.batch-size (BULK_BATCH_SIZE) must be a whole number, not 'abc'");
        assertThatThrownBy(() -> Settings.load("dev", dir, Map.of("BULK_STREAM_IDLE_TIMEOUT", "soon")))
                .hasMessage("the setting bulk.stream.idle-timeout (BULK_STREAM_IDLE_TIMEOUT) must be a duration such as"
                        + " 90s, 5m, 1h, 500ms or PT1M, not 'soon'");
        assertThatThrownBy(() -> Settings.load("dev", dir, Map.of("BULK_POLL_MULTIPLIER", "twice")))
                .hasMessageStartingWith("the setting bulk.poll.multiplier (BULK_POLL_MULTIPLIER) must be a number");
        // a setting no file names is checked too, as is every duration form the beans read
        assertThatThrownBy(() -> Settings.load("dev", dir, Map.of("BULK_HTTP_PORT", "80a")))
                .hasMessageStartingWith("the setting bulk.http.port (BULK_HTTP_PORT) must be a whole number");
        Settings ok = Settings.load("dev", dir, Map.of("BULK_STREAM_JOB_MAX_AGE", "PT23H", "BULK_JANITOR_OPEN_JOB_TTL", "90m",
                "BULK_POLL_MULTIPLIER", "1.5"));
        assertThat(ok.get("bulk.stream.job-max-age")).isEqualTo("PT23H");
    }

    @Test
    void anUnknownProfileIsRefusedByName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("application.properties"), "a = b\n");
        Files.writeString(dir.resolve("application-dev.properties"), "");
        Files.writeString(dir.resolve("application-prod.properties"), "");
        assertThatThrownBy(() -> Settings.load("bogus", dir, Map.of()))
                .isInstanceOf(UnknownProfileException.class)
                .hasMessage("unknown profile 'bogus': there is no application-bogus.properties in " + dir + " (profiles: dev, prod)");
        assertThatThrownBy(() -> Settings.load("bogus", dir.resolve("missing"), Map.of()))
                .hasMessage("unknown profile 'bogus': there is no application-bogus.properties in the jar's config/");
    }
}
