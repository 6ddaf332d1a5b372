package io.oscsync.job.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import io.oscsync.job.event.TableChanges;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;

import java.util.StringJoiner;

/**
 * A CREATE TABLE built from the table definition the binlog reader keeps (Debezium's
 * {@code tableChanges}): columns with type, nullability and default, and the primary key. It
 * knows no secondary index, column charset or comment, so the sink matches only the columns and
 * the primary key against it ({@link io.oscsync.job.event.DdlMode#MATCH_COLUMNS}).
 */
final class BinlogDefinition {
    private BinlogDefinition() {}

    /** The definition of {@code upstream} in the change's tables, as a CREATE of {@code target}; null if none. */
    static DdlStatement createTable(TableId target, String tableChanges, TableId upstream) {
        JsonNode table = TableChanges.table(tableChanges, upstream);
        if (table == null || table.path("columns").isEmpty()) return null;
        StringJoiner body = new StringJoiner(", ", "CREATE TABLE " + target.quoted() + " (", ")");
        TableChanges.columns(table).values().forEach(c -> body.add(definition(c)));
        StringJoiner key = new StringJoiner(", ", "PRIMARY KEY (", ")");
        table.path("primaryKeyColumnNames").forEach(n -> key.add(TableId.quote(n.asText())));
        if (!table.path("primaryKeyColumnNames").isEmpty()) body.add(key.toString());
        return DdlStatement.parse(body.toString());
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
        if (c.path("autoIncremented").asBoolean(false)) sb.append(" AUTO_INCREMENT");
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
