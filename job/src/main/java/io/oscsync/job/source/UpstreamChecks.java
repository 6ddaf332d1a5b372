package io.oscsync.job.source;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.jdbc.MySqlConnections;
import io.oscsync.job.route.InstanceRules;
import io.oscsync.job.route.ReferentialActions;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.expr.ExpressionFilter;
import io.oscsync.udfs.expr.RowExpression;
import io.oscsync.udfs.osc.TableRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks at start, before anything runs: every upstream reachable, privileged, with a ROW/FULL
 * binlog; the downstream reachable. Returns each upstream's time zone for the CDC source.
 */
public final class UpstreamChecks {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamChecks.class);

    /**
     * What the checks found, all at once.
     *
     * @param infos    source id -> what the source needs to know of that upstream (the upstreams that could be read)
     * @param problems what stops the task from starting, each saying what to do
     * @param warnings what it can start with but should know (e.g. a migration already in flight)
     * @param target   the downstream as the sink will see it, e.g. "TiDB v7.5.0", or null if unreachable
     * @param firstCause the exception behind the first problem that had one (a start's failure keeps it as cause)
     */
    public record Report(
            Map<String, UpstreamInfo> infos,
            List<String> problems,
            List<String> warnings,
            String target,
            Throwable firstCause) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    private final TaskConfig task;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** The exception behind the first problem that had one, kept as the cause of a start's failure. */
    private Throwable firstCause;

    private UpstreamChecks(TaskConfig task) {
        this.task = task;
    }

    /**
     * The checks of a start: every problem found at once, or the upstreams' infos.
     *
     * @return source id -> what the source needs to know of that upstream
     * @throws PreconditionException naming every problem and what to do about it
     */
    public static Map<String, UpstreamInfo> run(TaskConfig task) {
        Report r = check(task);
        for (String w : r.warnings()) LOG.warn(w);
        if (r.passed()) return r.infos();
        throw new PreconditionException(
                r.problems().size() == 1
                        ? r.problems().get(0)
                        : r.problems().size() + " problems:\n  - " + String.join("\n  - ", r.problems()),
                r.firstCause());
    }

    /** Every check, every finding (DM's check-task): nothing is started and nothing is written. */
    public static Report check(TaskConfig task) {
        UpstreamChecks checks = new UpstreamChecks(task);
        Map<String, UpstreamInfo> infos = new LinkedHashMap<>();
        for (TaskConfig.Instance inst : task.mysqlInstances()) {
            UpstreamInfo info = checks.checkUpstream(inst);
            if (info != null) infos.put(inst.sourceId(), info);
        }
        String target = checks.checkTarget();
        return new Report(infos, List.copyOf(checks.problems), List.copyOf(checks.warnings), target, checks.firstCause);
    }

    private String checkTarget() {
        try (Connection c = MySqlConnections.connect(task.targetDatabase());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            String version = rs.getString(1);
            boolean tidb = version.contains("TiDB");
            if (task.targetDatabase().dialect() == TaskConfig.Dialect.TIDB && !tidb) {
                warnings.add(
                        "target-database is " + version + ", not TiDB, while dialect is tidb: DDL TiDB cannot "
                                + "run is refused even though this server could run it (set dialect: mysql for a MySQL target)");
            } else if (task.targetDatabase().dialect() == TaskConfig.Dialect.MYSQL && tidb) {
                warnings.add("target-database is " + version + " with dialect mysql: DDL TiDB cannot run is not "
                        + "checked before it reaches the target, where it stops the job (set dialect: tidb)");
            }
            return version;
        } catch (SQLException e) {
            problem("target-database: " + e.getMessage(), e);
            return null;
        }
    }

    private UpstreamInfo checkUpstream(TaskConfig.Instance inst) {
        String who = "upstream " + inst.sourceId() + " (" + inst.host() + ":" + inst.port() + ")";
        try (Connection c = MySqlConnections.connect(inst.connection());
                Statement s = c.createStatement()) {
            String zone;
            try (ResultSet rs = s.executeQuery(
                    "SELECT @@log_bin, @@binlog_format, @@binlog_row_image, "
                            + "TIME_FORMAT(TIMEDIFF(NOW(), UTC_TIMESTAMP()), '%H:%i'), @@global.time_zone, @@system_time_zone")) {
                rs.next();
                if (task.taskMode().binlog()) {
                    require(
                            rs.getBoolean(1),
                            who + " has no binary log (log_bin is OFF): start it with "
                                    + "log-bin, binlog_format=ROW, binlog_row_image=FULL and a server-id, then run the task again");
                    require(
                            "ROW".equalsIgnoreCase(rs.getString(2)),
                            who + " has binlog_format="
                                    + rs.getString(2) + "; osc-sync needs ROW: set binlog_format=ROW in the server's "
                                    + "configuration and restart it (SET GLOBAL only affects new sessions)");
                    require(
                            "FULL".equalsIgnoreCase(rs.getString(3)),
                            who + " has binlog_row_image=" + rs.getString(3)
                                    + "; osc-sync needs FULL: set binlog_row_image=FULL and restart it");
                }
                zone = inst.serverTimeZone() != null
                        ? inst.serverTimeZone()
                        : serverZone(rs.getString(5), rs.getString(6), rs.getString(4));
            }
            checkServerId(s, inst, who);
            // The position comes before the table listing: a table created after the listing is after it.
            UpstreamInfo.BinlogPosition position = task.taskMode().binlog() ? checkReplication(s, who) : null;
            InstanceRules rules = InstanceRules.of(task, inst);
            if (task.taskMode().snapshot()) refuseBacktickColumns(s, rules, who);
            if (task.taskMode().binlog()) refuseMissingExpressionColumns(s, rules, who);
            List<String> schemas = schemas(s, rules);
            int captured = capturedTables(s, rules.snapshotRegex(schemas));
            List<TableId> namedLikeTools = new ArrayList<>();
            UpstreamInfo info = new UpstreamInfo(
                    zone,
                    chunkKeys(s, rules, task.taskMode().snapshot(), who),
                    schemas,
                    tables(s, rules, who, namedLikeTools),
                    position,
                    captured,
                    namedLikeTools);
            if (task.taskMode().binlog()) refuseRowChangingForeignKeys(s, who, info.tables());
            if (task.targetDatabase().dialect() == TaskConfig.Dialect.TIDB) warnSpatialColumns(s, who, info.tables());
            LOG.info(
                    "{}: time zone {}, snapshot chunk columns of tables without a primary key: {}",
                    who,
                    zone,
                    info.chunkKeys());
            if (captured == 0) {
                require(
                        task.taskMode().binlog(),
                        who + ": no table matches the task's block-allow list, and "
                                + "task-mode full only copies the tables that exist: check the block-allow list, or use "
                                + "task-mode all to replicate tables as they are created");
                LOG.warn(
                        "{}: no table matches the block-allow list yet; replicating the tables created from binlog "
                                + "position {} on (check the block-allow list if tables were expected)",
                        who,
                        inst.meta() != null && task.taskMode() == TaskConfig.TaskMode.INCREMENTAL
                                ? inst.meta().binlogName() + ":" + inst.meta().binlogPos()
                                : position);
            }
            return info;
        } catch (SQLException e) {
            problem(who + ": " + e.getMessage(), e);
            return null;
        }
    }

    /**
     * The server's zone by name when Java knows it (so daylight saving is followed), else its
     * current UTC offset. Configure server-time-zone when neither is right.
     */
    static String serverZone(String globalZone, String systemZone, String currentOffset) {
        String named = "SYSTEM".equalsIgnoreCase(globalZone) ? systemZone : globalZone;
        try {
            if (named != null && !named.isBlank())
                return java.time.ZoneId.of(named).getId();
        } catch (java.time.DateTimeException notAJavaZone) {
            // e.g. "CET" abbreviations some systems report: fall back to the offset
        }
        return currentOffset.startsWith("-") ? currentOffset : "+" + currentOffset;
    }

    /** Checks that the binlog can be read; returns its current position. */
    private UpstreamInfo.BinlogPosition checkReplication(Statement s, String who) throws SQLException {
        UpstreamInfo.BinlogPosition position = null;
        try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
            if (rs.next()) position = new UpstreamInfo.BinlogPosition(rs.getString(1), rs.getLong(2));
            else problems.add(who + " reports no binlog position (SHOW MASTER STATUS is empty): enable log-bin");
        } catch (SQLException e) {
            problem(
                    who + " refused SHOW MASTER STATUS (" + e.getMessage() + "): "
                            + "GRANT REPLICATION CLIENT (BINLOG MONITOR on MariaDB) to the task's user",
                    e);
        }
        List<String> grants = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SHOW GRANTS FOR CURRENT_USER()")) {
            while (rs.next()) grants.add(rs.getString(1).toUpperCase(Locale.ROOT));
        }
        boolean viaRole = grants.stream().anyMatch(g -> !g.contains(" ON "));
        boolean replication = grants.stream()
                .anyMatch(g -> g.contains("ALL PRIVILEGES ON *.*")
                        || g.contains("REPLICATION SLAVE")
                        || g.contains("REPLICATION REPLICA"));
        if (!replication && viaRole) {
            LOG.warn("{}: REPLICATION SLAVE not granted directly; assuming a role grants it", who);
        } else {
            require(
                    replication,
                    who + ": the task's user lacks REPLICATION SLAVE, which reading the binlog "
                            + "needs: GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO it");
        }
        return position;
    }

    /**
     * How many tables the source's table regex matches, the way Debezium matches it: the whole
     * {@code schema.table}, ignoring case, system schemas never.
     */
    private int capturedTables(Statement s, String regex) throws SQLException {
        Pattern captured = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        int n = 0;
        try (ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES "
                + "WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN "
                + "('mysql', 'sys', 'information_schema', 'performance_schema')")) {
            while (rs.next()) {
                if (captured.matcher(rs.getString(1) + "." + rs.getString(2)).matches()) n++;
            }
        }
        return n;
    }

    /**
     * An expression-filter naming a column its table does not have is refused now when the table
     * exists (a table created later is checked at its first row).
     */
    private void refuseMissingExpressionColumns(Statement s, InstanceRules rules, String who) throws SQLException {
        List<String> refused = new ArrayList<>();
        for (ExpressionFilter.Rule rule : rules.expressionFilter().rules()) {
            List<String> columns = new ArrayList<>();
            try (PreparedStatement ps = s.getConnection()
                    .prepareStatement("SELECT COLUMN_NAME FROM information_schema.COLUMNS "
                            + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
                ps.setString(1, rule.table().schema());
                ps.setString(2, rule.table().table());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) columns.add(rs.getString(1));
                }
            }
            if (columns.isEmpty()) continue;
            for (RowExpression e : rule.expressions()) {
                List<String> missing = e.missingColumns(columns.toArray(String[]::new));
                if (!missing.isEmpty()) {
                    refused.add("expression-filter " + rule.name() + ": \"" + e.text() + "\" names " + missing
                            + ", which " + rule.table() + " does not have (its columns: " + columns + ")");
                }
            }
        }
        require(refused.isEmpty(), who + ": " + String.join("; ", refused) + ". Fix the expressions in the task file");
    }

    /**
     * Flink CDC's snapshot cannot read a table with a backquote in a column name: Debezium keeps
     * the backquote doubled in the name it parses from the table's definition, so the snapshot
     * finds no such column in its result set (and splits on a column that does not exist), and
     * fails again on every retry. The binlog carries values by position and is not affected.
     */
    private void refuseBacktickColumns(Statement s, InstanceRules rules, String who) throws SQLException {
        List<String> refused = new ArrayList<>();
        try (ResultSet rs =
                s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS "
                        + "WHERE COLUMN_NAME LIKE '%`%' ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION")) {
            while (rs.next()) {
                TableId t = new TableId(rs.getString(1), rs.getString(2));
                if (rules.blockAllowList().allows(rules.origin(t)))
                    refused.add(t + " (column " + rs.getString(3) + ")");
            }
        }
        require(
                refused.isEmpty(),
                who + ": the snapshot cannot read tables with a backquote (`) in a column name "
                        + "(Flink CDC 3.5 / Debezium 1.9 misread such names): " + String.join(", ", refused)
                        + ". Rename the column, or exclude the table with block-allow-list, copy it yourself and replicate it "
                        + "with task-mode: incremental");
    }

    /**
     * Flink CDC's snapshot splits a table by its primary key; a table without one needs a chunk
     * column. It must be NOT NULL: the chunk queries bound it with {@code <} and {@code >=}, which
     * no NULL passes, so once a table has more than one chunk its rows with NULL there are lost.
     * The column: the first of a unique index of NOT NULL columns (the one Debezium takes as the
     * key), else the first NOT NULL column of a type Flink CDC splits on (of an index first), else
     * the first nullable one of such a type (of an index first).
     * Refuses the tables that would arrive wrong (see {@link #keylessProblem}).
     */
    private Map<TableId, String> chunkKeys(Statement s, InstanceRules rules, boolean snapshot, String who)
            throws SQLException {
        List<TableId> keyless = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT t.TABLE_SCHEMA, t.TABLE_NAME FROM information_schema.TABLES t "
                + "WHERE t.TABLE_TYPE = 'BASE TABLE' AND t.TABLE_SCHEMA NOT IN "
                + "('mysql', 'sys', 'information_schema', 'performance_schema') AND NOT EXISTS ("
                + "SELECT 1 FROM information_schema.TABLE_CONSTRAINTS k WHERE k.TABLE_SCHEMA = t.TABLE_SCHEMA "
                + "AND k.TABLE_NAME = t.TABLE_NAME AND k.CONSTRAINT_TYPE = 'PRIMARY KEY')")) {
            while (rs.next()) {
                TableId t = new TableId(rs.getString(1), rs.getString(2));
                if (rules.blockAllowList().allows(rules.origin(t))) keyless.add(t);
            }
        }
        Map<TableId, String> keys = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        for (TableId t : keyless) {
            KeylessTable k = KeylessTable.read(s.getConnection(), t);
            keys.put(t, k.chunkColumn());
            if (snapshot && !k.chunkColumnSplittable()) {
                warnings.add(
                        who + ": table " + t + " has no primary key and no column of a type Flink CDC's "
                                + "snapshot splitter orders as the server does (a number, date, time, CHAR or VARCHAR); its "
                                + "snapshot is split on column " + k.chunkColumn()
                                + ", which fails for some values (large "
                                + "BLOBs: \"chunkStartVal is null\"). Give it such a column (NOT NULL at best) or a primary key");
            }
            String problem = keylessProblem(s, t, k, snapshot);
            if (problem != null) refused.add(t + " (" + problem + ")");
        }
        require(
                refused.isEmpty(),
                who + ": osc-sync cannot replicate these tables without a primary key exactly: "
                        + String.join("; ", refused)
                        + ". Give each a primary key, or make the columns named NOT NULL; or "
                        + "exclude the table with block-allow-list, copy it yourself and replicate it with task-mode: incremental");
        return keys;
    }

    /** Flink CDC's chunk size (osc-sync keeps its default): a table with more rows is read in several chunks. */
    private static final int CHUNK_ROWS = 8096;

    /**
     * Why rows of a table without a primary key would arrive wrong, or null. Debezium takes its
     * first unique index as its key even when a column of it is nullable, and then calls that
     * column NOT NULL: Flink CDC's snapshot keeps one row per key, so rows sharing NULL there
     * collapse into one, and the binlog's NULLs arrive as 0 or ''. And, for the snapshot, with no
     * NOT NULL column to split on, a table of more than one chunk loses the rows with NULL in the
     * chunk column.
     */
    private String keylessProblem(Statement s, TableId t, KeylessTable k, boolean snapshot) throws SQLException {
        if (k.nullableUniqueKey() != null) {
            return "its unique key " + k.nullableUniqueKey() + " has nullable columns, which Debezium takes as the "
                    + "table's key and as NOT NULL: rows sharing NULL there would arrive as one, NULLs as 0 or ''";
        }
        if (!snapshot || k.chunkColumnNotNull()) return null;
        String column = TableId.quote(k.chunkColumn());
        try (ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM " + t.quoted() + " LIMIT "
                + (CHUNK_ROWS + 1) + ") n) > " + CHUNK_ROWS + ", EXISTS (SELECT 1 FROM " + t.quoted() + " WHERE "
                + column + " IS NULL)")) {
            rs.next();
            if (rs.getBoolean(1) && rs.getBoolean(2)) {
                return "it has no NOT NULL column to split its snapshot on, more than " + CHUNK_ROWS + " rows and NULL "
                        + "in column " + k.chunkColumn() + ": those rows would be lost";
            }
        }
        return null;
    }

    /**
     * What the snapshot needs to know of a table without a primary key.
     *
     * @param chunkColumnSplittable whether Flink CDC splits on the column's values as the server
     *     orders them: numbers, dates and times, CHAR and VARCHAR. On others (BLOB, BINARY, BIT,
     *     TEXT, ENUM, JSON) its splitter can fail, as it did on a LONGBLOB of 9 MB values.
     */
    record KeylessTable(
            String chunkColumn, boolean chunkColumnNotNull, boolean chunkColumnSplittable, String nullableUniqueKey) {
        private static final java.util.Set<String> SPLITTABLE = java.util.Set.of(
                "tinyint",
                "smallint",
                "mediumint",
                "int",
                "integer",
                "bigint",
                "decimal",
                "numeric",
                "float",
                "double",
                "date",
                "datetime",
                "timestamp",
                "time",
                "year",
                "char",
                "varchar");

        static KeylessTable read(Connection c, TableId t) throws SQLException {
            Map<String, Boolean> notNull = new LinkedHashMap<>();
            Map<String, Boolean> splittable = new LinkedHashMap<>();
            try (var ps =
                    c.prepareStatement("SELECT COLUMN_NAME, IS_NULLABLE, DATA_TYPE FROM information_schema.COLUMNS "
                            + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
                ps.setString(1, t.schema());
                ps.setString(2, t.table());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        notNull.put(rs.getString(1), "NO".equals(rs.getString(2)));
                        splittable.put(
                                rs.getString(1),
                                SPLITTABLE.contains(rs.getString(3).toLowerCase(Locale.ROOT)));
                    }
                }
            }
            Map<String, List<String>> unique = new LinkedHashMap<>();
            List<String> indexLeads = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME "
                    + "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                    + "ORDER BY NON_UNIQUE, INDEX_NAME, SEQ_IN_INDEX")) {
                ps.setString(1, t.schema());
                ps.setString(2, t.table());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getInt(2) == 0)
                            unique.computeIfAbsent(rs.getString(1), i -> new ArrayList<>())
                                    .add(rs.getString(4));
                        if (rs.getInt(3) == 1) indexLeads.add(rs.getString(4));
                    }
                }
            }
            String nullableUnique = null;
            for (var e : unique.entrySet()) {
                // The server lists unique keys of NOT NULL columns first: Debezium takes such a one when it exists.
                if (e.getValue().stream().allMatch(col -> Boolean.TRUE.equals(notNull.get(col)))) {
                    String col = e.getValue().get(0);
                    return new KeylessTable(col, true, splittable.get(col), null);
                }
                if (nullableUnique == null) nullableUnique = e.getKey() + " (" + String.join(", ", e.getValue()) + ")";
            }
            // A NOT NULL column Flink CDC can split on: of an index, else any.
            for (String col : indexLeads) {
                if (notNull.get(col) && splittable.get(col)) return new KeylessTable(col, true, true, nullableUnique);
            }
            for (var e : notNull.entrySet()) {
                if (e.getValue() && splittable.get(e.getKey())) {
                    return new KeylessTable(e.getKey(), true, true, nullableUnique);
                }
            }
            // Else a nullable one it can split on (its NULL rows are checked for): of an index, else any.
            for (String col : indexLeads) {
                if (splittable.get(col)) return new KeylessTable(col, false, true, nullableUnique);
            }
            for (var e : splittable.entrySet()) {
                if (e.getValue()) return new KeylessTable(e.getKey(), notNull.get(e.getKey()), true, nullableUnique);
            }
            String first = notNull.keySet().iterator().next();
            return new KeylessTable(first, notNull.get(first), false, nullableUnique);
        }
    }

    /** The allowed real tables; {@code namedLikeTools} gets the tables only their names make ghost or trash tables. */
    private List<TableId> tables(Statement s, InstanceRules rules, String who, List<TableId> namedLikeTools)
            throws SQLException {
        List<TableId> allowed = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES "
                + "WHERE TABLE_TYPE = 'BASE TABLE'")) {
            while (rs.next()) {
                TableId t = new TableId(rs.getString(1), rs.getString(2));
                if (rules.blockAllowList().allows(rules.origin(t))) allowed.add(t);
            }
        }
        // Ghost and trash tables are neither snapshotted nor created downstream. One whose origin does
        // not exist is more likely a real table with an unlucky name: say so rather than drop its rows quietly.
        List<TableId> real = new ArrayList<>();
        for (TableId t : allowed) {
            if (rules.classify(t).isReal()) {
                real.add(t);
            } else if (rules.classify(t).role() == TableRole.GHOST && allowed.contains(rules.origin(t))) {
                warnings.add("a migration of " + rules.origin(t) + " is in flight (ghost table " + t + " exists): "
                        + "osc-sync did not see it start, so at its cut-over "
                        + (rules.deriveMissingCutOvers()
                                ? "the column changes are derived from the two definitions (online-ddl-derive-missing)"
                                : "the job stops unless online-ddl-derive-missing: true derives the column changes; or "
                                        + "start the task after the cut-over")
                        + " (a job restored from its own checkpoint or savepoint has it recorded: nothing to do)");
            } else if (!allowed.contains(rules.origin(t))) {
                namedLikeTools.add(t);
                warnings.add(
                        who + ": table " + t + " is named like a "
                                + rules.classify(t).role().name().toLowerCase(Locale.ROOT) + " table of "
                                + rules.origin(t)
                                + ", which does not exist: its rows are NOT replicated. If it is a real table, set "
                                + "shadow-table-rules / trash-table-rules (or another online-ddl-preset) so it is not matched.");
            }
        }
        return real;
    }

    private List<String> schemas(Statement s, InstanceRules rules) throws SQLException {
        List<String> schemas = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SHOW DATABASES")) {
            while (rs.next()) {
                if (rules.blockAllowList().allowsSchema(rs.getString(1))) schemas.add(rs.getString(1));
            }
        }
        return schemas;
    }

    /** See {@link ReferentialActions}: a replicated child table must not have one. */
    private void refuseRowChangingForeignKeys(Statement s, String who, List<TableId> replicated) throws SQLException {
        List<String> found = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, "
                + "DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE UPDATE_RULE NOT IN "
                + "('RESTRICT', 'NO ACTION') OR DELETE_RULE NOT IN ('RESTRICT', 'NO ACTION')")) {
            while (rs.next()) {
                TableId child = new TableId(rs.getString(1), rs.getString(2));
                if (replicated.contains(child)) {
                    found.add(child + " (" + rs.getString(3) + ": ON UPDATE " + rs.getString(4) + " ON DELETE "
                            + rs.getString(5) + ")");
                }
            }
        }
        require(
                found.isEmpty(),
                who + ": foreign keys that change rows: " + String.join(", ", found) + ". " + ReferentialActions.ADVICE
                        + ".");
    }

    /** TiDB has no spatial types: such a table cannot be created downstream as it is upstream. */
    private void warnSpatialColumns(Statement s, String who, List<TableId> replicated) throws SQLException {
        List<String> found = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM "
                + "information_schema.COLUMNS WHERE DATA_TYPE IN ('geometry', 'point', 'linestring', 'polygon', "
                + "'multipoint', 'multilinestring', 'multipolygon', 'geometrycollection')")) {
            while (rs.next()) {
                TableId t = new TableId(rs.getString(1), rs.getString(2));
                if (replicated.contains(t)) found.add(t + "." + rs.getString(3) + " (" + rs.getString(4) + ")");
            }
        }
        if (!found.isEmpty()) {
            warnings.add(who + ": TiDB has no spatial types, so the job stops at creating these tables downstream "
                    + "unless they exist there already: " + String.join(", ", found) + ". Create them downstream "
                    + "yourself without those columns' types, or exclude them with block-allow-list");
        }
    }

    /** The binlog is read as a replica with the task's server-id: it must not be the upstream's own. */
    private void checkServerId(Statement s, TaskConfig.Instance inst, String who) throws SQLException {
        if (!task.taskMode().binlog() || inst.serverId() == null) return;
        try (ResultSet rs = s.executeQuery("SELECT @@server_id")) {
            rs.next();
            long own = rs.getLong(1);
            // The task's server-id is one id or a range "low-high" (checked when the task was loaded).
            String[] range = inst.serverId().trim().split("-");
            long from = Long.parseLong(range[0].trim());
            long to = range.length > 1 ? Long.parseLong(range[1].trim()) : from;
            require(
                    own < from || own > to,
                    who + " has server_id " + own + ", which the task's server-id "
                            + inst.serverId() + " includes: a replica with the upstream's own id is refused by it; "
                            + "choose a server-id no server of the replication topology uses");
        }
    }

    private void problem(String message, Throwable cause) {
        problems.add(message);
        if (firstCause == null) firstCause = cause;
    }

    private void require(boolean ok, String message) {
        if (!ok) problems.add(message);
    }
}
