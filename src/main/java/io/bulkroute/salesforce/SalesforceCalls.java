package io.bulkroute.salesforce;

import java.util.Map;

import io.bulkroute.model.LoadContext;
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

    /**
     * For {@code bulk2CloseJob} and {@code bulk2AbortJob}: camel-salesforce 4.18 completes a failing
     * call of these twice (the second time with an unmarshalling error that hides Salesforce's
     * answer), so only the first completion is taken, from a copy of the exchange the component
     * may go on writing to.
     */
    public <T> T callOnce(LoadContext load, String operation, Map<String, Object> headers, Class<T> type) {
        Exchange exchange = new DefaultExchange(camel);
        if (load != null) {
            exchange.setProperty(LoadContext.PROPERTY, load);
        }
        exchange.getIn().setHeaders(new java.util.HashMap<>(headers));
        org.apache.camel.AsyncProducer producer;
        try {
            producer = camel.getEndpoint("salesforce:" + operation).createAsyncProducer();
            producer.start();
        } catch (Exception e) {
            throw new org.apache.camel.RuntimeCamelException(e);
        }
        if (load != null) {
            load.countApiCall();
        }
        java.util.concurrent.CompletableFuture<Object[]> first = new java.util.concurrent.CompletableFuture<>();
        try {
            producer.process(exchange, doneSync -> first.complete(
                    new Object[] {exchange.getException(), exchange.getMessage().getBody()}));
            Object[] outcome = first.get(2, java.util.concurrent.TimeUnit.MINUTES);
            if (outcome[0] != null) {
                Exception e = (Exception) outcome[0];
                throw e instanceof RuntimeException re ? re : new org.apache.camel.RuntimeCamelException(e);
            }
            return camel.getTypeConverter().convertTo(type, outcome[1]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.camel.RuntimeCamelException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new org.apache.camel.RuntimeCamelException(e);
        } finally {
            producer.stop();
        }
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

    /** The user the component is logged in as: the last part of the identity URL {@code …/id/<org>/<user>}. */
    public static String userId(CamelContext camel) {
        String id = camel.getComponent("salesforce", org.apache.camel.component.salesforce.SalesforceComponent.class).getSession().getId();
        if (id == null || id.isBlank()) {
            return null;
        }
        String trimmed = id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /** Salesforce ids compare by their case-sensitive first 15 characters (18 adds a checksum). */
    public static boolean sameId(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return a.substring(0, Math.min(15, a.length())).equals(b.substring(0, Math.min(15, b.length())));
    }
}
