package io.bulkroute.bench;

import io.bulkroute.simulator.Simulator;
import io.bulkroute.simulator.SimulatorConfig;

/**
 * The simulator alone in its own JVM, for the benchmark: prints its base URL as the first line on
 * stdout, then runs until its stdin closes (the benchmark ends or dies) or it is killed.
 * {@code simulator.*} system properties ({@code -Dsimulator.workers=4}) configure it.
 */
public final class SimulatorProcess {
    private SimulatorProcess() {
    }

    public static void main(String[] args) throws Exception {
        Simulator simulator = new Simulator(SimulatorConfig.from(System::getProperty)).start();
        System.out.println(simulator.baseUrl());
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // the parent never writes: wait for end of file
            }
        } finally {
            simulator.close();
        }
        System.exit(0);
    }
}
