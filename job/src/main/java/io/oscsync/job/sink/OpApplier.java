package io.oscsync.job.sink;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.SinkOp;
import io.oscsync.job.jdbc.MySqlConnections;
import io.oscsync.udfs.TableId;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies ordered sink operations to the downstream: the rows between two DDLs in one
 * transaction, as multi-row statements; each DDL alone, after the rows before it. Retryable
 * errors reconnect and resume from the first operation not yet committed.
 */
public final class OpApplier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpApplier.class);
    private static final int MAX_ROWS_PER_STATEMENT = 1000;
    private static final int MAX_PLACEHOLDERS = 65_535;

    private final TaskConfig.Database target;
    private final int maxAttempts;
    private final Map<TableId, TableMeta> metas = new HashMap<>();
    private Connection conn;

    public OpApplier(TaskConfig.Database target, int maxAttempts) {
        this.target = target;
        this.maxAttempts = maxAttempts;
    }

    public void apply(List<SinkOp> ops) throws InterruptedException {
        int done = 0;
        int failures = 0;
        while (done < ops.size()) {
            try {
                done = applyNext(ops, done);
                failures = 0;
            } catch (SQLException e) {
                closeQuietly();
                SinkOp at = ops.get(done);
                if (!DownstreamErrors.isRetryable(e) || ++failures >= maxAttempts) {
                    throw new FlinkRuntimeException("downstream " + target.address() + " refused "
                            + (at.kind() == SinkOp.Kind.DDL ? "DDL [" + at.ddl() + "]" : "rows") + " on table "
                            + at.target() + ": " + e.getMessage() + " (error " + e.getErrorCode() + ")", e);
                }
                long backoff = Math.min(30_000L, 500L << Math.min(failures, 6));
                LOG.warn("downstream {} failed ({}), retry {} of {} in {} ms", target.address(), e.getMessage(),
                        failures, maxAttempts - 1, backoff);
                Thread.sleep(backoff);
            }
        }
    }

    /** Applies the DDL at {@code from}, or the run of row ops starting there; returns the next index. */
    private int applyNext(List<SinkOp> ops, int from) throws SQLException {
        Connection c = connection();
        if (ops.get(from).kind() == SinkOp.Kind.DDL) {
            runDdl(c, ops.get(from));
            return from + 1;
        }
        int end = from;
        while (end < ops.size() && ops.get(end).kind() != SinkOp.Kind.DDL) end++;
        List<RowAction> actions = new ArrayList<>();
        for (SinkOp op : ops.subList(from, end)) RowAction.of(op, meta(c, op.target()), actions);
        try {
            for (int i = 0; i < actions.size(); ) i = execute(c, actions, i);
            c.commit();
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is dropped by the caller
            }
            throw e;
        }
        return end;
    }

    private void runDdl(Connection c, SinkOp op) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + TableId.quote(op.target().schema()));
            s.execute(op.ddl());
            LOG.info("applied DDL on {}: {}", op.target(), op.ddl());
        } catch (SQLException e) {
            if (!DownstreamErrors.isDdlAlreadyApplied(e)) throw e;
            LOG.info("DDL on {} had already taken effect ({}): {}", op.target(), e.getMessage(), op.ddl());
        } finally {
            metas.clear(); // any table may have changed shape or name
        }
    }

    /** Executes the group of same-shaped actions starting at {@code from}; returns the next index. */
    private int execute(Connection c, List<RowAction> actions, int from) throws SQLException {
        RowAction first = actions.get(from);
        int perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, MAX_PLACEHOLDERS / first.columns().length));
        int end = from + 1;
        while (end < actions.size() && end - from < perStatement && first.sameShape(actions.get(end))) end++;
        int rows = end - from;
        switch (first.type()) {
            case UPSERT, INSERT, DELETE_KEY -> {
                String sql = switch (first.type()) {
                    case UPSERT -> RowStatements.upsert(first.table(), first.columns(), rows);
                    case INSERT -> RowStatements.insert(first.table(), first.columns(), rows);
                    default -> RowStatements.deleteByKey(first.table(), Arrays.asList(first.columns()), rows);
                };
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int p = 1;
                    for (RowAction a : actions.subList(from, end)) {
                        for (Object v : a.values()) RowStatements.bind(ps, p++, v, first.type() == RowAction.Type.DELETE_KEY);
                    }
                    ps.executeUpdate();
                }
            }
            case UPDATE_ONE, DELETE_ONE -> {
                String sql = first.type() == RowAction.Type.UPDATE_ONE
                        ? RowStatements.updateOneRow(first.table(), first.columns())
                        : RowStatements.deleteOneRow(first.table(), first.columns());
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (RowAction a : actions.subList(from, end)) {
                        int p = 1;
                        if (a.type() == RowAction.Type.UPDATE_ONE) {
                            for (Object v : a.values()) RowStatements.bind(ps, p++, v, false);
                        }
                        for (Object v : a.old()) RowStatements.bind(ps, p++, v, true);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        }
        return end;
    }

    private TableMeta meta(Connection c, TableId t) throws SQLException {
        TableMeta m = metas.get(t);
        if (m == null) {
            m = TableMeta.load(c, t);
            metas.put(t, m);
        }
        return m;
    }

    private Connection connection() throws SQLException {
        if (conn == null || conn.isClosed()) {
            conn = MySqlConnections.connectForWrites(target);
            conn.setAutoCommit(false);
        }
        return conn;
    }

    private void closeQuietly() {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // already broken
            }
            conn = null;
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    /** One row-level statement's worth of work, derived from a sink op and the table's key. */
    record RowAction(Type type, TableId table, String[] columns, Object[] values, Object[] old) {
        enum Type { UPSERT, INSERT, DELETE_KEY, UPDATE_ONE, DELETE_ONE }

        boolean sameShape(RowAction o) {
            return type == o.type && table.equals(o.table) && Arrays.equals(columns, o.columns);
        }

        static void of(SinkOp op, TableMeta meta, List<RowAction> out) {
            TableId t = op.target();
            String[] cols = op.columns();
            if (!meta.hasKey()) {
                switch (op.kind()) {
                    case INSERT -> out.add(new RowAction(Type.INSERT, t, cols, op.after(), null));
                    case UPDATE -> out.add(new RowAction(Type.UPDATE_ONE, t, cols, op.after(), op.before()));
                    case DELETE -> out.add(new RowAction(Type.DELETE_ONE, t, cols, null, op.before()));
                    default -> throw new IllegalArgumentException(op.kind().name());
                }
                return;
            }
            int[] keyIdx = keyIndexes(meta, cols);
            String[] keyCols = meta.key().toArray(String[]::new);
            switch (op.kind()) {
                case INSERT -> out.add(new RowAction(Type.UPSERT, t, cols, op.after(), null));
                case UPDATE -> {
                    Object[] oldKey = pick(op.before(), keyIdx);
                    if (!Arrays.deepEquals(oldKey, pick(op.after(), keyIdx))) {
                        out.add(new RowAction(Type.DELETE_KEY, t, keyCols, oldKey, null));
                    }
                    out.add(new RowAction(Type.UPSERT, t, cols, op.after(), null));
                }
                case DELETE -> out.add(new RowAction(Type.DELETE_KEY, t, keyCols, pick(op.before(), keyIdx), null));
                default -> throw new IllegalArgumentException(op.kind().name());
            }
        }

        private static int[] keyIndexes(TableMeta meta, String[] cols) {
            int[] idx = new int[meta.key().size()];
            for (int k = 0; k < idx.length; k++) {
                idx[k] = indexOfIgnoreCase(cols, meta.key().get(k));
                if (idx[k] < 0) {
                    throw new IllegalStateException("downstream table " + meta.table() + " has key column "
                            + meta.key().get(k) + ", which the upstream row does not have (upstream columns "
                            + Arrays.toString(cols) + "): the two schemas differ; align them and restart");
                }
            }
            return idx;
        }

        private static int indexOfIgnoreCase(String[] cols, String name) {
            for (int i = 0; i < cols.length; i++) {
                if (cols[i].equalsIgnoreCase(name)) return i; // MySQL column names ignore case
            }
            return -1;
        }

        private static Object[] pick(Object[] row, int[] idx) {
            Object[] out = new Object[idx.length];
            for (int i = 0; i < idx.length; i++) out[i] = Objects.requireNonNull(row)[idx[i]];
            return out;
        }
    }
}
