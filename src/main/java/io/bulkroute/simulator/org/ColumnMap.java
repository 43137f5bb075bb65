package io.bulkroute.simulator.org;

/**
 * What each CSV column of a batch means for the target object: the record id, a field, or a
 * relationship reached through the related object's external id ({@code Account.External_Id__c}).
 * Built once per batch from its header; an unknown column fails the batch as Salesforce does.
 */
public final class ColumnMap {
    static final int ID = -1;

    final int[] fieldIndex;
    final ObjectTable[] relationshipTarget;
    final int[] relationshipExternalField;
    final int idColumn;
    final int externalIdColumn;
    final int externalIdField;

    private ColumnMap(int n, int idColumn, int externalIdColumn, int externalIdField) {
        this.fieldIndex = new int[n];
        this.relationshipTarget = new ObjectTable[n];
        this.relationshipExternalField = new int[n];
        this.idColumn = idColumn;
        this.externalIdColumn = externalIdColumn;
        this.externalIdField = externalIdField;
    }

    /** The column holding the upsert key, or -1. */
    public int externalIdColumn() {
        return externalIdColumn;
    }

    public int width() {
        return fieldIndex.length;
    }

    public static ColumnMap of(String[] header, OrgStore org, ObjectSchema object, Operation op, String externalIdFieldName)
            throws BatchFailure {
        int idColumn = -1;
        for (int c = 0; c < header.length; c++) {
            if (header[c].trim().equalsIgnoreCase("Id")) {
                idColumn = c;
            }
        }
        int extField = -1;
        int extColumn = -1;
        if (op == Operation.UPSERT) {
            extField = object.indexOf(externalIdFieldName);
            for (int c = 0; c < header.length; c++) {
                if (header[c].trim().equalsIgnoreCase(externalIdFieldName)) {
                    extColumn = c;
                }
            }
            if (extColumn < 0 && !"Id".equalsIgnoreCase(externalIdFieldName)) {
                throw new BatchFailure("InvalidBatch : Field name not provided: " + externalIdFieldName);
            }
        }
        if ((op == Operation.UPDATE || op == Operation.DELETE || op == Operation.HARD_DELETE) && idColumn < 0) {
            throw new BatchFailure("InvalidBatch : Field name not provided: Id");
        }
        ColumnMap map = new ColumnMap(header.length, idColumn, extColumn, extField);
        for (int c = 0; c < header.length; c++) {
            String name = header[c].trim();
            if (c == idColumn) {
                map.fieldIndex[c] = ID;
                continue;
            }
            if (op == Operation.DELETE || op == Operation.HARD_DELETE) {
                throw new BatchFailure("InvalidBatch : Field name not found : " + name);
            }
            int dot = name.indexOf('.');
            if (dot > 0) {
                map.fieldIndex[c] = relationship(map, c, name, dot, org, object);
            } else {
                int i = object.indexOf(name);
                if (i < 0) {
                    throw new BatchFailure("InvalidBatch : Field name not found : " + name);
                }
                map.fieldIndex[c] = i;
            }
        }
        return map;
    }

    private static int relationship(ColumnMap map, int column, String name, int dot, OrgStore org, ObjectSchema object)
            throws BatchFailure {
        String relationship = name.substring(0, dot);
        String targetField = name.substring(dot + 1);
        for (int i = 0; i < object.fields().size(); i++) {
            FieldDef f = object.fields().get(i);
            if (relationship.equalsIgnoreCase(f.relationshipName())) {
                ObjectTable target = org.table(f.referenceTo());
                int ext = target == null ? -1 : target.schema().indexOf(targetField);
                if (ext < 0 || !target.schema().fields().get(ext).externalId()) {
                    throw new BatchFailure("InvalidBatch : Field name not found : " + name);
                }
                map.relationshipTarget[column] = target;
                map.relationshipExternalField[column] = ext;
                return i;
            }
        }
        throw new BatchFailure("InvalidBatch : Field name not found : " + name);
    }
}
