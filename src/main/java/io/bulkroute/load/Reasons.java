package io.bulkroute.load;

import io.bulkroute.batch.BadInputException;
import org.apache.camel.component.salesforce.api.SalesforceException;

/** How failures read in reports, logs and dead letters, the same for Bulk 1.0 and 2.0. */
public final class Reasons {
    private Reasons() {
    }

    /**
     * The reason to report: our own message for bad input and load failures, Salesforce's words when
     * it answered an error ({@code ExceededQuota : Exceeded the daily limit of Bulk API batches}), else
     * the root cause's message.
     */
    public static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BadInputException || t instanceof LoadFailedException || t instanceof AlreadyLoadedException) {
                return t.getMessage();
            }
            if (t instanceof SalesforceException se && se.getErrors() != null && !se.getErrors().isEmpty()
                    && se.getErrors().get(0).getErrorCode() != null) {
                var error = se.getErrors().get(0);
                return error.getErrorCode() + " : " + error.getMessage();
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof SalesforceException)) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Every message in the cause chain, Salesforce's error messages included: what to search for "already Closed". */
    public static String allMessages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getMessage()).append(' ');
            if (t instanceof SalesforceException se && se.getErrors() != null) {
                se.getErrors().forEach(err -> all.append(err.getMessage()).append(' '));
            }
        }
        return all.toString();
    }
}
