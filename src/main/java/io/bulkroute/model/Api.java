package io.bulkroute.model;

import java.util.Locale;

/** The Salesforce Bulk API a load goes through, by the name the configuration and the command line give it. */
public enum Api {
    V1("v1"),
    V2("v2");

    private final String configName;

    Api(String configName) {
        this.configName = configName;
    }

    /** As {@code bulk.api}, {@code --api}, the ledger and report.json write it. */
    public String configName() {
        return configName;
    }

    /** The API of that name (case does not matter), or null when there is none. */
    public static Api of(String name) {
        if (name == null) {
            return null;
        }
        String lower = name.trim().toLowerCase(Locale.ROOT);
        for (Api api : values()) {
            if (api.configName.equals(lower)) {
                return api;
            }
        }
        return null;
    }

    /** Whether {@code name} names this API (the ledger and a load's request keep the name). */
    public boolean is(String name) {
        return this == of(name);
    }

    @Override
    public String toString() {
        return configName;
    }
}
