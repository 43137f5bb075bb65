package io.bulkroute.testing;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Counts, during each test, what the error handler of an {@link AppExtension}'s runtime retried and which exchanges
 * ended failed. Register it as an instance field: {@code @RegisterExtension final ExchangeEvents events = new ExchangeEvents(APP);}
 */
public final class ExchangeEvents implements BeforeEachCallback, AfterEachCallback {
    private final AppExtension app;
    private final AtomicInteger redeliveries = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private EventNotifierSupport counter;

    public ExchangeEvents(AppExtension app) {
        this.app = app;
    }

    /** Retries the error handler made during the current test (Camel's redelivery events). */
    public int redeliveries() {
        return redeliveries.get();
    }

    /** Exchanges that ended failed during the current test. */
    public int failures() {
        return failures.get();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        counter = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeRedeliveryEvent) {
                    redeliveries.incrementAndGet();
                } else if (event instanceof CamelEvent.ExchangeFailedEvent) {
                    failures.incrementAndGet();
                }
            }
        };
        app.context().getManagementStrategy().addEventNotifier(counter);
        ServiceHelper.startService(counter);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        app.context().getManagementStrategy().removeEventNotifier(counter);
        ServiceHelper.stopService(counter);
    }
}
