package io.bulkroute.model;

import java.util.regex.Pattern;

/**
 * The shapes of the names a caller hands us for Salesforce: a record id (a job's) and an API name (an
 * object's, a field's). The component puts both into the URLs it calls with our session, so a name that
 * is not one ({@code ../../services/oauth2/token}, {@code Account/../x}) would call another Salesforce
 * resource: it is refused before any call.
 */
public final class SalesforceNames {
    /** 15 characters, case-sensitive, or the 18-character form with its case-safe suffix. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{15}|[A-Za-z0-9]{18}");
    /**
     * [namespace__]Name[__suffix]: a name and a namespace start with a letter and hold letters, digits and single
     * underscores, not at the end; a double underscore only sets off the namespace and a suffix (__c, __r, __e,
     * __mdt, __x, __Share, ...).
     */
    private static final String PART = "[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*";
    private static final Pattern API_NAME = Pattern.compile("(?:" + PART + "__)?" + PART + "(?:__[A-Za-z]+)?");
    private static final int MAX_API_NAME = 255;

    private SalesforceNames() {
    }

    public static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static boolean isApiName(String name) {
        return name != null && name.length() <= MAX_API_NAME && API_NAME.matcher(name).matches();
    }

    /** The job id, or an IllegalArgumentException saying what a job id is. */
    public static String jobId(String id) {
        if (!isId(id)) {
            throw new IllegalArgumentException("A job id is a Salesforce id (15 or 18 letters and digits), not " + id);
        }
        return id;
    }

    /** The object's API name, or an IllegalArgumentException saying what one is. */
    public static String object(String name) {
        return apiName(name, "An object");
    }

    /** The field's API name, or an IllegalArgumentException saying what one is. */
    public static String field(String name) {
        return apiName(name, "A field");
    }

    private static String apiName(String name, String what) {
        if (!isApiName(name)) {
            throw new IllegalArgumentException(what + " is a Salesforce API name (letters, digits and single underscores,"
                    + " starting with a letter, with an optional namespace__ and __c-like suffix), not " + name);
        }
        return name;
    }
}
