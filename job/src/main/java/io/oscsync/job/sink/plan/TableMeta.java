package io.oscsync.job.sink.plan;

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
import java.util.Set;

/**
 * What the sink needs to know about a downstream table: the columns that identify a row (the
 * primary key, else the first unique key of NOT NULL columns; empty if there is none), and
 * whether other unique keys exist, and its generated columns.
 *
 * @param otherUniqueKeys true when a unique index besides {@code key} exists: then the order of
 *                        row changes matters beyond the key, and they are not compacted
 * @param generated       the VIRTUAL/STORED generated columns, lower case: never written (the
 *                        downstream computes them and refuses a value) nor matched
 * @param uniqueKeys      the columns of every primary and unique key, the row key first: changes
 *                        that share a value of any of them are applied in order ({@link KeyPartitioner});
 *                        empty when a unique key's values cannot be read off a row (a prefix of a
 *                        column, a generated column): then the table's rows are never split
 */
public record TableMeta(
        TableId table,
        List<String> key,
        boolean otherUniqueKeys,
        Set<String> generated,
        List<List<String>> uniqueKeys) {

    public TableMeta {
        uniqueKeys = List.copyOf(uniqueKeys);
    }

    public TableMeta(TableId table, List<String> key, boolean otherUniqueKeys) {
        this(table, key, otherUniqueKeys, Set.of(), key.isEmpty() ? List.of() : List.of(key));
    }

    public TableMeta(TableId table, List<String> key, boolean otherUniqueKeys, Set<String> generated) {
        this(table, key, otherUniqueKeys, generated, key.isEmpty() ? List.of() : List.of(key));
    }

    /**
     * The indexes of the columns the sink writes and matches (all but the generated ones), or
     * null when that is every column.
     */
    int[] writableIndexes(String[] columns) {
        if (generated.isEmpty()) return null;
        int[] idx = new int[columns.length];
        int n = 0;
        for (int i = 0; i < columns.length; i++) {
            if (!generated.contains(columns[i].toLowerCase(Locale.ROOT))) idx[n++] = i;
        }
        return n == columns.length ? null : java.util.Arrays.copyOf(idx, n);
    }

    public boolean hasKey() {
        return !key.isEmpty();
    }

    /** Row changes can be folded by key and reordered (deletes first) without changing the result. */
    public boolean compactable() {
        return hasKey() && !otherUniqueKeys;
    }

    public static TableMeta load(Connection c, TableId table) throws SQLException {
        String sql =
                "SELECT s.INDEX_NAME, s.COLUMN_NAME, c.IS_NULLABLE, s.SUB_PART FROM information_schema.STATISTICS s "
                        + "JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA "
                        + "AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME "
                        + "WHERE s.TABLE_SCHEMA = ? AND s.TABLE_NAME = ? AND s.NON_UNIQUE = 0 "
                        + "ORDER BY s.INDEX_NAME = 'PRIMARY' DESC, s.INDEX_NAME, s.SEQ_IN_INDEX";
        Map<String, List<String>> unique = new LinkedHashMap<>();
        Map<String, Boolean> allNotNull = new LinkedHashMap<>();
        boolean prefixKey = false;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String index = rs.getString(1);
                    unique.computeIfAbsent(index, k -> new ArrayList<>()).add(rs.getString(2));
                    allNotNull.merge(index, "NO".equals(rs.getString(3)), Boolean::logicalAnd);
                    prefixKey |= rs.getObject(4) != null;
                }
            }
        }
        Set<String> generated = generated(c, table);
        boolean unreadable = prefixKey;
        for (List<String> cols : unique.values()) {
            for (String col : cols) unreadable |= generated.contains(col.toLowerCase(Locale.ROOT));
        }
        for (var e : unique.entrySet()) {
            if (allNotNull.get(e.getKey())) {
                List<List<String>> keys = new ArrayList<>();
                keys.add(List.copyOf(e.getValue()));
                unique.forEach((name, cols) -> {
                    if (!name.equals(e.getKey())) keys.add(List.copyOf(cols));
                });
                return new TableMeta(
                        table, List.copyOf(e.getValue()), unique.size() > 1, generated, unreadable ? List.of() : keys);
            }
        }
        List<List<String>> keys = new ArrayList<>();
        unique.values().forEach(cols -> keys.add(List.copyOf(cols)));
        return new TableMeta(table, List.of(), !unique.isEmpty(), generated, keys);
    }

    /**
     * EXTRA is 'VIRTUAL GENERATED' / 'STORED GENERATED' on MySQL, TiDB and MariaDB 10.2+, 'VIRTUAL' /
     * 'PERSISTENT' on older MariaDB; not 'DEFAULT_GENERATED', which MySQL 8 shows for expression defaults.
     */
    private static Set<String> generated(Connection c, TableId table) throws SQLException {
        String sql = "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                + "AND (EXTRA LIKE '%VIRTUAL GENERATED%' OR EXTRA LIKE '%STORED GENERATED%' "
                + "OR EXTRA IN ('VIRTUAL', 'PERSISTENT'))";
        Set<String> out = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        return Set.copyOf(out);
    }
}
