package io.bulkroute.app;

import io.bulkroute.app.config.Settings;
import org.apache.camel.component.salesforce.api.SalesforceException;

/** Turns a start-up exception chain into one sentence an operator can act on. */
final class StartupFailure {
    private StartupFailure() {
    }

    static String describe(Throwable e, Settings settings) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.bulkroute.ledger.LedgerUnavailableException) {
                return t.getMessage();
            }
        }
        Throwable root = e;
        SalesforceException salesforce = null;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof SalesforceException se) {
                salesforce = se;
            }
            root = root.getCause();
        }
        if (root instanceof SalesforceException se) {
            salesforce = se;
        }
        if (salesforce != null) {
            return "cannot log in to Salesforce at " + settings.get(EmbeddedSimulator.LOGIN_URL, "(no login URL)")
                    + " as " + settings.get("camel.component.salesforce.user-name", "(no user)")
                    + ": " + salesforce.getMessage();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
