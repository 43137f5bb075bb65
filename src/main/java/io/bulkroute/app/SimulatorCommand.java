package io.bulkroute.app;

import java.util.concurrent.CountDownLatch;

import io.bulkroute.app.config.Settings;
import io.bulkroute.simulator.Simulator;
import io.bulkroute.simulator.SimulatorConfig;

/** {@code simulator [--port N]}: the standalone simulator, for other clients or a separately run bulkroute. */
public final class SimulatorCommand {
    private SimulatorCommand() {
    }

    public static int run(Settings settings, Integer port) throws InterruptedException {
        SimulatorConfig config = SimulatorConfig.from(settings::get);
        if (port != null) {
            config = config.withPort(port);
        }
        Simulator simulator = new Simulator(config).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        System.out.println(simulator.baseUrl());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
