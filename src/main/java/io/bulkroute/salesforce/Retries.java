package io.bulkroute.salesforce;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.bulkroute.load.Reasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries for calls made where the error handler cannot retry: while a load is already handling its own
 * failure (Camel does not redeliver an exchange whose failure is being handled, so one 503 there would
 * end the failure handling itself), and in steps that must not fail themselves (aborts, reconciliation).
 * Transient faults only (see {@link TransientFaults}), with exponential backoff.
 */
public final class Retries {
    private static final Logger LOG = LoggerFactory.getLogger(Retries.class);
    /** About 16 s of waiting in all: a burst of 503s, a session renewal or a dropped connection passes. */
    static final int ATTEMPTS = 8;
    private static final long FIRST_DELAY_MS = 250;
    private static final long MAX_DELAY_MS = 4_000;

    private Retries() {
    }

    public static <T> T withRetries(Supplier<T> call) {
        long delay = FIRST_DELAY_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !TransientFaults.isTransient(e)) {
                    throw e;
                }
                LOG.warn("Retrying after a transient fault ({}): {}", attempt, Reasons.describe(e));
                try {
                    TimeUnit.MILLISECONDS.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                delay = Math.min(delay * 2, MAX_DELAY_MS);
            }
        }
    }
}
