package io.oscsync.udfs.name;

import java.io.Serializable;

/**
 * One DM route: upstream tables whose schema (and, when set, table) match the wildcard
 * patterns go to {@code targetSchema}.{@code targetTable}. Without a table pattern the rule
 * is schema-level: it changes the schema and keeps each table's name.
 */
public record RouteRule(String name, String schemaPattern, String tablePattern, String targetSchema, String targetTable)
        implements Serializable {

    public boolean isSchemaLevel() {
        return tablePattern == null || tablePattern.isBlank();
    }

    /** The rule's name for messages; rules without a name are still distinguishable. */
    String label() {
        String id = name == null || name.isBlank() ? "(unnamed)" : name;
        return "route '" + id + "' (schema-pattern '" + schemaPattern + "'"
                + (isSchemaLevel() ? "" : ", table-pattern '" + tablePattern + "'") + ")";
    }
}
