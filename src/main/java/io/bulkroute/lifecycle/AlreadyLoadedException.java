package io.bulkroute.lifecycle;

/** The same source (name, size, SHA-256) was loaded before: it is not loaded twice unless forced. */
public class AlreadyLoadedException extends RuntimeException {
    public AlreadyLoadedException(String message) {
        super(message);
    }
}
