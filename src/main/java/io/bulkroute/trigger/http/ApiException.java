package io.bulkroute.trigger.http;

/** A call the HTTP API answers with a client error: the status and the reason to tell the caller. */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
