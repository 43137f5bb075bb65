package io.bulkroute.simulator.org;

/** A batch (1.0) or job (2.0) that fails whole; the message is Salesforce's state message. */
public class BatchFailure extends Exception {
    public BatchFailure(String message) {
        super(message);
    }
}
