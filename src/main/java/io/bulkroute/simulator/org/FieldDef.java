package io.bulkroute.simulator.org;

/** One field of an object, as the org's schema declares it. */
public record FieldDef(String name, FieldType type, boolean required, String referenceTo, boolean externalId) {

    public FieldDef {
        type = type == null ? FieldType.STRING : type;
    }

    /** {@code AccountId} is reached as {@code Account.<field>} in a relationship column. */
    public String relationshipName() {
        if (type != FieldType.REFERENCE) {
            return null;
        }
        return name.endsWith("Id") ? name.substring(0, name.length() - 2) : name.replace("__c", "__r");
    }
}
