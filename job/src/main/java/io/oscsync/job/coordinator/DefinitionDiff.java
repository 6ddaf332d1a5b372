package io.oscsync.job.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oscsync.udfs.TableId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Derives the columns part of a migration the job did not see start, from the table's
 * definition before (the real table as it was renamed away) and after (the ghost as it was
 * renamed in), as Debezium's {@code tableChanges} give them. Opt-in
 * ({@code online-ddl-derive-missing}): indexes, charsets and column order are not derived.
 */
final class DefinitionDiff {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DefinitionDiff() {}

    /** The first table definition in a tableChanges JSON array, or null. */
    static JsonNode firstTable(String tableChanges) {
        try {
            JsonNode changes = tableChanges == null ? null : JSON.readTree(tableChanges);
            return changes == null || changes.isEmpty() ? null : changes.get(0).path("table");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An ALTER for {@code target} that turns the old columns into the new ones, or null if they match. */
    static String alter(TableId target, JsonNode before, JsonNode after) {
        Map<String, JsonNode> old = columns(before);
        Map<String, JsonNode> now = columns(after);
        StringJoiner clauses = new StringJoiner(", ");
        now.forEach((name, col) -> {
            JsonNode was = old.get(name.toLowerCase(Locale.ROOT));
            if (was == null) clauses.add("ADD COLUMN " + definition(col));
            else if (!definition(was).equals(definition(col))) clauses.add("MODIFY COLUMN " + definition(col));
        });
        old.forEach((name, col) -> {
            if (!now.containsKey(name)) clauses.add("DROP COLUMN " + TableId.quote(col.path("name").asText()));
        });
        return clauses.length() == 0 ? null : "ALTER TABLE " + target.quoted() + " " + clauses;
    }

    private static Map<String, JsonNode> columns(JsonNode table) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode c : table.path("columns")) byName.put(c.path("name").asText().toLowerCase(Locale.ROOT), c);
        return byName;
    }

    /** A column definition from Debezium's fields: type (with length, scale or values), NULL, DEFAULT. */
    static String definition(JsonNode c) {
        StringBuilder sb = new StringBuilder(TableId.quote(c.path("name").asText())).append(' ');
        String type = c.path("typeName").asText();
        String base = type.replace(" UNSIGNED", "").replace(" ZEROFILL", "");
        sb.append(base);
        if (c.has("enumValues") && c.path("enumValues").size() > 0) {
            StringJoiner values = new StringJoiner(",", "(", ")");
            c.path("enumValues").forEach(v -> values.add(v.asText()));
            sb.append(values);
        } else if (c.hasNonNull("length") && takesLength(base)) {
            sb.append('(').append(c.path("length").asInt());
            if (c.hasNonNull("scale")) sb.append(',').append(c.path("scale").asInt());
            sb.append(')');
        }
        if (type.contains("UNSIGNED")) sb.append(" UNSIGNED");
        sb.append(c.path("optional").asBoolean(true) ? " NULL" : " NOT NULL");
        if (c.hasNonNull("defaultValueExpression")) {
            String d = c.path("defaultValueExpression").asText();
            sb.append(" DEFAULT ").append(d.matches("-?\\d+(\\.\\d+)?|NULL|CURRENT_TIMESTAMP.*") ? d
                    : "'" + d.replace("'", "''") + "'");
        }
        return sb.toString();
    }

    private static boolean takesLength(String type) {
        return switch (type) {
            case "CHAR", "VARCHAR", "BINARY", "VARBINARY", "DECIMAL", "NUMERIC", "BIT", "DATETIME", "TIMESTAMP",
                 "TIME" -> true;
            default -> false;
        };
    }

    /** Whether the column is nullable or has a default in a post-DDL definition; null when it is not there. */
    static Boolean columnIsOptional(String tableChanges, String column) {
        JsonNode table = firstTable(tableChanges);
        if (table == null) return null;
        JsonNode c = columns(table).get(column.toLowerCase(java.util.Locale.ROOT));
        if (c == null) return null;
        return c.path("optional").asBoolean(true) || c.hasNonNull("defaultValueExpression");
    }
}
