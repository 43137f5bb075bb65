package io.bulkroute.model;

/**
 * A load's parameters refused: which one and why, in the words of whoever gave them (an option, a query
 * parameter, a header). The command line makes it a usage error, the HTTP API a 400, a message trigger a
 * rejected message.
 */
public class LoadRequestException extends IllegalArgumentException {
    public LoadRequestException(String message) {
        super(message);
    }
}
