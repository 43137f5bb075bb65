package io.bulkroute.simulator.processing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Holds the org's processing to {@code simulator.records-per-second}, shared by every worker, the
 * way an org's throughput is shared by all its jobs. A rate of 0 means as fast as the machine goes.
 */
public final class RecordPacer {
    private volatile long recordsPerSecond;
    private long nextFreeNanos = System.nanoTime();

    public RecordPacer(long recordsPerSecond) {
        this.recordsPerSecond = recordsPerSecond;
    }

    public void setRate(long recordsPerSecond) {
        this.recordsPerSecond = recordsPerSecond;
    }

    public void acquire(int records) {
        long rate = recordsPerSecond;
        if (rate <= 0 || records <= 0) {
            return;
        }
        long wakeAt;
        synchronized (this) {
            long now = System.nanoTime();
            nextFreeNanos = Math.max(nextFreeNanos, now) + TimeUnit.SECONDS.toNanos(records) / rate;
            wakeAt = nextFreeNanos;
        }
        long wait;
        while ((wait = wakeAt - System.nanoTime()) > 0) {
            if (recordsPerSecond != rate) {
                // the rate was changed while we waited (a test or benchmark let processing go): go now
                synchronized (this) {
                    nextFreeNanos = System.nanoTime();
                }
                return;
            }
            LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }
}
