package io.bulkroute.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Starts the salesforce component (its TLS set-up and, with {@code lazy-login=false}, the login: ~0.4 s) on a
 * thread of its own once Camel Main has configured it, while the context initialises its routes (~0.4 s), instead
 * of after them. The context's own start of the component then waits for this one and finds it started.
 * <p>
 * A failed start is rethrown when the routes are initialised, so it stops Camel as it did before; without this
 * the context would start the failed component a second time (a second login with the same wrong password).
 */
final class EarlyLogin extends MainListenerSupport {
    private static final String COMPONENT = "salesforce";

    private volatile CompletableFuture<Void> started;
    private volatile Component component;

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        Component component = context.hasComponent(COMPONENT);
        if (component == null) {
            return;
        }
        this.component = component;
        CompletableFuture<Void> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                component.start();
                future.complete(null);
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
            }
        }, "salesforce-start");
        thread.setDaemon(true);
        started = future;
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextInitialized(CamelContext initialized) {
                awaitStarted();
            }
        });
        thread.start();
    }

    /**
     * After a start of Camel that failed: waits for the component's start begun here and stops the component,
     * so that nothing of it runs on, logs or holds threads after the failure is reported.
     */
    static void settle(BaseMainSupport main) {
        for (MainListener listener : main.getMainListeners()) {
            if (listener instanceof EarlyLogin early && early.started != null) {
                early.started.exceptionally(e -> null).join();
                ServiceHelper.stopService(early.component);
            }
        }
    }

    private void awaitStarted() {
        try {
            started.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
