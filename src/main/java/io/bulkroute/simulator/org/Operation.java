package io.bulkroute.simulator.org;

/** The DML operations a Bulk ingest job performs, named as on the wire. */
public enum Operation {
    INSERT("insert"), UPDATE("update"), UPSERT("upsert"), DELETE("delete"), HARD_DELETE("hardDelete");

    private final String wire;

    Operation(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Operation fromWire(String value) {
        for (Operation op : values()) {
            if (op.wire.equalsIgnoreCase(value)) {
                return op;
            }
        }
        return null;
    }
}
