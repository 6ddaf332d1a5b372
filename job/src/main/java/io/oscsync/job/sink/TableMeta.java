package io.oscsync.job.sink;

import io.oscsync.udfs.TableId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sink needs to know about a downstream table: the columns that identify a row (the
 * primary key, else the first unique key of NOT NULL columns; empty if there is none), and
 * whether other unique keys exist.
 *
 * @param otherUniqueKeys true when a unique index besides {@code key} exists: then the order of
 *                        row changes matters beyond the key, and they are not compacted
 */
public record TableMeta(TableId table, List<String> key, boolean otherUniqueKeys) {

    public boolean hasKey() {
        return !key.isEmpty();
    }

    /** Row changes can be folded by key and reordered (deletes first) without changing the result. */
    public boolean compactable() {
        return hasKey() && !otherUniqueKeys;
    }

    public static TableMeta load(Connection c, TableId table) throws SQLException {
        String sql = "SELECT s.INDEX_NAME, s.COLUMN_NAME, c.IS_NULLABLE FROM information_schema.STATISTICS s "
                + "JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA "
                + "AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME "
                + "WHERE s.TABLE_SCHEMA = ? AND s.TABLE_NAME = ? AND s.NON_UNIQUE = 0 "
                + "ORDER BY s.INDEX_NAME = 'PRIMARY' DESC, s.INDEX_NAME, s.SEQ_IN_INDEX";
        Map<String, List<String>> unique = new LinkedHashMap<>();
        Map<String, Boolean> allNotNull = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String index = rs.getString(1);
                    unique.computeIfAbsent(index, k -> new ArrayList<>()).add(rs.getString(2));
                    allNotNull.merge(index, "NO".equals(rs.getString(3)), Boolean::logicalAnd);
                }
            }
        }
        for (var e : unique.entrySet()) {
            if (allNotNull.get(e.getKey())) return new TableMeta(table, List.copyOf(e.getValue()), unique.size() > 1);
        }
        return new TableMeta(table, List.of(), !unique.isEmpty());
    }
}
