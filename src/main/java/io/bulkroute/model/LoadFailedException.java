package io.bulkroute.model;

/**
 * A load failed because one of its steps inside a split (the upload of a batch, the results of a batch)
 * failed for good: that step's own retries are over, so this failure is never retried. The message says
 * which step and why; the cause is the step's exception.
 */
public final class LoadFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LoadFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
