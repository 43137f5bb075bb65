package io.bulkroute.simulator.http;

/**
 * An error the simulator answers as Salesforce would. Each API family renders it in its own
 * format (Bulk 1.0 XML, REST JSON array, OAuth JSON object), so handlers only say what went wrong.
 */
public class SimException extends RuntimeException {
    private final int status;
    private final String code;

    public SimException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
