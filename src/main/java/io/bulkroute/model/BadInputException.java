package io.bulkroute.model;

/** Input that cannot be loaded, with the file, line and reason an operator needs to fix it. */
public class BadInputException extends RuntimeException {
    private final String file;
    private final long line;
    private final String reason;

    public BadInputException(String file, long line, String reason) {
        super(file + (line > 0 ? ", line " + line : "") + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
