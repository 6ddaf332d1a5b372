package io.oscsync.job.sink.committer;

import io.oscsync.udfs.TableId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;

/**
 * The downstream's record of what the committer applied: per (task, target table, partition) the
 * last (run, checkpoint sequence, step), written in the same transaction as the step's rows. A
 * step of a partition is applied iff that partition's row has the same run and an equal or later
 * (sequence, step); a DDL or barrier step writes every partition of its table and is read at
 * partition 0. Batches of format 1 number their steps across tables and use partition 0 only.
 *
 * <p>The table of the release before partitions (primary key task, schema, table) is migrated in
 * place at start: its rows become partition 0, which is where a format-1 batch replays from.
 */
public final class ProgressTable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProgressTable.class);
    static final String TABLE = "osc_sync_progress";
    static final String PARTITION = "lane_partition";
    private static final int ER_DUP_FIELDNAME = 1060;
    private static final int ER_CANT_DROP_FIELD_OR_KEY = 1091;
    private static final int ER_MULTIPLE_PRI_KEY = 1068;

    private final String task;
    private final TableId table;

    public ProgressTable(String metaSchema, String task) {
        this.task = task;
        this.table = new TableId(metaSchema, TABLE);
    }

    TableId table() {
        return table;
    }

    String task() {
        return task;
    }

    void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + TableId.quote(table.schema()));
            s.execute("CREATE TABLE IF NOT EXISTS " + table.quoted() + " ("
                    + "task VARCHAR(128) NOT NULL, "
                    + "target_schema VARCHAR(64) NOT NULL, "
                    + "target_table VARCHAR(64) NOT NULL, "
                    + PARTITION + " INT NOT NULL DEFAULT 0 COMMENT 'the key partition of the table the steps wrote', "
                    + "run_id VARCHAR(64) NOT NULL COMMENT 'the writer attempt that made the batch', "
                    + "checkpoint_seq BIGINT NOT NULL COMMENT 'restored checkpoint id + batches since, per run', "
                    + "step INT NOT NULL COMMENT 'last applied step of that batch', "
                    + "updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), "
                    + "PRIMARY KEY (task, target_schema, target_table, " + PARTITION + ")"
                    + ") DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin");
            c.commit();
            if (!partitionInKey(c)) migrate(c, s);
        }
        c.commit();
    }

    /**
     * The table of the release before partitions gets the partition column in its primary key.
     * One statement where the server takes it (a crash leaves the old table or the new one); else
     * (TiDB before 6.2 runs one change per ALTER) clause by clause, each skipped when done, so a
     * crash between them, or another subtask's committer migrating at the same time, is harmless.
     */
    private void migrate(Connection c, Statement s) throws SQLException {
        String addColumn = "ADD COLUMN " + PARTITION + " INT NOT NULL DEFAULT 0 AFTER target_table";
        String newKey = "ADD PRIMARY KEY (task, target_schema, target_table, " + PARTITION + ")";
        try {
            s.execute("ALTER TABLE " + table.quoted() + " " + addColumn + ", DROP PRIMARY KEY, " + newKey);
        } catch (SQLException e) {
            c.commit();
            if (partitionInKey(c)) return; // another subtask's committer was first
            LOG.info("migrating {} clause by clause ({})", table, e.getMessage());
            runUnlessDone(s, "ALTER TABLE " + table.quoted() + " " + addColumn, ER_DUP_FIELDNAME);
            runUnlessDone(s, "ALTER TABLE " + table.quoted() + " DROP PRIMARY KEY", ER_CANT_DROP_FIELD_OR_KEY);
            runUnlessDone(s, "ALTER TABLE " + table.quoted() + " " + newKey, ER_MULTIPLE_PRI_KEY);
        }
        c.commit();
        if (!partitionInKey(c)) {
            throw new SQLException("cannot migrate " + table + " to progress per partition: its primary key "
                    + "still lacks " + PARTITION + "; run ALTER TABLE " + table.quoted() + " DROP PRIMARY KEY, "
                    + newKey + " on the downstream, then resume");
        }
    }

    private static void runUnlessDone(Statement s, String sql, int doneError) throws SQLException {
        try {
            s.execute(sql);
        } catch (SQLException e) {
            if (e.getErrorCode() != doneError) throw e;
        }
    }

    private boolean partitionInKey(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.STATISTICS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' AND COLUMN_NAME = ?")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            ps.setString(3, PARTITION);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        } finally {
            c.rollback();
        }
    }

    boolean applied(Connection c, TableId target, int partition, String runId, long seq, int step) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, checkpoint_seq, step FROM " + table.quoted()
                + " WHERE task = ? AND target_schema = ? AND target_table = ? AND " + PARTITION + " = ?")) {
            ps.setString(1, task);
            ps.setString(2, target.schema());
            ps.setString(3, target.table());
            ps.setInt(4, partition);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !runId.equals(rs.getString(1))) return false;
                long doneSeq = rs.getLong(2);
                return doneSeq > seq || (doneSeq == seq && rs.getInt(3) >= step);
            }
        }
    }

    /** Records the step for partitions {@code 0..partitions-1} of one table. */
    void record(Connection c, TableId target, int firstPartition, int partitions, String runId, long seq, int step)
            throws SQLException {
        StringBuilder sql = insert();
        for (int i = 0; i < partitions; i++) sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
        try (PreparedStatement ps = c.prepareStatement(sql.append(UPSERT).toString())) {
            int p = 1;
            for (int i = 0; i < partitions; i++) {
                p = bind(ps, p, target, firstPartition + i, runId, seq, step);
            }
            ps.executeUpdate();
        }
    }

    /** A format-1 step: every table it wrote, at partition 0. */
    void recordLegacy(Connection c, Collection<TableId> targets, String runId, long seq, int step) throws SQLException {
        StringBuilder sql = insert();
        for (int i = 0; i < targets.size(); i++) sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
        try (PreparedStatement ps = c.prepareStatement(sql.append(UPSERT).toString())) {
            int p = 1;
            for (TableId t : List.copyOf(targets)) p = bind(ps, p, t, 0, runId, seq, step);
            ps.executeUpdate();
        }
    }

    private static final String UPSERT =
            " ON DUPLICATE KEY UPDATE run_id = VALUES(run_id), checkpoint_seq = VALUES(checkpoint_seq), "
                    + "step = VALUES(step)";

    private StringBuilder insert() {
        return new StringBuilder("INSERT INTO ")
                .append(table.quoted())
                .append(" (task, target_schema, target_table, " + PARTITION
                        + ", run_id, checkpoint_seq, step) VALUES ");
    }

    private int bind(PreparedStatement ps, int p, TableId t, int partition, String runId, long seq, int step)
            throws SQLException {
        ps.setString(p++, task);
        ps.setString(p++, t.schema());
        ps.setString(p++, t.table());
        ps.setInt(p++, partition);
        ps.setString(p++, runId);
        ps.setLong(p++, seq);
        ps.setInt(p++, step);
        return p;
    }
}
