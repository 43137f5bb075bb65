package io.bulkroute.salesforce;

import io.bulkroute.model.BulkHeaders;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How often and how patiently a failed call is tried again, for the routes (the error handler's
 * {@code retryWhile} and redelivery policy) and for calls made from Java where the error handler cannot
 * retry: while a load is already handling its own failure (Camel does not redeliver an exchange whose
 * failure is being handled) and in steps that must not fail themselves (aborts, sweeps, reconciliation).
 * Only transient faults are retried ({@link SalesforceFailure#isTransient}), with exponential backoff.
 */
public final class RetryPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);
    /** Calls made once: where the step around them is retried as a whole. */
    public static final RetryPolicy ONCE = new RetryPolicy(1);
    /** Set on the exchange that ends a failed load (FailedLoads): its calls are tried with twice the patience. */
    public static final String ENDING_FAILED_LOAD = BulkHeaders.ENDING_FAILED_LOAD;

    /** About 16 s of waiting from Java, 35 s in a route: a burst of 503s, a session renewal, a dropped connection passes. */
    private final int attempts;
    /*
     * A retry from Java waits on its thread, a route's redelivery holds none (asyncDelayedRedelivery): Java
     * waits less between its attempts.
     */
    private static final long JAVA_FIRST_DELAY_MS = 250;
    private static final long JAVA_MAX_DELAY_MS = 4_000;
    private static final double MULTIPLIER = 2;

    public RetryPolicy() {
        this(8);
    }

    private RetryPolicy(int attempts) {
        this.attempts = attempts;
    }

    /** The step whose failure is being retried, and the redelivery counter its retries started from. */
    private record Retrying(String step, int counter, int start) {
        static final String PROPERTY = BulkHeaders.RETRYING;
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
        int allowed = exchange.getProperty(ENDING_FAILED_LOAD) != null ? 2 * attempts : attempts;
        return SalesforceFailure.of(failure).isTransient() && counter - start < allowed;
    }

    /**
     * The routes' waits between attempts ({@code bulk.retry.first-delay}, doubling up to {@code bulk.retry.max-delay}):
     * the error handler's redelivery policy ({@code redeliveryPolicyRef}), made by beans.camel.yaml (a factory
     * method, so static).
     */
    public static RedeliveryPolicy redelivery(long firstDelayMs, long maxDelayMs) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setRedeliveryDelay(firstDelayMs);
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(MULTIPLIER);
        policy.setMaximumRedeliveryDelay(maxDelayMs);
        // the wait before a retry holds no thread: other batches go on uploading meanwhile
        policy.setAsyncDelayedRedelivery(true);
        policy.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        policy.setLogExhausted(false);
        policy.setLogStackTrace(false);
        return policy;
    }

    /** Makes the call, trying again after transient faults while attempts are left. */
    public <T> T call(Supplier<T> call) {
        long delay = JAVA_FIRST_DELAY_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                SalesforceFailure failure = SalesforceFailure.of(e);
                if (attempt >= attempts || !failure.isTransient()) {
                    throw e;
                }
                LOG.warn("Retrying after a transient fault ({}): {}", attempt, failure.describe());
                try {
                    TimeUnit.MILLISECONDS.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                delay = Math.min((long) (delay * MULTIPLIER), JAVA_MAX_DELAY_MS);
            }
        }
    }

    /** {@link #call} for a call that returns nothing. */
    public void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }
}
