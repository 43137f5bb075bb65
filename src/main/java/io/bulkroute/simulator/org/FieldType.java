package io.bulkroute.simulator.org;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The field types a loader meets; each knows which CSV values Salesforce accepts for it. */
public enum FieldType {
    STRING, INTEGER, NUMBER, DATE, BOOLEAN, REFERENCE;

    @JsonCreator
    public static FieldType of(String name) {
        return valueOf(name.toUpperCase());
    }

    public String xsdType() {
        return switch (this) {
            case INTEGER -> "xsd:int";
            case NUMBER -> "xsd:double";
            case DATE -> "xsd:date";
            case BOOLEAN -> "xsd:boolean";
            default -> "xsd:string";
        };
    }

    /** True when Salesforce would store {@code value} in a field of this type. */
    public boolean accepts(String value) {
        try {
            switch (this) {
                case INTEGER -> Long.parseLong(value.trim());
                case NUMBER -> new BigDecimal(value.trim());
                case DATE -> LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
                case BOOLEAN -> {
                    String v = value.trim().toLowerCase();
                    return v.equals("true") || v.equals("false") || v.equals("1") || v.equals("0");
                }
                default -> {
                    return true;
                }
            }
            return true;
        } catch (NumberFormatException | DateTimeParseException e) {
            return false;
        }
    }
}
