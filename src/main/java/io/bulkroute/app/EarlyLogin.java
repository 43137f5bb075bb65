package io.bulkroute.app;

import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainHelper;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.OrderedLocationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the salesforce component (its TLS set-up and, with {@code lazy-login=false}, the login: ~0.4 s) on a
 * thread of its own as early as Camel Main lets it: before Main makes the beans and configures the components
 * (~0.4 s), made and bound from the {@code camel.component.salesforce.*} settings here, as Main would bind them;
 * where those do not configure it, once Main has ({@code afterConfigure}). Main binds the same settings to it again
 * later, which changes nothing. The context's own start of the component then waits for this one and finds it started.
 * <p>
 * A failed start is rethrown when the routes are initialised, so it stops Camel as it did before; without this
 * the context would start the failed component a second time (a second login with the same wrong password).
 */
final class EarlyLogin extends MainListenerSupport {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyLogin.class);
    private static final String COMPONENT = "salesforce";
    private static final String PREFIX = "camel.component.salesforce.";

    private volatile CompletableFuture<Void> started;
    private volatile Component component;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        Properties settings = main.getOverrideProperties();
        if (settings == null || context.hasComponent(COMPONENT) != null) {
            return;
        }
        OrderedLocationProperties options = new OrderedLocationProperties();
        for (String key : settings.stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                options.put("bulkroute", MainHelper.optionKey(key.substring(PREFIX.length())), settings.getProperty(key));
            }
        }
        if (options.isEmpty()) {
            return;
        }
        SalesforceComponent salesforce = new SalesforceComponent();
        context.addComponent(COMPONENT, salesforce);
        try {
            MainHelper.setPropertiesOnTarget(context, salesforce, options, PREFIX, true, true, new OrderedLocationProperties());
        } catch (Exception e) {
            // left to Main, which meets the same setting and reports it as it always has
            LOG.debug("The salesforce component is configured by Camel Main: {}", e.getMessage());
            context.removeComponent(COMPONENT);
            return;
        }
        start(context, salesforce);
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        Component component = context.hasComponent(COMPONENT);
        if (component != null && started == null) {
            start(context, component);
        }
    }

    private void start(CamelContext context, Component component) {
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
