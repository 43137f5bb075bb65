package io.bulkroute.simulator.org;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records of one object. Records are stored as value arrays in schema order, which keeps a
 * million records in a few hundred megabytes. Writers lock the table per chunk of records (as
 * Salesforce processes a batch 200 records at a time); readers never lock.
 */
public final class ObjectTable {
    private final ObjectSchema schema;
    private final Map<String, String[]> records = new ConcurrentHashMap<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    /** Per external id field index: value to record id. */
    private final Map<Integer, Map<String, String>> externalIds = new ConcurrentHashMap<>();

    public ObjectTable(ObjectSchema schema) {
        this.schema = schema;
        for (int i = 0; i < schema.fields().size(); i++) {
            if (schema.fields().get(i).externalId()) {
                externalIds.put(i, new ConcurrentHashMap<>());
            }
        }
    }

    public ObjectSchema schema() {
        return schema;
    }

    public int size() {
        return records.size();
    }

    public String[] get(String id) {
        return records.get(id);
    }

    public boolean wasDeleted(String id) {
        return deleted.contains(id);
    }

    public String idByExternalId(int fieldIndex, String value) {
        Map<String, String> index = externalIds.get(fieldIndex);
        return index == null ? null : index.get(value);
    }

    void put(String id, String[] values) {
        String[] old = records.put(id, values);
        for (Map.Entry<Integer, Map<String, String>> e : externalIds.entrySet()) {
            int i = e.getKey();
            if (old != null && old[i] != null && !old[i].equals(values[i])) {
                e.getValue().remove(old[i]);
            }
            if (values[i] != null) {
                e.getValue().put(values[i], id);
            }
        }
    }

    void remove(String id) {
        String[] old = records.remove(id);
        if (old != null) {
            deleted.add(id);
            for (Map.Entry<Integer, Map<String, String>> e : externalIds.entrySet()) {
                if (old[e.getKey()] != null) {
                    e.getValue().remove(old[e.getKey()]);
                }
            }
        }
    }

    public Iterable<Map.Entry<String, String[]>> entries() {
        return records.entrySet();
    }
}
