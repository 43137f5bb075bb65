package io.bulkroute.simulator.org;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An sObject type: its key prefix and fields. Field names are matched case-insensitively, as Salesforce does. */
public final class ObjectSchema {
    private final String name;
    private final String keyPrefix;
    private final List<FieldDef> fields;
    private final Map<String, Integer> index = new HashMap<>();

    public ObjectSchema(String name, String keyPrefix, List<FieldDef> fields) {
        this.name = name;
        this.keyPrefix = keyPrefix;
        this.fields = Collections.unmodifiableList(new ArrayList<>(fields));
        for (int i = 0; i < fields.size(); i++) {
            index.put(fields.get(i).name().toLowerCase(Locale.ROOT), i);
        }
    }

    public String name() {
        return name;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public List<FieldDef> fields() {
        return fields;
    }

    /** Position of the field in a stored record, or -1. */
    public int indexOf(String fieldName) {
        return index.getOrDefault(fieldName.toLowerCase(Locale.ROOT), -1);
    }

    public FieldDef field(String fieldName) {
        int i = indexOf(fieldName);
        return i < 0 ? null : fields.get(i);
    }

    /** Fields that may serve as the external id of an upsert. */
    public boolean isExternalId(String fieldName) {
        FieldDef f = field(fieldName);
        return f != null && f.externalId();
    }

    public ObjectSchema withFields(List<FieldDef> more) {
        List<FieldDef> merged = new ArrayList<>(fields);
        for (FieldDef f : more) {
            int i = indexOf(f.name());
            if (i >= 0) {
                merged.set(i, f);
            } else {
                merged.add(f);
            }
        }
        return new ObjectSchema(name, keyPrefix, merged);
    }
}
