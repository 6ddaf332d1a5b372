package io.oscsync.job.sink.committer;

import com.mysql.cj.jdbc.JdbcConnection;
import io.oscsync.job.event.DdlMode;
import io.oscsync.job.event.SinkOp;
import io.oscsync.job.sink.dialect.CreateIfNotExists;
import io.oscsync.job.sink.dialect.DdlDialect;
import io.oscsync.job.sink.dialect.RefusedDdlException;
import io.oscsync.job.sink.plan.Compaction;
import io.oscsync.job.sink.plan.RowAction;
import io.oscsync.job.sink.plan.TableMeta;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.ddl.RenamePair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
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
    private static final int ER_NET_PACKET_TOO_LARGE = 1153;

    private final DdlDialect dialect;
    /** Shared by every worker of the committer: a DDL on one connection invalidates it for all. */
    private final Map<TableId, TableMeta> metas;
    /** The statement being sent, for error messages (SQL text only, never values). */
    private String current;
    /** The downstream's max_allowed_packet; 0 until read on the current connection. */
    private long maxPacket;

    /** Where the scratch copies of definitions go: osc-sync's own schema, never the user's. */
    private final String scratchSchema;

    OpApplier(DdlDialect dialect, String scratchSchema, Map<TableId, TableMeta> metas) {
        this.dialect = dialect;
        this.scratchSchema = scratchSchema;
        this.metas = metas;
    }

    String currentStatement() {
        return current;
    }

    void applyRows(Connection c, List<SinkOp> rows) throws SQLException {
        Map<TableId, TableMeta> shapes = new java.util.HashMap<>(); // another worker may clear the shared cache
        for (SinkOp op : rows) {
            if (!shapes.containsKey(op.target())) shapes.put(op.target(), meta(c, op.target()));
        }
        List<RowAction> actions = Compaction.actions(rows, shapes::get);
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
            current =
                    "CREATE DATABASE IF NOT EXISTS " + TableId.quote(op.target().schema());
            s.execute(current);
            if (CreateIfNotExists.matches(op.ddl()) && CreateIfNotExists.exists(c, op.target())) {
                // Before the dialect's check: a table made by hand for one TiDB refuses is used as it is.
                LOG.info("table {} exists downstream; kept as it is: {}", op.target(), op.ddl());
                return;
            }
            // TIMESTAMP literals in the DDL (defaults) mean the upstream session's zone; rows are written in UTC.
            if (op.timeZone() != null)
                s.execute("SET time_zone = '" + op.timeZone().replace("'", "") + "'");
            try {
                if (op.mode() != DdlMode.RUN) {
                    match(c, s, op);
                    return;
                }
                for (DdlStatement part : dialect.prepare(op.target(), op.statement())) {
                    String sql = part.sql();
                    current = sql;
                    if (inEffect(c, op.target().schema(), part)) {
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
            } finally {
                if (op.timeZone() != null) s.execute("SET time_zone = '+00:00'");
            }
        }
    }

    /**
     * Makes the target's definition that of the op's CREATE TABLE: creates it under a scratch name,
     * compares the two as this server prints them, alters the target, drops the scratch table.
     * Safe to run again: a replay finds less (or nothing) left to change.
     */
    private void match(Connection c, Statement s, SinkOp op) throws SQLException {
        TableId target = op.target();
        if (!exists(c, target)) {
            run(s, op, op.statement());
            return;
        }
        if (op.mode() == DdlMode.CHECK_COLUMNS) {
            List<String> differences =
                    TableShape.read(c, target).columnDifferences(TableShape.ofCreate(op.statement()));
            if (!differences.isEmpty()) {
                throw new RefusedDdlException("table " + target + " downstream, after " + op.reason() + ", differs "
                        + "from the upstream table's definition: " + String.join("; ", differences) + ". The "
                        + "statements the tool ran on its shadow did not make the table the tool put in place "
                        + "(a statement osc-sync did not see or read differently). Make the downstream table "
                        + "match the upstream's, then resume from the latest checkpoint.");
            }
            return;
        }
        TableId scratch = scratchFor(target);
        current = "DROP TABLE IF EXISTS " + scratch.quoted();
        s.execute(current);
        // A definition without a charset takes its schema's: give the scratch schema the target's.
        try (ResultSet rs = s.executeQuery("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM "
                + "information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                + target.schema().replace("'", "''") + "'")) {
            if (rs.next()) {
                current = "ALTER DATABASE " + TableId.quote(scratch.schema()) + " CHARACTER SET " + rs.getString(1)
                        + " COLLATE " + rs.getString(2);
            }
        }
        s.execute(current);
        try {
            for (DdlStatement part :
                    dialect.prepare(scratch, TableShape.scratchCreate(op.statement(), target, scratch))) {
                current = part.sql();
                s.execute(current);
            }
            boolean whole = op.mode() == DdlMode.MATCH_DEFINITION;
            TableShape want = TableShape.read(c, scratch);
            String options = whole ? TableShape.read(c, target).optionsTo(want) : null;
            if (options != null) run(s, op, DdlStatement.parse("ALTER TABLE " + target.quoted() + " " + options));
            List<String> clauses = TableShape.read(c, target).clausesTo(want, whole);
            if (!clauses.isEmpty()) {
                run(s, op, DdlStatement.parse("ALTER TABLE " + target.quoted() + " " + String.join(", ", clauses)));
            } else if (options == null) {
                LOG.info("table {} already has the definition {} asks for ({})", target, op.mode(), op.reason());
            }
        } finally {
            s.execute("DROP TABLE IF EXISTS " + scratch.quoted()); // `current` keeps the statement that failed
        }
    }

    private void run(Statement s, SinkOp op, DdlStatement ddl) throws SQLException {
        for (DdlStatement part : dialect.prepare(op.target(), ddl)) {
            current = part.sql();
            s.execute(current);
            LOG.info("applied DDL on {} ({}): {}", op.target(), op.reason(), current);
        }
    }

    /** The scratch copy of a definition for {@code target}, in osc-sync's schema. */
    private TableId scratchFor(TableId target) {
        return new TableId(scratchSchema, "osc_sync_match_" + Integer.toHexString(target.hashCode()));
    }

    private static RefusedDdlException drifted(SinkOp op, String sql, SQLException e) {
        return new RefusedDdlException(
                "table " + op.target() + " downstream already differs from the upstream as "
                        + "this DDL expects it: " + e.getMessage() + " (error " + e.getErrorCode() + "); statement: "
                        + sql
                        + ". The downstream table was changed outside osc-sync (or by another writer). Make it match the "
                        + "upstream table as it was before this statement (e.g. undo the manual change), or skip the statement "
                        + "with a `filters` rule, then resume the job from its latest checkpoint",
                e);
    }

    /** The schema check: a CREATE whose table exists, a DROP whose tables are gone, a RENAME already done. */
    private static boolean inEffect(Connection c, String schema, DdlStatement ddl) throws SQLException {
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

    /**
     * Executes the group of same-shaped actions starting at {@code from}, as many as fit one
     * packet of the downstream's max_allowed_packet; returns the next index.
     */
    private int execute(Connection c, List<RowAction> actions, int from) throws SQLException {
        RowAction first = actions.get(from);
        long budget = maxPacket(c) - StatementSize.SLACK;
        String oneRow = sql(first, 1);
        int end = statementEnd(actions, from, budget);
        if (end == from) {
            executeAlone(c, first, oneRow, budget);
            return from + 1;
        }
        switch (first.type()) {
            case UPSERT, INSERT, DELETE_KEY -> {
                current = sql(first, end - from);
                try (PreparedStatement ps = c.prepareStatement(current)) {
                    int p = 1;
                    for (RowAction a : actions.subList(from, end)) p = bind(ps, p, a);
                    ps.executeUpdate();
                }
            }
            case UPDATE_ONE, DELETE_ONE -> {
                current = oneRow;
                try (PreparedStatement ps = c.prepareStatement(current)) {
                    for (RowAction a : actions.subList(from, end)) {
                        bind(ps, 1, a);
                        ps.addBatch();
                    }
                    ps.executeBatch(); // the driver joins the batch into one packet, which the cut above sized
                }
            }
        }
        return end;
    }

    /**
     * The end of the run of same-shaped actions from {@code from} that one statement (or one
     * batch of one-row statements) of at most {@code budget} bytes holds, values as text;
     * {@code from} when the first action alone does not fit.
     */
    static int statementEnd(List<RowAction> actions, int from, long budget) {
        RowAction first = actions.get(from);
        int maxRows = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, MAX_PLACEHOLDERS / first.columns().length));
        String oneRow = sql(first, 1);
        long size = textBytes(first, oneRow, true, 0);
        if (size > budget) return from;
        long rowText = sql(first, 2).length() - oneRow.length(); // the text each further row adds
        int end = from + 1;
        while (end < actions.size() && end - from < maxRows && first.sameShape(actions.get(end))) {
            size += textBytes(actions.get(end), oneRow, false, rowText);
            if (size > budget) break;
            end++;
        }
        return end;
    }

    /**
     * A row too large for a statement with its values as text (binary doubles as hex) goes out
     * alone, prepared on the server, which sends its values as they are.
     */
    private void executeAlone(Connection c, RowAction a, String sql, long budget) throws SQLException {
        current = sql;
        long binary = StatementSize.asBinary(sql, a.values(), a.old());
        if (binary > budget) {
            long needed = binary + StatementSize.SLACK;
            throw new SQLException(
                    "a row of table " + a.table() + " needs a statement of " + needed
                            + " bytes, more than the downstream's max_allowed_packet of "
                            + (budget + StatementSize.SLACK)
                            + " bytes: set max_allowed_packet on the downstream to at least " + needed
                            + " (SET GLOBAL max_allowed_packet = " + needed
                            + ", and in its configuration) and resume the "
                            + "job from its latest checkpoint",
                    "HY000",
                    ER_NET_PACKET_TOO_LARGE);
        }
        try (PreparedStatement ps = c.unwrap(JdbcConnection.class).serverPrepareStatement(sql)) {
            bind(ps, 1, a);
            ps.executeUpdate();
        }
    }

    private static String sql(RowAction a, int rows) {
        return switch (a.type()) {
            case UPSERT -> RowStatements.upsert(a.table(), a.columns(), rows);
            case INSERT -> RowStatements.insert(a.table(), a.columns(), rows);
            case DELETE_KEY -> RowStatements.deleteByKey(a.table(), Arrays.asList(a.columns()), rows);
            case UPDATE_ONE -> RowStatements.updateOneRow(a.table(), a.columns());
            case DELETE_ONE -> RowStatements.deleteOneRow(a.table(), a.columns());
        };
    }

    /**
     * The bytes one action adds to its statement: a one-row statement repeats its whole text in
     * the batch; a multi-row statement adds {@code rowText} (a tuple, or a key match) per row after the first.
     */
    private static long textBytes(RowAction a, String oneRow, boolean first, long rowText) {
        boolean oneRowStatements = a.type() == RowAction.Type.UPDATE_ONE || a.type() == RowAction.Type.DELETE_ONE;
        if (first || oneRowStatements) return StatementSize.asText(oneRow, a.values(), a.old()) + 1;
        return StatementSize.asText("", a.values()) + rowText;
    }

    /** Binds the action's values, then its old image (the match of a one-row UPDATE/DELETE), from index p. */
    private static int bind(PreparedStatement ps, int p, RowAction a) throws SQLException {
        boolean comparison = a.type() == RowAction.Type.DELETE_KEY;
        if (a.values() != null) for (Object v : a.values()) RowStatements.bind(ps, p++, v, comparison);
        if (a.old() != null) for (Object v : a.old()) RowStatements.bind(ps, p++, v, true);
        return p;
    }

    /** The downstream's max_allowed_packet, read once per connection. */
    private long maxPacket(Connection c) throws SQLException {
        if (maxPacket == 0) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT @@max_allowed_packet")) {
                rs.next();
                maxPacket = rs.getLong(1);
            }
        }
        return maxPacket;
    }

    TableMeta meta(Connection c, TableId t) throws SQLException {
        TableMeta m = metas.get(t);
        if (m == null) {
            m = TableMeta.load(c, t);
            metas.put(t, m);
        }
        return m;
    }

    /** On a new connection nothing cached is trusted (a DDL may or may not have run; the packet limit may differ). */
    void forgetTables() {
        metas.clear();
        maxPacket = 0;
    }
}
