package io.bulkroute.app.cli;

/** A command line that cannot be understood: exit status 64 (EX_USAGE). */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
