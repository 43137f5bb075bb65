package io.bulkroute.model;

import java.util.function.LongSupplier;

/**
 * When to poll a job's status next (docs/architecture.md#polling). Exponential backoff bounds the calls: the first
 * poll after {@code initial}, each next one {@code multiplier} times later, never more than {@code max} apart, so over
 * a job of duration T the number of polls grows with log(T) until the cap, then linearly at 1/max. Within that bound
 * a poll goes by the job's own pace: once a poll has seen records processed, the next one comes when the rest
 * should be done at the pace so far, if that is sooner. The pace is taken from the last time nothing was processed
 * (at first, the start of the follow), so it is never faster than the job's, and the estimate never early for a job
 * that keeps its pace. A job whose count stands still is polled by the backoff alone; one with every record
 * processed but not ended yet (Salesforce finishing it) is polled again after {@code initial}, then doubling.
 */
public final class PollBackoff {
    private final long initialMillis;
    private final double multiplier;
    private final long maxMillis;
    private final LongSupplier clock;
    private long next;
    private long idleSince = -1;
    private long lastProcessed;
    private long tail;

    public PollBackoff(long initialMillis, double multiplier, long maxMillis) {
        this(initialMillis, multiplier, maxMillis, () -> System.nanoTime() / 1_000_000);
    }

    /** With a clock in milliseconds of the caller's choice, for tests. */
    PollBackoff(long initialMillis, double multiplier, long maxMillis, LongSupplier clock) {
        this.initialMillis = initialMillis;
        this.multiplier = multiplier;
        this.maxMillis = maxMillis;
        this.clock = clock;
        this.next = initialMillis;
    }

    /** The same settings, for a follow of its own. */
    public PollBackoff fresh() {
        return new PollBackoff(initialMillis, multiplier, maxMillis, clock);
    }

    /** The delay before a follow's first poll: the backoff starts over, and the pace is measured from now. */
    public synchronized long first() {
        reset();
        idleSince = clock.getAsLong();
        return nextDelay();
    }

    /**
     * The delay before the next poll, after one that found {@code processed} of the job's {@code total} records
     * processed and the job not ended.
     */
    public synchronized long after(long processed, long total) {
        long now = clock.getAsLong();
        long backoff = nextDelay();
        if (processed <= 0 || idleSince < 0) {
            idleSince = now;
            lastProcessed = 0;
            return backoff;
        }
        boolean moved = processed > lastProcessed;
        lastProcessed = processed;
        if (processed >= total) {
            tail = tail == 0 ? initialMillis : (long) (tail * multiplier);
            return Math.min(backoff, tail);
        }
        if (!moved) {
            return backoff;
        }
        long rest = (long) Math.ceil((double) (total - processed) * (now - idleSince) / processed);
        return Math.min(backoff, Math.max(initialMillis, rest));
    }

    /** The backoff's delay before the coming poll, whatever the job's pace; each call moves the backoff one step on. */
    private long nextDelay() {
        long delay = next;
        next = Math.min(maxMillis, Math.max(1, (long) (next * multiplier)));
        return delay;
    }

    private void reset() {
        next = initialMillis;
        idleSince = -1;
        lastProcessed = 0;
        tail = 0;
    }
}
