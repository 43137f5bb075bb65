package io.bulkroute.salesforce;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.RedirectProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;

/**
 * The HTTP client of the streamed Bulk 2.0 calls ({@link Bulk2Http}): one per Camel context, started on first
 * use and stopped with the context. Not the component's own client, whose protocol handler takes over every
 * 400 and 401 answer with a buffering listener of its own (a stream reader then waits forever): bulkroute
 * handles those answers itself. Not a {@code java.net.http} client either: on Java 17 it cannot be stopped, and
 * its selector thread, left in native code, makes the JVM wait 300 ms before it exits.
 */
final class StreamingClient extends ServiceSupport {
    private final HttpClient client = new HttpClient();

    static HttpClient of(CamelContext camel) {
        synchronized (camel) {
            StreamingClient streaming = camel.hasService(StreamingClient.class);
            if (streaming == null) {
                streaming = new StreamingClient();
                try {
                    camel.addService(streaming, true, true);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot start the HTTP client of the Bulk 2.0 uploads: " + e.getMessage(), e);
                }
            }
            return streaming.client;
        }
    }

    @Override
    protected void doStart() throws Exception {
        client.setConnectTimeout(30_000);
        client.start();
        // a 401 means a new login, which Bulk2Http does: Jetty's own handler would fail it for want of a
        // WWW-Authenticate header; and Salesforce's Bulk API does not redirect
        client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        client.getProtocolHandlers().remove(RedirectProtocolHandler.NAME);
    }

    @Override
    protected void doStop() throws Exception {
        client.stop();
    }
}
