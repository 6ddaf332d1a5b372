package io.oscsync.job.sink;

import io.oscsync.job.event.SinkOp;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.ddl.RenamePair;
import io.oscsync.udfs.ddl.UnsupportedDdlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends one step's statements on the caller's connection; the caller owns the transaction.
 * Rows go out as multi-row upserts, {@code DELETE ... IN}, or one-row statements on keyless
 * tables; a DDL goes out alone and is safe to run again.
 */
final class OpApplier {
    private static final Logger LOG = LoggerFactory.getLogger(OpApplier.class);
    private static final int MAX_ROWS_PER_STATEMENT = 1000;
    private static final int MAX_PLACEHOLDERS = 65_535;

    private final DdlDialect dialect;
    private final Map<TableId, TableMeta> metas = new HashMap<>();
    /** The statement being sent, for error messages (SQL text only, never values). */
    private String current;

    OpApplier(DdlDialect dialect) {
        this.dialect = dialect;
    }

    String currentStatement() {
        return current;
    }

    void applyRows(Connection c, List<SinkOp> rows) throws SQLException {
        for (SinkOp op : rows) meta(c, op.target());
        List<RowAction> actions = Compaction.actions(rows, metas::get);
        for (int i = 0; i < actions.size(); ) i = execute(c, actions, i);
    }

    /**
     * Runs a DDL unless the downstream shows it already took effect (a replay after a crash
     * between the DDL and its progress row). When {@code replay} (the step may have run before
     * a restart), the MySQL "already exists / doesn't exist" errors count as done too, which
     * covers the ALTERs whose effect the schema check cannot see; otherwise they mean the
     * downstream drifted from the upstream, and the DDL is refused.
     */
    void applyDdl(Connection c, SinkOp op, boolean replay) throws SQLException {
        metas.clear(); // any table may change shape or name
        try (Statement s = c.createStatement()) {
            current = "CREATE DATABASE IF NOT EXISTS " + TableId.quote(op.target().schema());
            s.execute(current);
            if (CreateIfNotExists.matches(op.ddl()) && CreateIfNotExists.exists(c, op.target())) {
                // Before the dialect's check: a table made by hand for one TiDB refuses is used as it is.
                LOG.info("table {} exists downstream; kept as it is: {}", op.target(), op.ddl());
                return;
            }
            for (String sql : dialect.prepare(op.target(), op.ddl())) {
                current = sql;
                if (inEffect(c, op.target().schema(), sql)) {
                    LOG.info("DDL on {} is already in effect downstream, not run again: {}", op.target(), sql);
                    continue;
                }
                try {
                    s.execute(sql);
                    LOG.info("applied DDL on {} ({}): {}", op.target(), op.reason(), sql);
                } catch (SQLException e) {
                    if (!DownstreamErrors.isDdlAlreadyApplied(e)) throw e;
                    if (!replay) throw drifted(op, sql, e);
                    LOG.info("DDL on {} had already taken effect ({}): {}", op.target(), e.getMessage(), sql);
                }
            }
        }
    }

    private static RefusedDdlException drifted(SinkOp op, String sql, SQLException e) {
        return new RefusedDdlException("table " + op.target() + " downstream already differs from the upstream as "
                + "this DDL expects it: " + e.getMessage() + " (error " + e.getErrorCode() + "); statement: " + sql
                + ". The downstream table was changed outside osc-sync (or by another writer). Make it match the "
                + "upstream table as it was before this statement (e.g. undo the manual change), or skip the statement "
                + "with a `filters` rule, then resume the job from its latest checkpoint", e);
    }

    /** The schema check: a CREATE whose table exists, a DROP whose tables are gone, a RENAME already done. */
    private static boolean inEffect(Connection c, String schema, String sql) throws SQLException {
        DdlStatement ddl;
        try {
            ddl = DdlStatement.parse(sql);
        } catch (UnsupportedDdlException e) {
            return false;
        }
        switch (ddl.kind()) {
            case CREATE_TABLE, CREATE_TABLE_LIKE -> {
                return exists(c, ddl.subject(schema));
            }
            case DROP_TABLE -> {
                for (TableId t : ddl.tables(schema)) if (exists(c, t)) return false;
                return true;
            }
            case RENAME_TABLE -> {
                for (RenamePair p : ddl.renames(schema)) {
                    if (exists(c, p.from()) || !exists(c, p.to())) return false;
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean exists(Connection c, TableId t) throws SQLException {
        return CreateIfNotExists.exists(c, t);
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
                current = switch (first.type()) {
                    case UPSERT -> RowStatements.upsert(first.table(), first.columns(), rows);
                    case INSERT -> RowStatements.insert(first.table(), first.columns(), rows);
                    default -> RowStatements.deleteByKey(first.table(), Arrays.asList(first.columns()), rows);
                };
                try (PreparedStatement ps = c.prepareStatement(current)) {
                    int p = 1;
                    for (RowAction a : actions.subList(from, end)) {
                        for (Object v : a.values()) RowStatements.bind(ps, p++, v, first.type() == RowAction.Type.DELETE_KEY);
                    }
                    ps.executeUpdate();
                }
            }
            case UPDATE_ONE, DELETE_ONE -> {
                current = first.type() == RowAction.Type.UPDATE_ONE
                        ? RowStatements.updateOneRow(first.table(), first.columns())
                        : RowStatements.deleteOneRow(first.table(), first.columns());
                try (PreparedStatement ps = c.prepareStatement(current)) {
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

    /** After a lost connection nothing cached is trusted (a DDL may or may not have run). */
    void forgetTables() {
        metas.clear();
    }
}
