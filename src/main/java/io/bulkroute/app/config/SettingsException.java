package io.bulkroute.app.config;

/** A setting that cannot be used as given: the message names the setting, where to set it, and why. */
public class SettingsException extends IllegalArgumentException {
    public SettingsException(String message) {
        super(message);
    }
}
