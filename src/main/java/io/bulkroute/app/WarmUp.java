package io.bulkroute.app;

import java.security.NoSuchAlgorithmException;

import javax.net.ssl.SSLContext;


/**
 * Work every command that talks to Salesforce does later, begun at once on a thread of its own so that it runs
 * while the command line is read and Camel builds its context (~0.15 s of a load's start):
 * the TLS stack — its provider and the JDK's trust store, which the JDK keeps once read, so the salesforce
 * component's own TLS set-up finds them ready.
 */
final class WarmUp {
    private WarmUp() {
    }

    static void start() {
        Thread thread = new Thread(() -> {
            try {
                SSLContext.getDefault();
            } catch (NoSuchAlgorithmException | RuntimeException e) {
                // the component reports a TLS stack that does not work, when it needs it
            }
        }, "warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
