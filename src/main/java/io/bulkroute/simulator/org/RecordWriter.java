package io.bulkroute.simulator.org;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Applies the rows of one batch to an object's table, record by record, with Salesforce's rules:
 * an empty value sets nothing, {@code #N/A} sets null, required fields, typed fields, references,
 * unique external ids, and per-record errors in Salesforce's wording.
 */
public final class RecordWriter {
    private static final String NULL_MARKER = "#N/A";
    private final OrgStore org;
    private final ObjectTable table;
    private final Operation op;
    private final ColumnMap columns;
    private final BooleanSupplier lockFailure;
    private final Set<String> duplicateKeys;

    /**
     * @param duplicateKeys external id values that occur more than once in the batch: Salesforce fails
     *                      every row that carries one
     */
    public RecordWriter(OrgStore org, ObjectTable table, Operation op, ColumnMap columns, BooleanSupplier lockFailure,
                        Set<String> duplicateKeys) {
        this.duplicateKeys = duplicateKeys;
        this.org = org;
        this.table = table;
        this.op = op;
        this.columns = columns;
        this.lockFailure = lockFailure;
    }

    public ObjectTable table() {
        return table;
    }

    /**
     * Reads, ahead of {@link #apply}, the external id index slots that the rows will look up, all at
     * once, so that the processor fetches them from memory side by side rather than one by one.
     * Changes nothing; needs no lock.
     */
    public void prefetch(List<String[]> rows) {
        long touched = 0;
        for (int c = 0; c < columns.width(); c++) {
            int f = columns.fieldIndex[c];
            boolean key = c == columns.externalIdColumn;
            if (!key && (f == ColumnMap.ID || columns.relationshipTarget[c] != null
                    || !table.schema().fields().get(f).externalId())) {
                continue;
            }
            for (String[] row : rows) {
                if (c < row.length && !row[c].isEmpty()) {
                    touched += table.touchExternalId(key ? columns.externalIdField : f, key ? row[c].trim() : row[c]);
                }
            }
        }
        prefetched += touched;
    }

    /** Keeps the reads of {@link #prefetch} from being optimised away. */
    private long prefetched;

    /** Applies one row; the caller holds the table's lock for the chunk. */
    public RecordResult apply(String[] row) {
        if (lockFailure.getAsBoolean()) {
            return RecordResult.failed(null,
                    "UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record:--");
        }
        return switch (op) {
            case INSERT -> insert(row);
            case UPDATE -> update(row, idOf(row));
            case UPSERT -> upsert(row);
            case DELETE, HARD_DELETE -> delete(row);
        };
    }

    private String idOf(String[] row) {
        return columns.idColumn < 0 ? "" : row[columns.idColumn].trim();
    }

    private RecordResult insert(String[] row) {
        String[] values = new String[table.schema().fields().size()];
        String error = assign(values, row, false);
        if (error != null) {
            return RecordResult.failed(null, error);
        }
        error = checkRequiredAndUnique(values, null);
        if (error != null) {
            return RecordResult.failed(null, error);
        }
        long seq = org.ids().nextSequence();
        String id = SalesforceIds.format(table.schema().keyPrefix(), seq);
        table.insert(seq, values);
        return RecordResult.ok(id, true);
    }

    private RecordResult update(String[] row, String rawId) {
        String id = SalesforceIds.normalize(rawId);
        if (id == null || !id.startsWith(table.schema().keyPrefix())) {
            return RecordResult.failed(null, "MALFORMED_ID:" + table.schema().name()
                    + " ID: id value of incorrect type: " + rawId + ":Id --");
        }
        String[] existing = table.get(id);
        if (existing == null) {
            return RecordResult.failed(id, table.wasDeleted(id)
                    ? "ENTITY_IS_DELETED:entity is deleted:--"
                    : "INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--");
        }
        String[] values = existing.clone();
        String error = assign(values, row, true);
        if (error == null) {
            error = checkRequiredAndUnique(values, id);
        }
        if (error != null) {
            return RecordResult.failed(id, error);
        }
        table.put(id, values);
        return RecordResult.ok(id, false);
    }

    private RecordResult upsert(String[] row) {
        if (columns.externalIdColumn < 0) {
            String id = idOf(row);
            return id.isEmpty() ? insert(row) : update(row, id);
        }
        String key = row[columns.externalIdColumn].trim();
        String fieldName = table.schema().fields().get(columns.externalIdField).name();
        if (key.isEmpty()) {
            return RecordResult.failed(null, "MISSING_ARGUMENT:" + fieldName + " not specified:--");
        }
        if (duplicateKeys.contains(key)) {
            return RecordResult.failed(null, "DUPLICATE_VALUE:Duplicate external id specified: " + key + ":--");
        }
        String id = table.idByExternalId(columns.externalIdField, key);
        return id == null ? insert(row) : update(row, id);
    }

    private RecordResult delete(String[] row) {
        String rawId = idOf(row);
        String id = SalesforceIds.normalize(rawId);
        if (id == null || !id.startsWith(table.schema().keyPrefix())) {
            return RecordResult.failed(null, "MALFORMED_ID:" + table.schema().name()
                    + " ID: id value of incorrect type: " + rawId + ":Id --");
        }
        if (table.get(id) == null) {
            return RecordResult.failed(id, table.wasDeleted(id)
                    ? "ENTITY_IS_DELETED:entity is deleted:--"
                    : "INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--");
        }
        table.remove(id);
        return RecordResult.ok(id, false);
    }

    /** Copies the row's values into {@code values}; returns Salesforce's error for the first bad one. */
    private String assign(String[] values, String[] row, boolean update) {
        List<FieldDef> fields = table.schema().fields();
        for (int c = 0; c < columns.width(); c++) {
            int f = columns.fieldIndex[c];
            if (f == ColumnMap.ID) {
                continue;
            }
            String value = row[c];
            if (value.isEmpty()) {
                continue;
            }
            FieldDef def = fields.get(f);
            if (NULL_MARKER.equals(value)) {
                values[f] = null;
                continue;
            }
            if (columns.relationshipTarget[c] != null) {
                ObjectTable target = columns.relationshipTarget[c];
                String related = target.idByExternalId(columns.relationshipExternalField[c], value);
                if (related == null) {
                    String extName = target.schema().fields().get(columns.relationshipExternalField[c]).name();
                    return "INVALID_FIELD:Foreign key external ID: " + value + " not found for field " + extName
                            + " in entity " + target.schema().name() + ":--";
                }
                values[f] = related;
                continue;
            }
            if (def.type() == FieldType.REFERENCE) {
                String related = SalesforceIds.normalize(value);
                ObjectTable target = org.table(def.referenceTo());
                if (related == null || target == null || target.get(related) == null) {
                    return "INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:" + def.name() + " --";
                }
                values[f] = related;
                continue;
            }
            if (!def.type().accepts(value)) {
                return "INVALID_FIELD:Failed to deserialize field at col " + (c + 1) + ". Due to, '" + value
                        + "' is not a valid value for the type " + def.type().xsdType() + ":" + def.name() + " --";
            }
            values[f] = value;
        }
        return null;
    }

    private String checkRequiredAndUnique(String[] values, String selfId) {
        List<FieldDef> fields = table.schema().fields();
        List<String> missing = null;
        for (int f = 0; f < fields.size(); f++) {
            FieldDef def = fields.get(f);
            if (def.required() && (values[f] == null || values[f].isEmpty())) {
                if (missing == null) {
                    missing = new ArrayList<>();
                }
                missing.add(def.name());
            }
        }
        if (missing != null) {
            return "REQUIRED_FIELD_MISSING:Required fields are missing: [" + String.join(", ", missing) + "]:"
                    + String.join(" ", missing) + " --";
        }
        for (int f = 0; f < fields.size(); f++) {
            if (values[f] != null && fields.get(f).externalId()) {
                String owner = table.idByExternalId(f, values[f]);
                if (owner != null && !owner.equals(selfId)) {
                    return "DUPLICATE_VALUE:duplicate value found: " + fields.get(f).name()
                            + " duplicates value on record with id: " + owner + ":--";
                }
            }
        }
        return null;
    }
}
