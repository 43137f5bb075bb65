package io.bulkroute.simulator.fault;

import java.util.Random;

/**
 * Decides, call by call and record by record, which faults strike. Each kind of fault draws from
 * its own random stream seeded from {@link Faults#seed}, so enabling one fault does not shift
 * where another one lands.
 */
public final class FaultInjector {
    private volatile Faults faults;
    private Random unavailable;
    private Random drops;
    private Random locks;
    private Random batchFailures;
    private int burstLeft;

    public FaultInjector(Faults faults) {
        set(faults);
    }

    public synchronized void set(Faults faults) {
        this.faults = faults;
        this.unavailable = new Random(faults.seed);
        this.drops = new Random(faults.seed * 31 + 1);
        this.locks = new Random(faults.seed * 31 + 2);
        this.batchFailures = new Random(faults.seed * 31 + 3);
        this.burstLeft = 0;
    }

    public Faults current() {
        return faults;
    }

    public void delay() throws InterruptedException {
        long latency = faults.latencyMs;
        if (latency > 0) {
            Thread.sleep(latency);
        }
    }

    public synchronized boolean unavailable() {
        if (burstLeft > 0) {
            burstLeft--;
            return true;
        }
        if (faults.http503Rate > 0 && unavailable.nextDouble() < faults.http503Rate) {
            burstLeft = Math.max(0, faults.http503Burst - 1);
            return true;
        }
        return false;
    }

    public synchronized boolean dropConnection() {
        return faults.dropRate > 0 && drops.nextDouble() < faults.dropRate;
    }

    public synchronized boolean lockFailure() {
        return faults.lockFailureRate > 0 && locks.nextDouble() < faults.lockFailureRate;
    }

    public synchronized boolean batchFailure() {
        return faults.batchFailureRate > 0 && batchFailures.nextDouble() < faults.batchFailureRate;
    }
}
