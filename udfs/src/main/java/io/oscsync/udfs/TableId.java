package io.oscsync.udfs;

import java.io.Serializable;
import java.util.Comparator;
import java.util.Objects;

/** A table of one MySQL-protocol server, named by schema (database) and table. */
public record TableId(String schema, String table) implements Serializable, Comparable<TableId> {

    private static final Comparator<TableId> ORDER =
            Comparator.comparing(TableId::schema).thenComparing(TableId::table);

    public TableId {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
    }

    /** {@code schema.table}, unquoted: for logs, metrics and map keys, never for SQL. */
    @Override
    public String toString() {
        return schema + "." + table;
    }

    /** {@code `schema`.`table`}, safe to put into SQL. */
    public String quoted() {
        return quote(schema) + "." + quote(table);
    }

    /** Backquotes one identifier; a backquote inside the name is doubled, as MySQL expects. */
    public static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public int compareTo(TableId other) {
        return ORDER.compare(this, other);
    }
}
