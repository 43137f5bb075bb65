package io.bulkroute.salesforce;

import java.util.Map;

import io.bulkroute.load.LoadContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * Calls to the salesforce component made from Java, on behalf of a load: they carry the load on
 * their exchange so they are counted, and a failure surfaces as the component's exception.
 */
public final class SalesforceCalls {
    private static final Map<CamelContext, SalesforceCalls> BY_CONTEXT = new java.util.concurrent.ConcurrentHashMap<>();
    private final CamelContext camel;
    private final ProducerTemplate template;

    private SalesforceCalls(CamelContext camel) {
        this.camel = camel;
        this.template = camel.createProducerTemplate();
    }

    public static SalesforceCalls of(CamelContext camel) {
        BY_CONTEXT.keySet().removeIf(c -> c.isStopped());
        return BY_CONTEXT.computeIfAbsent(camel, SalesforceCalls::new);
    }

    public <T> T call(LoadContext load, String operation, Object body, Map<String, Object> headers, Class<T> type) {
        Exchange exchange = new DefaultExchange(camel);
        if (load != null) {
            exchange.setProperty(LoadContext.PROPERTY, load);
        }
        exchange.getIn().setBody(body);
        exchange.getIn().setHeaders(new java.util.HashMap<>(headers));
        Exchange done = template.send("salesforce:" + operation, exchange);
        if (done.getException() != null) {
            Exception e = done.getException();
            throw e instanceof RuntimeException re ? re : new org.apache.camel.RuntimeCamelException(e);
        }
        return done.getMessage().getBody(type);
    }
}
