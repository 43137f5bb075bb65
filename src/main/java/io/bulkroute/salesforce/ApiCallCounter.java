package io.bulkroute.salesforce;

import io.bulkroute.model.LoadContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.Exchange;
import org.apache.camel.support.EventNotifierSupport;

/** Counts every call a load makes to Salesforce (its report's {@code apiCalls}), retries included. */
public final class ApiCallCounter extends EventNotifierSupport {

    public ApiCallCounter() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeSendingEvent sending
                && sending.getEndpoint().getEndpointUri().startsWith("salesforce:")) {
            Exchange exchange = sending.getExchange();
            LoadContext load = exchange.getProperty(LoadContext.PROPERTY, LoadContext.class);
            if (load != null) {
                load.countApiCall();
            }
        }
    }
}
