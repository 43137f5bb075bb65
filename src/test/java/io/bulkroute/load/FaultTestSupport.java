package io.bulkroute.load;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Loads under injected faults: counts what the error handler retried and which exchanges ended
 * failed during each test, and clears the faults and the processing pace after it.
 */
abstract class FaultTestSupport extends LoadTestSupport {
    /** Retries the error handler made during the current test (Camel's redelivery events). */
    protected final AtomicInteger redeliveries = new AtomicInteger();
    /** Exchanges that ended failed during the current test. */
    protected final AtomicInteger failures = new AtomicInteger();
    private EventNotifierSupport counter;

    @BeforeEach
    void countRetriesAndFailures() throws Exception {
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

    @AfterEach
    void clearFaults() throws Exception {
        faults("{}");
        simulator.org().pacer().setRate(0);
        app.context().getManagementStrategy().removeEventNotifier(counter);
        ServiceHelper.stopService(counter);
    }
}
