package io.bulkroute.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.bulkroute.app.EmbeddedArtemis;
import io.bulkroute.app.config.Settings;
import io.bulkroute.model.Api;
import io.bulkroute.simulator.Simulator;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Camel Main started for one command (a load, closing a job): the same routes and configuration
 * as service mode, with the triggers switched off, stopped again when the command is done.
 */
public final class CamelRuntime implements AutoCloseable {
    private final Main main;
    private final Simulator simulator;
    private final EmbeddedArtemis broker;
    private final CompletableFuture<CamelContext> started = new CompletableFuture<>();
    private final Thread thread;
    private final Settings settings;

    public CamelRuntime(Settings settings) {
        this(settings, false);
    }

    /** @param triggers whether the trigger routes (file drops, schedules, messages) start too */
    public CamelRuntime(Settings settings, boolean triggers) {
        this.settings = settings;
        settings.set("bulk.triggers.enabled", String.valueOf(triggers));
        this.simulator = EmbeddedSimulator.startIfEnabled(settings);
        // a command that runs no trigger needs no broker
        this.broker = triggers ? EmbeddedArtemis.startIfEnabled(settings) : null;
        this.main = Service.newMain(settings);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport support) {
                started.complete(support.getCamelContext());
            }
        });
        this.thread = new Thread(() -> {
            try {
                Service.runMain(main);
            } catch (Exception e) {
                started.completeExceptionally(e);
            }
        }, "camel-main");
        thread.setDaemon(true);
        thread.start();
    }

    /** For a command of the command line: only the routes a load, its resume and its jobs need. */
    public static CamelRuntime forCommand(Settings settings) {
        return withRoutes(settings, Service.commandRoutesPattern());
    }

    /** For the {@code load} command: only the routes of one load through {@code api}. */
    public static CamelRuntime forLoad(Settings settings, Api api) {
        return withRoutes(settings, Service.loadRoutesPattern(api));
    }

    private static CamelRuntime withRoutes(Settings settings, String pattern) {
        if (settings.get("camel.main.routes-include-pattern", "").isBlank()) {
            settings.set("camel.main.routes-include-pattern", pattern);
        }
        return new CamelRuntime(settings);
    }

    /** @throws StartupException in one sentence naming what is wrong, as service mode says it */
    public CamelContext context() throws Exception {
        try {
            return started.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // Camel reports a bean that cannot be made as the routes file declaring it, not why
            throw new StartupException(StartupFailure.describe(e.getCause(), settings), e.getCause());
        }
    }

    public ProducerTemplate template() throws Exception {
        return context().createProducerTemplate();
    }

    public Simulator simulator() {
        return simulator;
    }

    @Override
    public void close() {
        main.completed();
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (broker != null) {
            broker.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }
}
