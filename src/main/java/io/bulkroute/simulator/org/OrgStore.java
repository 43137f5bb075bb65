package io.bulkroute.simulator.org;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The org's data: one table per object of the schema, and the id sequence they share. */
public final class OrgStore {
    private final Schema schema;
    private final SalesforceIds ids = new SalesforceIds();
    private final Map<String, ObjectTable> tables = new ConcurrentHashMap<>();

    public OrgStore(Schema schema) {
        this.schema = schema;
        reset();
    }

    public void reset() {
        tables.clear();
        for (ObjectSchema o : schema.objects()) {
            tables.put(o.name(), new ObjectTable(o));
        }
    }

    public Schema schema() {
        return schema;
    }

    public SalesforceIds ids() {
        return ids;
    }

    /** The table of an object, by any casing of its name, or null when the org has no such object. */
    public ObjectTable table(String objectName) {
        ObjectSchema o = schema.object(objectName);
        return o == null ? null : tables.get(o.name());
    }

    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ObjectSchema o : schema.objects()) {
            counts.put(o.name(), tables.get(o.name()).size());
        }
        return counts;
    }
}
