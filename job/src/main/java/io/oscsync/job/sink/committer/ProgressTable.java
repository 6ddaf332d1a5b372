package io.oscsync.job.sink.committer;

import io.oscsync.udfs.TableId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

/**
 * The downstream's record of what the committer applied: per (task, target table) the last
 * (run, checkpoint sequence, step), written in the same transaction as the step's rows. A step
 * is applied iff its table's row has the same run and an equal or later (sequence, step).
 */
public final class ProgressTable {
    static final String TABLE = "osc_sync_progress";

    private final String task;
    private final TableId table;

    public ProgressTable(String metaSchema, String task) {
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
                    + "target_schema VARCHAR(64) NOT NULL, "
                    + "target_table VARCHAR(64) NOT NULL, "
                    + "run_id VARCHAR(64) NOT NULL COMMENT 'the writer attempt that made the batch', "
                    + "checkpoint_seq BIGINT NOT NULL COMMENT 'restored checkpoint id + batches since, per run', "
                    + "step INT NOT NULL COMMENT 'last applied step of that batch', "
                    + "updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), "
                    + "PRIMARY KEY (task, target_schema, target_table)"
                    + ") DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin");
        }
    }

    boolean applied(Connection c, TableId target, String runId, long seq, int step) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, checkpoint_seq, step FROM " + table.quoted()
                + " WHERE task = ? AND target_schema = ? AND target_table = ?")) {
            ps.setString(1, task);
            ps.setString(2, target.schema());
            ps.setString(3, target.table());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !runId.equals(rs.getString(1))) return false;
                long doneSeq = rs.getLong(2);
                return doneSeq > seq || (doneSeq == seq && rs.getInt(3) >= step);
            }
        }
    }

    void record(Connection c, Collection<TableId> targets, String runId, long seq, int step) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO ")
                .append(table.quoted())
                .append(" (task, target_schema, target_table, run_id, checkpoint_seq, step) VALUES ");
        for (int i = 0; i < targets.size(); i++) sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
        sql.append(" ON DUPLICATE KEY UPDATE run_id = VALUES(run_id), checkpoint_seq = VALUES(checkpoint_seq), "
                + "step = VALUES(step)");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (TableId t : targets) {
                ps.setString(p++, task);
                ps.setString(p++, t.schema());
                ps.setString(p++, t.table());
                ps.setString(p++, runId);
                ps.setLong(p++, seq);
                ps.setInt(p++, step);
            }
            ps.executeUpdate();
        }
    }
}
