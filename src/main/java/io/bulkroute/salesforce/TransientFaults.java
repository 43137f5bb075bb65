package io.bulkroute.salesforce;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import io.bulkroute.load.LoadFailedException;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;

/**
 * Which failures are worth trying again (DESIGN §2, Errors): I/O errors, timeouts, HTTP 5xx and
 * {@code ServerUnavailable}. Everything else — InvalidJob, InvalidBatch, ClientInputError, a
 * refused login, bad input — is permanent and fails at once.
 */
public final class TransientFaults {
    private final int maxAttempts;

    public TransientFaults(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public TransientFaults() {
        this(8);
    }

    /** The step whose failure is being retried, and the redelivery counter its retries started from. */
    private record Retrying(String step, int counter, int start) {
        static final String PROPERTY = "bulkRetrying";
    }

    /**
     * For the error handler's {@code retryWhile}: transient, and attempts left for this step. Camel counts
     * redeliveries in a message header that outlives the step: a later step (the next poll, a batch's split
     * exchange copied from its parent) would inherit the attempts an earlier step used, and give up at its
     * first fault. So each step's attempts are counted from where its own failures began.
     */
    public boolean retry(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        Integer header = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        int counter = header == null ? 1 : header;
        String step = exchange.getExchangeExtension().getHistoryNodeId() + "@" + exchange.getExchangeId();
        Retrying before = exchange.getProperty(Retrying.PROPERTY, Retrying.class);
        int start = before != null && before.step().equals(step) && before.counter() == counter - 1 ? before.start() : counter - 1;
        exchange.setProperty(Retrying.PROPERTY, new Retrying(step, counter, start));
        // ending a failed load is worth twice the patience: giving up leaves its job open until a resume
        int attempts = exchange.getProperty(io.bulkroute.load.FailedLoads.ENDING) != null ? 2 * maxAttempts : maxAttempts;
        return isTransient(failure) && counter - start < attempts;
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LoadFailedException) {
                // the step that failed has had its retries already
                return false;
            }
            if (t instanceof SalesforceException se) {
                if (se.getStatusCode() >= 500) {
                    return true;
                }
                if (se.getErrors() != null) {
                    for (RestError e : se.getErrors()) {
                        String code = e.getErrorCode();
                        if ("ServerUnavailable".equals(code) || "SERVER_UNAVAILABLE".equals(code)) {
                            return true;
                        }
                    }
                }
                if (se.getStatusCode() >= 400) {
                    return false;
                }
            }
            if (t instanceof IOException || t instanceof TimeoutException) {
                return !(t.getMessage() != null && t.getMessage().contains("Buffering capacity"));
            }
        }
        return false;
    }

    /**
     * Whether a failed call may have taken effect although its answer never came: no answer at all (a
     * dropped connection, a timeout), or an answer that is not Salesforce's own (500, 502, 504 from the
     * way in between). An error Salesforce answered (4xx, 503 ServerUnavailable) means nothing was done.
     */
    public static boolean answerMayBeLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SalesforceException se && se.getStatusCode() > 0) {
                int status = se.getStatusCode();
                return !(status >= 400 && status < 500) && status != 503;
            }
        }
        return true;
    }
}
