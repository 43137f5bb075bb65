package io.bulkroute.model;

import java.util.Locale;

/**
 * What a load does to the object's records. Bulk 1.0 ({@code <operation>} of a job) and 2.0 ({@code operation}
 * of a job's JSON) spell them alike today; each has its own name so that one could change without the other.
 */
public enum Operation {
    INSERT("insert"),
    UPDATE("update"),
    UPSERT("upsert"),
    DELETE("delete"),
    HARD_DELETE("hardDelete");

    /** For messages that say which operations there are. */
    public static final String NAMES = "insert, update, upsert, delete, hardDelete";

    private final String wire;

    Operation(String wire) {
        this.wire = wire;
    }

    /** The operation of that name, whatever its case ({@code harddelete} too), or null when there is none. */
    public static Operation of(String name) {
        if (name == null) {
            return null;
        }
        String lower = name.trim().toLowerCase(Locale.ROOT);
        for (Operation op : values()) {
            if (op.wire.toLowerCase(Locale.ROOT).equals(lower)) {
                return op;
            }
        }
        return null;
    }

    /** The operation's name on the wire of {@code api}. */
    public String wire(Api api) {
        return wire;
    }

    /** Salesforce matches an upsert's rows to its records by an external id field, which the job must name. */
    public boolean needsExternalId() {
        return this == UPSERT;
    }

    @Override
    public String toString() {
        return wire;
    }
}
