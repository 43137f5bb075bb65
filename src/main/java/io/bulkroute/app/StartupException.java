package io.bulkroute.app;

/** Camel could not start for a command; the message says why in one sentence. */
public class StartupException extends IllegalStateException {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
