package io.oscsync.udfs.ddl;

import io.oscsync.udfs.TableId;

import java.io.Serializable;

/**
 * Where a statement names a table (or database): the character range of the whole name,
 * qualifier included, and its parts; {@code schema} is null when the text has none.
 */
record NameRef(int start, int end, String schema, String name) implements Serializable {

    /**
     * Fills a missing schema from the session's default database, as MySQL does (also for the
     * new name of {@code ALTER TABLE db.t RENAME x}, which lands in the default database).
     */
    TableId resolve(String defaultSchema, String sql) {
        if (schema != null) {
            return new TableId(schema, name);
        }
        if (defaultSchema == null || defaultSchema.isEmpty()) {
            throw new UnsupportedDdlException(
                    sql, "table " + TableId.quote(name) + " has no schema and no default schema is known");
        }
        return new TableId(defaultSchema, name);
    }
}
