package io.oscsync.job.verify;

import io.oscsync.udfs.TableId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A table's columns as information_schema describes them, and the key verify chunks it by: the
 * primary key, else the first unique key whose columns are all NOT NULL; none makes it keyless.
 */
record TableLayout(TableId table, List<Column> columns, List<String> key) {
    private static final Set<String> BINARY_TYPES = Set.of(
            "binary",
            "varbinary",
            "tinyblob",
            "blob",
            "mediumblob",
            "longblob",
            "bit",
            "geometry",
            "point",
            "linestring",
            "polygon",
            "multipoint",
            "multilinestring",
            "multipolygon",
            "geometrycollection");

    /**
     * @param type     COLUMN_TYPE, e.g. {@code varchar(40)} or {@code int(11) unsigned}
     * @param dataType DATA_TYPE, e.g. {@code varchar}
     * @param defaultValue COLUMN_DEFAULT as the server reports it (MariaDB quotes strings)
     */
    record Column(String name, String type, String dataType, boolean nullable, String defaultValue) {
        boolean binary() {
            return BINARY_TYPES.contains(dataType.toLowerCase(Locale.ROOT));
        }

        /** Display width of integers is ignored: MySQL 8 and TiDB drop it, MariaDB keeps it. */
        String comparableType() {
            return type.toLowerCase(Locale.ROOT).replaceAll("^(tinyint|smallint|mediumint|int|bigint)\\(\\d+\\)", "$1");
        }

        /** MariaDB quotes string defaults and says NULL for none; MySQL and TiDB do neither. */
        String comparableDefault() {
            if (defaultValue == null || defaultValue.equalsIgnoreCase("NULL")) return null;
            String d = defaultValue;
            if (d.length() >= 2 && d.startsWith("'") && d.endsWith("'")) d = d.substring(1, d.length() - 1);
            return d.toLowerCase(Locale.ROOT).replace("current_timestamp()", "current_timestamp");
        }
    }

    boolean keyless() {
        return key.isEmpty();
    }

    Column column(String name) {
        for (Column c : columns) if (c.name().equalsIgnoreCase(name)) return c;
        return null;
    }

    /** The table's layout, or null when the table does not exist on that server. */
    static TableLayout read(Connection c, TableId t) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE, "
                + "COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                + "ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, t.schema());
            ps.setString(2, t.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Column(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            "YES".equals(rs.getString(4)),
                            rs.getString(5)));
                }
            }
        }
        if (columns.isEmpty()) return null;
        return new TableLayout(t, columns, key(c, t, columns));
    }

    private static List<String> key(Connection c, TableId t, List<Column> columns) throws SQLException {
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        // PRIMARY sorts first; the other unique keys by name, so both sides pick the same one.
        try (PreparedStatement ps =
                c.prepareStatement("SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS "
                        + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0 "
                        + "ORDER BY INDEX_NAME <> 'PRIMARY', INDEX_NAME, SEQ_IN_INDEX")) {
            ps.setString(1, t.schema());
            ps.setString(2, t.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    indexes.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(rs.getString(2));
                }
            }
        }
        for (List<String> cols : indexes.values()) {
            boolean notNull = cols.stream()
                    .allMatch(n -> columns.stream()
                            .anyMatch(
                                    col -> col.name().equalsIgnoreCase(Objects.requireNonNull(n)) && !col.nullable()));
            if (notNull) return List.copyOf(cols);
        }
        return List.of();
    }

    /**
     * What differs between this (downstream) layout and an upstream's, in words; empty when the
     * columns agree in name, order, type, nullability and default.
     */
    List<String> differencesFrom(TableLayout upstream, String upstreamName) {
        List<String> problems = new ArrayList<>();
        for (Column u : upstream.columns()) {
            if (column(u.name()) == null) problems.add("column " + u.name() + " is on " + upstreamName + " only");
        }
        for (Column d : columns) {
            Column u = upstream.column(d.name());
            if (u == null) {
                problems.add("column " + d.name() + " is downstream only (not on " + upstreamName + ")");
                continue;
            }
            List<String> what = new ArrayList<>();
            if (!u.comparableType().equals(d.comparableType())) what.add("type " + u.type() + " vs " + d.type());
            if (u.nullable() != d.nullable()) {
                what.add((u.nullable() ? "NULL" : "NOT NULL") + " vs " + (d.nullable() ? "NULL" : "NOT NULL"));
            }
            if (!Objects.equals(u.comparableDefault(), d.comparableDefault())) {
                what.add("default " + u.defaultValue() + " vs " + d.defaultValue());
            }
            if (!what.isEmpty()) {
                problems.add("column " + d.name() + " differs (" + upstreamName + " vs downstream): "
                        + String.join(", ", what));
            }
        }
        List<String> shared = new ArrayList<>();
        for (Column d : columns)
            if (upstream.column(d.name()) != null) shared.add(d.name().toLowerCase(Locale.ROOT));
        List<String> upOrder = new ArrayList<>();
        for (Column u : upstream.columns())
            if (column(u.name()) != null) upOrder.add(u.name().toLowerCase(Locale.ROOT));
        if (!shared.equals(upOrder))
            problems.add("the columns are in another order on " + upstreamName + ": " + upOrder);
        return problems;
    }
}
