package io.oscsync.job.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oscsync.udfs.TableId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Debezium's {@code tableChanges} (the post-DDL definitions a schema change carries, as
 * JSON in {@link ChangeEvent#tableChanges()}): the one place that parses it.
 */
public final class TableChanges {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TableChanges() {}

    /** The tables a schema change touched; ids look like {@code "db"."t"}. */
    public static List<TableId> tables(String tableChangesJson) {
        List<TableId> tables = new ArrayList<>();
        if (tableChangesJson == null || tableChangesJson.isEmpty()) return tables;
        try {
            for (JsonNode change : JSON.readTree(tableChangesJson)) {
                // "db"."t": split on the quote-dot-quote between the two names
                String id = change.path("id").asText("");
                int dot = id.indexOf("\".\"");
                if (id.startsWith("\"") && id.endsWith("\"") && dot > 0) {
                    tables.add(new TableId(id.substring(1, dot), id.substring(dot + 3, id.length() - 1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable tableChanges from the CDC source", e);
        }
        return tables;
    }

    /** The first table definition, or null when there is none. */
    public static JsonNode firstTable(String tableChangesJson) {
        try {
            JsonNode changes =
                    tableChangesJson == null || tableChangesJson.isEmpty() ? null : JSON.readTree(tableChangesJson);
            return changes == null || changes.isEmpty() ? null : changes.get(0).path("table");
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable tableChanges from the CDC source", e);
        }
    }

    /** The definition of {@code table} among the change's tables (the only one when there is one); else null. */
    public static JsonNode table(String tableChangesJson, TableId table) {
        List<TableId> ids = tables(tableChangesJson);
        int i = ids.indexOf(table);
        if (i < 0 && ids.size() != 1) return null;
        try {
            return JSON.readTree(tableChangesJson).get(Math.max(i, 0)).path("table");
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable tableChanges from the CDC source", e);
        }
    }

    /** A table definition's columns by lower-case name, in order. */
    public static Map<String, JsonNode> columns(JsonNode table) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode c : table.path("columns"))
            byName.put(c.path("name").asText().toLowerCase(Locale.ROOT), c);
        return byName;
    }

    /** Whether the column is nullable or has a default in the first definition; null when it is not there. */
    public static Boolean columnIsOptional(String tableChangesJson, String column) {
        JsonNode table = firstTable(tableChangesJson);
        if (table == null) return null;
        JsonNode c = columns(table).get(column.toLowerCase(Locale.ROOT));
        if (c == null) return null;
        return c.path("optional").asBoolean(true) || c.hasNonNull("defaultValueExpression");
    }
}
