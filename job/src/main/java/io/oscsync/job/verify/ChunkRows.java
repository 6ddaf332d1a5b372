package io.oscsync.job.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A chunk's rows on one side as verify renders them, by identity: the key for a keyed table (a
 * key held twice, by two shards, counts two copies), the whole row for a keyless one (copies
 * counted, a multiset).
 */
final class ChunkRows {
    /** A row and how many copies of it the side holds. */
    record Entry(List<String> row, int copies) {}

    private final Map<List<String>, Entry> rows = new HashMap<>();

    /** Reads the chunk's rows on a connection and adds them; returns this. */
    ChunkRows read(Connection c, ChunkSql.Sql sql, int keyColumns, int columns) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.text())) {
            for (int i = 0; i < sql.params().size(); i++)
                ps.setObject(i + 1, sql.params().get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> key = new ArrayList<>(keyColumns);
                    for (int i = 1; i <= keyColumns; i++) key.add(rs.getString(i));
                    List<String> row = new ArrayList<>(columns);
                    for (int i = keyColumns + 1; i <= keyColumns + columns; i++) row.add(rs.getString(i));
                    add(keyColumns == 0 ? row : key, row);
                }
            }
        }
        return this;
    }

    void add(List<String> id, List<String> row) {
        rows.merge(id, new Entry(row, 1), (a, b) -> new Entry(a.row(), a.copies() + 1));
    }

    /**
     * The rows the downstream holds otherwise than the upstream, judged only where the upstream
     * read the same before and after the wait ({@code upstreamBefore}, {@code upstreamAfter}):
     * a row the app changed meanwhile is in flight, not a difference.
     */
    static List<RowDifference> confirmed(ChunkRows upstreamBefore, ChunkRows downstream, ChunkRows upstreamAfter) {
        Set<List<String>> ids = new HashSet<>(upstreamBefore.rows.keySet());
        ids.addAll(downstream.rows.keySet());
        ids.addAll(upstreamAfter.rows.keySet());
        List<RowDifference> out = new ArrayList<>();
        for (List<String> id : ids) {
            Entry before = upstreamBefore.rows.get(id);
            Entry after = upstreamAfter.rows.get(id);
            Entry down = downstream.rows.get(id);
            if (!Objects.equals(before, after) || Objects.equals(before, down)) continue;
            out.add(new RowDifference(
                    id,
                    before == null ? null : before.row(),
                    down == null ? null : down.row(),
                    before == null ? 0 : before.copies(),
                    down == null ? 0 : down.copies()));
        }
        return out;
    }
}
