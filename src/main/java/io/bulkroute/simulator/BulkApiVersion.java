package io.bulkroute.simulator;

import java.util.Locale;

/** Which Bulk API a simulated job belongs to, as the admin API's state names it: its name in lower case. */
public enum BulkApiVersion {
    V1, V2;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
