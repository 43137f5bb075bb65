package io.bulkroute.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The application's settings, layered as an operator expects: {@code config/application.properties},
 * then {@code config/application-<profile>.properties}, then environment variables
 * ({@code bulk.batch-size} is overridden by {@code BULK_BATCH_SIZE}), then {@code -D} system properties.
 * Files come from {@code ./config/} when it exists (as Spring Boot reads it), else from the jar.
 */
public final class Settings {
    private static final String SALESFORCE_ENV = "CAMEL_COMPONENT_SALESFORCE_";
    private static final String SALESFORCE_KEY = "camel.component.salesforce.";
    private final Properties values;
    private final String profile;
    private final String source;
    private final Map<String, String> env;

    private Settings(Properties values, String profile, String source, Map<String, String> env) {
        this.values = values;
        this.profile = profile;
        this.source = source;
        this.env = env;
    }

    public static Settings load(String profile) {
        return load(profile, Path.of("config"), System.getenv());
    }

    public static Settings load(String profile, Path configDir, Map<String, String> env) {
        Properties p = new Properties();
        boolean local = Files.isDirectory(configDir);
        read(p, "application.properties", configDir, local);
        // without its file a profile would run on the shared settings alone and fail later for a missing one
        if (!read(p, "application-" + profile + ".properties", configDir, local)) {
            throw new UnknownProfileException("unknown profile '" + profile + "': there is no application-" + profile
                    + ".properties in " + (local ? configDir : "the jar's config/") + knownProfiles(configDir, local));
        }
        // the component's own keys are all kebab-case, so its variables map back without ambiguity
        env.forEach((name, value) -> {
            if (name.startsWith(SALESFORCE_ENV)) {
                p.setProperty(SALESFORCE_KEY + name.substring(SALESFORCE_ENV.length()).toLowerCase(Locale.ROOT).replace('_', '-'), value);
            }
        });
        for (String key : p.stringPropertyNames()) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                p.setProperty(key, fromEnv);
            }
        }
        for (String key : p.stringPropertyNames()) {
            String fromSystem = System.getProperty(key);
            if (fromSystem != null) {
                p.setProperty(key, fromSystem);
            }
        }
        Settings settings = new Settings(p, profile, local ? configDir.toAbsolutePath().toString() : "classpath:config", env);
        SettingChecks.check(settings);
        return settings;
    }

    private static String knownProfiles(Path configDir, boolean local) {
        if (!local) {
            return "";
        }
        try (var files = Files.list(configDir)) {
            List<String> names = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("application-") && n.endsWith(".properties"))
                    .map(n -> n.substring("application-".length(), n.length() - ".properties".length())).sorted().toList();
            return names.isEmpty() ? "" : " (profiles: " + String.join(", ", names) + ")";
        } catch (IOException e) {
            return "";
        }
    }

    /** {@code camel.component.salesforce.client-secret} → {@code CAMEL_COMPONENT_SALESFORCE_CLIENT_SECRET}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** @return whether the file exists */
    private static boolean read(Properties into, String name, Path dir, boolean local) {
        try {
            if (local) {
                Path file = dir.resolve(name);
                if (Files.isRegularFile(file)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        into.load(in);
                    }
                    return true;
                }
            } else {
                try (InputStream in = Settings.class.getResourceAsStream("/config/" + name)) {
                    if (in != null) {
                        into.load(in);
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read configuration " + name, e);
        }
    }

    /** A key's value; a key no file names can still come from the environment or {@code -D}. */
    public String get(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            value = System.getProperty(key, env.get(envName(key)));
        }
        return value;
    }

    public String get(String key, String fallback) {
        String value = get(key);
        return value == null ? fallback : value;
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(get(key, "false").trim());
    }

    public void set(String key, String value) {
        values.setProperty(key, value);
    }

    /** The settings as Camel takes them, with our secrets' names added to those its summaries mask. */
    public Properties asProperties() {
        Properties copy = new Properties();
        copy.putAll(values);
        maskSecrets(copy);
        return copy;
    }

    /**
     * Camel's start-up summaries print every setting they resolve, masking only names it knows for secrets
     * (password, secret, token, ...). It matches a key's last segment, so {@code api-token} is not one of them:
     * our own secrets' names are added to its list, the operator's additions kept.
     */
    static void maskSecrets(Properties props) {
        String key = "camel.main.additional-sensitive-keywords";
        String theirs = props.getProperty(key, props.getProperty("camel.main.additionalSensitiveKeywords", "")).trim();
        props.remove("camel.main.additionalSensitiveKeywords");
        props.setProperty(key, theirs.isEmpty() ? OWN_SECRETS : theirs + "," + OWN_SECRETS);
    }

    /** The last segments of our settings that hold secrets and Camel does not know as such. */
    private static final String OWN_SECRETS = "apitoken";

    public String profile() {
        return profile;
    }

    public String source() {
        return source;
    }
}
