package io.oscsync.job.verify;

import io.oscsync.udfs.TableId;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The SQL verify runs on every side, the same text for MariaDB, MySQL and TiDB. A row's hash is
 * CRC32 over its columns as utf8mb4 text (binary columns as hex), joined by {@link #SEPARATOR}, with a
 * NULL marker per column so NULL and '' differ. A chunk's checksum is COUNT and two SUMs of
 * hashes (the second over the reversed text, so one 32-bit collision is not enough): SUMs, not
 * BIT_XOR, so duplicate rows count (keyless tables compare as multisets) and the checksums of
 * shards add up to the checksum of their union.
 */
final class ChunkSql {
    /**
     * Between a row's values: ASCII's unit separator, which text hardly ever holds (with '|', the
     * rows ('a|b', 'c') and ('a', 'b|c') would hash alike); hex-rendered binary never does.
     */
    static final char SEPARATOR = '\u001f';

    private ChunkSql() {}

    /** SQL text and the values of its placeholders, in order. */
    record Sql(String text, List<Object> params) {}

    /** One column as verify compares it. */
    static String rendered(TableLayout.Column c) {
        String q = TableId.quote(c.name());
        return c.binary() ? "HEX(" + q + ")" : "CONVERT(" + q + " USING utf8mb4)";
    }

    static String rowText(List<TableLayout.Column> columns) {
        StringJoiner values = new StringJoiner(", ", "CONCAT_WS('" + SEPARATOR + "', ", ")");
        StringJoiner nulls = new StringJoiner(", ", "CONCAT(", ")");
        for (TableLayout.Column c : columns) {
            values.add(rendered(c));
            nulls.add("ISNULL(" + TableId.quote(c.name()) + ")");
        }
        values.add(nulls.toString());
        return values.toString();
    }

    /** COUNT(*), SUM of the row hashes, SUM of the reversed rows' hashes, over the chunk. */
    static Sql checksum(TableId t, List<TableLayout.Column> columns, List<String> key, Chunk chunk) {
        Sql where = where(key, chunk);
        return new Sql(
                "SELECT COUNT(*), COALESCE(SUM(CRC32(r)), 0), COALESCE(SUM(CRC32(REVERSE(r))), 0) FROM (SELECT "
                        + rowText(columns) + " AS r FROM " + t.quoted() + where.text() + ") v",
                where.params());
    }

    /** The chunk's rows: the rendered key columns, then every compared column rendered. */
    static Sql rows(TableId t, List<TableLayout.Column> columns, List<TableLayout.Column> keyColumns, Chunk chunk) {
        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + t.quoted());
        for (TableLayout.Column k : keyColumns) select.add(rendered(k));
        for (TableLayout.Column c : columns) select.add(rendered(c));
        Sql where = where(keyColumns.stream().map(TableLayout.Column::name).toList(), chunk);
        return new Sql(select + where.text(), where.params());
    }

    /** The key of the row {@code rows} rows on from {@code from} (inclusive; null: the first row). */
    static Sql nextBoundary(TableId t, List<String> key, List<Object> from, int rows) {
        StringJoiner cols = new StringJoiner(", ");
        for (String k : key) cols.add(TableId.quote(k));
        Sql where = where(key, new Chunk(0, from, null));
        return new Sql(
                "SELECT " + cols + " FROM " + t.quoted() + where.text() + " ORDER BY " + cols + " LIMIT 1 OFFSET "
                        + rows,
                where.params());
    }

    /** {@code WHERE key >= lo AND key < hi}, comparing composite keys column by column. */
    static Sql where(List<String> key, Chunk chunk) {
        List<String> parts = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (chunk.lo() != null) parts.add(compare(key, chunk.lo(), ">", params));
        if (chunk.hi() != null) parts.add(compare(key, chunk.hi(), "<", params));
        return new Sql(parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts), params);
    }

    /**
     * {@code (k1, k2) >= (v1, v2)} (op ">") or {@code (k1, k2) < (v1, v2)} (op "<"), written out
     * as {@code k1 >= v1 AND (k1 > v1 OR (k1 = v1 AND k2 >= v2))}: MariaDB does not turn a row
     * constructor comparison into an index range, and the leading {@code k1 >= v1} gives it one.
     */
    static String compare(List<String> key, List<Object> values, String op, List<Object> params) {
        String last = op.equals(">") ? ">=" : "<";
        String leading = op.equals(">") ? ">=" : "<=";
        if (key.size() == 1) {
            params.add(values.get(0));
            return TableId.quote(key.get(0)) + " " + last + " ?";
        }
        params.add(values.get(0));
        return "(" + TableId.quote(key.get(0)) + " " + leading + " ? AND " + nested(key, values, 0, op, last, params)
                + ")";
    }

    private static String nested(
            List<String> key, List<Object> values, int i, String op, String last, List<Object> params) {
        String k = TableId.quote(key.get(i));
        if (i == key.size() - 1) {
            params.add(values.get(i));
            return k + " " + last + " ?";
        }
        params.add(values.get(i));
        params.add(values.get(i));
        return "(" + k + " " + op + " ? OR (" + k + " = ? AND " + nested(key, values, i + 1, op, last, params) + "))";
    }
}
