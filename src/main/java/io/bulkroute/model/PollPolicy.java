package io.bulkroute.model;

/** The {@code bulk.poll.*} settings, shared by Bulk 1.0 and 2.0: each job being followed gets its own backoff. */
public final class PollPolicy {
    private long initialDelay = 200;
    private double multiplier = 2;
    private long maxDelay = 28_000;

    public PollBackoff start() {
        return new PollBackoff(initialDelay, multiplier, maxDelay);
    }

    public void setInitialDelay(long initialDelay) {
        this.initialDelay = initialDelay;
    }

    public void setMultiplier(double multiplier) {
        this.multiplier = multiplier;
    }

    public void setMaxDelay(long maxDelay) {
        this.maxDelay = maxDelay;
    }
}
