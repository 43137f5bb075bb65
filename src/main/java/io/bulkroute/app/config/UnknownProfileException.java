package io.bulkroute.app.config;

/** A profile no configuration file describes: without its file, its settings would silently be missing. */
public class UnknownProfileException extends SettingsException {
    public UnknownProfileException(String message) {
        super(message);
    }
}
