package io.bulkroute.model;

/**
 * Exponential backoff between status polls (docs/architecture.md#monitoring): the first poll after {@code initial}, each
 * next one {@code multiplier} times later, never more than {@code max} apart. Over a job of
 * duration T the number of polls grows with log(T) until the cap, then linearly at 1/max.
 */
public final class PollBackoff {
    private final long initialMillis;
    private final double multiplier;
    private final long maxMillis;
    private long next;

    public PollBackoff(long initialMillis, double multiplier, long maxMillis) {
        this.initialMillis = initialMillis;
        this.multiplier = multiplier;
        this.maxMillis = maxMillis;
        this.next = initialMillis;
    }

    /** The delay before the coming poll; each call moves the backoff one step on. */
    public synchronized long nextDelay() {
        long delay = next;
        next = Math.min(maxMillis, Math.max(1, (long) (next * multiplier)));
        return delay;
    }

    public synchronized void reset() {
        next = initialMillis;
    }
}
