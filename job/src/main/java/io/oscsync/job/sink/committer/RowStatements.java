package io.oscsync.job.sink.committer;

import io.oscsync.udfs.TableId;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.StringJoiner;

/** SQL text for the row statements the sink sends, and value binding. */
final class RowStatements {
    private RowStatements() {}

    /** Multi-row upsert: applying it twice leaves the same rows (idempotent on replay). */
    static String upsert(TableId t, String[] columns, int rows) {
        StringJoiner updates = new StringJoiner(", ");
        for (String c : columns) updates.add(q(c) + " = VALUES(" + q(c) + ")");
        return insert(t, columns, rows) + " ON DUPLICATE KEY UPDATE " + updates;
    }

    static String insert(TableId t, String[] columns, int rows) {
        StringJoiner cols = new StringJoiner(", ", " (", ")");
        for (String c : columns) cols.add(q(c));
        String tuple = placeholders(columns.length);
        StringBuilder sb = new StringBuilder("INSERT INTO ")
                .append(t.quoted())
                .append(cols)
                .append(" VALUES ");
        for (int i = 0; i < rows; i++) sb.append(i == 0 ? "" : ", ").append(tuple);
        return sb.toString();
    }

    /**
     * A key of several columns matches as {@code (a = ? AND b = ?) OR ...}, not as a row
     * constructor {@code (a, b) IN ((?, ?), ...)}: MariaDB compares the tuples of a row IN list
     * without converting the charset, so a latin1 key column never equals a utf8mb4 value there
     * once the list holds two tuples, and the delete silently misses its rows.
     */
    static String deleteByKey(TableId t, List<String> key, int rows) {
        StringBuilder sb = new StringBuilder("DELETE FROM ").append(t.quoted()).append(" WHERE ");
        if (key.size() == 1) {
            sb.append(q(key.get(0))).append(" IN (");
            for (int i = 0; i < rows; i++) sb.append(i == 0 ? "?" : ", ?");
            return sb.append(')').toString();
        }
        StringJoiner match = new StringJoiner(" AND ", "(", ")");
        key.forEach(c -> match.add(q(c) + " = ?"));
        for (int i = 0; i < rows; i++) sb.append(i == 0 ? "" : " OR ").append(match);
        return sb.toString();
    }

    /** A table without a key: change exactly one row that equals the old image in every column. */
    static String updateOneRow(TableId t, String[] columns) {
        StringJoiner set = new StringJoiner(", ");
        for (String c : columns) set.add(q(c) + " = ?");
        return "UPDATE " + t.quoted() + " SET " + set + " WHERE " + matchAll(columns) + " LIMIT 1";
    }

    static String deleteOneRow(TableId t, String[] columns) {
        return "DELETE FROM " + t.quoted() + " WHERE " + matchAll(columns) + " LIMIT 1";
    }

    private static String matchAll(String[] columns) {
        StringJoiner where = new StringJoiner(" AND ");
        for (String c : columns) where.add(q(c) + " <=> ?");
        return where.toString();
    }

    private static String placeholders(int n) {
        StringJoiner p = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < n; i++) p.add("?");
        return p.toString();
    }

    static String q(String identifier) {
        return TableId.quote(identifier);
    }

    /**
     * Binds one value. In a comparison a FLOAT is bound as its exact double, since the server
     * compares a FLOAT column as a double ('1.1' would not match the stored 1.100000023841858).
     */
    static void bind(PreparedStatement ps, int index, Object v, boolean comparison) throws SQLException {
        if (v == null) ps.setNull(index, java.sql.Types.NULL);
        else if (v instanceof Long l) ps.setLong(index, l);
        else if (v instanceof String s) ps.setString(index, s);
        else if (v instanceof BigDecimal d) ps.setBigDecimal(index, d);
        else if (v instanceof Double d) ps.setDouble(index, d);
        else if (v instanceof Float f) {
            if (comparison) ps.setDouble(index, f.doubleValue());
            else ps.setFloat(index, f);
        } else if (v instanceof byte[] b) ps.setBytes(index, b);
        else if (v instanceof Boolean b) ps.setBoolean(index, b);
        else
            throw new IllegalArgumentException(
                    "not a row value type: " + v.getClass().getName());
    }
}
