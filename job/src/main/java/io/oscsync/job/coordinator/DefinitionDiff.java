package io.oscsync.job.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import io.oscsync.job.event.TableChanges;
import io.oscsync.udfs.TableId;

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
    private DefinitionDiff() {}

    /** An ALTER for {@code target} that turns the old columns into the new ones, or null if they match. */
    static String alter(TableId target, JsonNode before, JsonNode after) {
        Map<String, JsonNode> old = TableChanges.columns(before);
        Map<String, JsonNode> now = TableChanges.columns(after);
        StringJoiner clauses = new StringJoiner(", ");
        now.forEach((name, col) -> {
            JsonNode was = old.get(name.toLowerCase(Locale.ROOT));
            if (was == null) clauses.add("ADD COLUMN " + definition(col));
            else if (!definition(was).equals(definition(col))) clauses.add("MODIFY COLUMN " + definition(col));
        });
        old.forEach((name, col) -> {
            if (!now.containsKey(name))
                clauses.add("DROP COLUMN " + TableId.quote(col.path("name").asText()));
        });
        return clauses.length() == 0 ? null : "ALTER TABLE " + target.quoted() + " " + clauses;
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
            sb.append(" DEFAULT ")
                    .append(
                            d.matches("-?\\d+(\\.\\d+)?|NULL|CURRENT_TIMESTAMP.*")
                                    ? d
                                    : "'" + d.replace("'", "''") + "'");
        }
        return sb.toString();
    }

    private static boolean takesLength(String type) {
        return switch (type) {
            case "CHAR",
                    "VARCHAR",
                    "BINARY",
                    "VARBINARY",
                    "DECIMAL",
                    "NUMERIC",
                    "BIT",
                    "DATETIME",
                    "TIMESTAMP",
                    "TIME" -> true;
            default -> false;
        };
    }
}
