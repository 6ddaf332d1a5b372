package io.oscsync.job.sink.committer;

import io.oscsync.udfs.TableId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The downstream record of the cross-key DDL protocol (see the package doc): per (task, barrier
 * id, table) a row saying the table joined the barrier, or, on the owner table, that the owner
 * released it. Written in the same transaction as the step's progress; never deleted (one row
 * per table a cross-key DDL spans).
 */
final class Rendezvous {
    static final String TABLE = "osc_sync_barrier";
    static final String JOINED = "JOINED";
    static final String RELEASED = "RELEASED";

    private final String task;
    private final TableId table;

    Rendezvous(String metaSchema, String task) {
        this.task = task;
        this.table = new TableId(metaSchema, TABLE);
    }

    TableId table() {
        return table;
    }

    void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + TableId.quote(table.schema()));
            s.execute("CREATE TABLE IF NOT EXISTS " + table.quoted() + " ("
                    + "task VARCHAR(128) NOT NULL, "
                    + "barrier_id VARCHAR(255) NOT NULL, "
                    + "target_schema VARCHAR(64) NOT NULL, "
                    + "target_table VARCHAR(64) NOT NULL, "
                    + "state VARCHAR(16) NOT NULL COMMENT 'JOINED by a participant, RELEASED by the owner', "
                    + "created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), "
                    + "PRIMARY KEY (task, barrier_id, target_schema, target_table)"
                    + ") DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin");
        }
        c.commit();
    }

    /** In the caller's transaction. */
    void mark(Connection c, String barrierId, TableId t, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table.quoted()
                + " (task, barrier_id, target_schema, target_table, state) VALUES (?, ?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE state = VALUES(state)")) {
            ps.setString(1, task);
            ps.setString(2, barrierId);
            ps.setString(3, t.schema());
            ps.setString(4, t.table());
            ps.setString(5, state);
            ps.executeUpdate();
        }
    }

    /** The participants that have not joined yet. */
    List<TableId> missing(Connection c, String barrierId, List<TableId> participants) throws SQLException {
        Set<String> joined = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT target_schema, target_table FROM " + table.quoted()
                + " WHERE task = ? AND barrier_id = ? AND state = ?")) {
            ps.setString(1, task);
            ps.setString(2, barrierId);
            ps.setString(3, JOINED);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) joined.add(name(rs.getString(1), rs.getString(2)));
            }
        }
        List<TableId> out = new ArrayList<>();
        for (TableId t : participants) if (!joined.contains(name(t.schema(), t.table()))) out.add(t);
        return out;
    }

    boolean released(Connection c, String barrierId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM " + table.quoted() + " WHERE task = ? AND barrier_id = ? AND state = ?")) {
            ps.setString(1, task);
            ps.setString(2, barrierId);
            ps.setString(3, RELEASED);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Table names as the rows hold them; schema and table names compare without case, as on most servers. */
    private static String name(String schema, String table) {
        return schema.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT);
    }
}
