package io.oscsync.job.sink.dialect;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prepares a DDL, already rewritten to downstream names, for the downstream's dialect. MySQL
 * runs it as it is. TiDB gets it refused when it holds a feature TiDB lacks (see
 * {@link TiDbUnsupported}), and split into one statement per clause before v6.2.0, which was the
 * first to run several schema changes in one ALTER TABLE ("Unsupported multi schema change"
 * before it, https://docs.pingcap.com/tidb/stable/release-6.2.0). A downstream whose VERSION()
 * does not say TiDB (MariaDB standing in for it in tests) is taken as a recent TiDB.
 *
 * <p>Every dialect drops an ALTER's ALGORITHM= and LOCK= clauses (gh-ost's
 * {@code --attempt-instant-ddl}, Spirit's {@code ALGORITHM=COPY} on its shadow): they chose how the
 * upstream locked, and a downstream that cannot honour them refuses the whole statement.
 */
public final class DdlDialect {
    private static final Pattern TIDB_VERSION = Pattern.compile("TiDB-v?(\\d+)\\.(\\d+)\\.(\\d+)\\S*");
    private static final int MAX_QUOTED = 300;

    private final TaskConfig.Dialect dialect;
    private final String description;
    private final boolean splitAlter;

    private DdlDialect(TaskConfig.Dialect dialect, String description, boolean splitAlter) {
        this.dialect = dialect;
        this.description = description;
        this.splitAlter = splitAlter;
    }

    /**
     * @param dialect from the task file
     * @param serverVersion the downstream's {@code SELECT VERSION()}, e.g. "8.0.11-TiDB-v7.5.1"
     */
    public static DdlDialect of(TaskConfig.Dialect dialect, String serverVersion) {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(serverVersion, "serverVersion");
        if (dialect == TaskConfig.Dialect.MYSQL) {
            return new DdlDialect(dialect, "MySQL " + serverVersion, false);
        }
        Matcher m = TIDB_VERSION.matcher(serverVersion);
        if (!m.find()) {
            // A TiDB with an unreadable version may be old: one change per statement runs on every TiDB.
            return new DdlDialect(
                    dialect, "TiDB (version unknown: " + serverVersion + ")", serverVersion.contains("TiDB"));
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        boolean beforeMultiSchemaChange = major < 6 || (major == 6 && minor < 2);
        return new DdlDialect(dialect, "TiDB " + m.group().substring("TiDB-".length()), beforeMultiSchemaChange);
    }

    /**
     * The statements to run, in order, for one DDL on {@code table}.
     *
     * @throws RefusedDdlException when the target cannot run it
     * @throws io.oscsync.udfs.ddl.UnsupportedDdlException for a statement osc-sync cannot read
     *     (on TiDB only; the route stage has already refused those)
     */
    public List<DdlStatement> prepare(TableId table, DdlStatement ddl) {
        DdlStatement statement = ddl.withoutAlgorithmAndLock();
        if (statement == null) {
            return List.of(); // it only named an algorithm or a lock: nothing to change downstream
        }
        if (dialect == TaskConfig.Dialect.MYSQL) {
            return List.of(statement);
        }
        refuseUnsupported(description, table, statement);
        if (splitAlter && statement.kind() == DdlStatement.Kind.ALTER_TABLE) {
            return statement.clauseStatements();
        }
        return List.of(statement);
    }

    /**
     * The refusal alone, which needs no server version: the sink writer checks each DDL before it
     * enters a checkpoint, so a job stopped here resumes from a checkpoint that reads the
     * statement again, through the filter the user adds.
     *
     * @throws RefusedDdlException when the target cannot run it
     */
    public static void checkRunnable(TaskConfig.Dialect dialect, TableId table, DdlStatement statement) {
        if (dialect == TaskConfig.Dialect.MYSQL) return;
        refuseUnsupported("TiDB", table, statement);
    }

    private static void refuseUnsupported(String target, TableId table, DdlStatement statement) {
        String ddl = statement.sql();
        String unsupported = TiDbUnsupported.find(statement);
        if (unsupported != null) {
            throw new RefusedDdlException(target + " cannot run this DDL on table " + table + ": TiDB does not support "
                    + unsupported + ". Statement: \"" + shorten(ddl)
                    + "\". Change the statement upstream, or skip it with a"
                    + " `filters` rule in the task file ("
                    // An "alter table" event rule is refused at start (DM decides MODIFY COLUMN by the old column).
                    + (statement.kind() == DdlStatement.Kind.ALTER_TABLE
                            ? "a sql-pattern"
                            : "events: [\"" + statement.eventType() + "\"] or a sql-pattern")
                    + " matching it, action: Ignore, named in the instance's filter-rules), then resume the job from its"
                    + " latest checkpoint: the statement is not in it, so the resumed job reads it again through the filter."
                    + (statement.kind() == DdlStatement.Kind.CREATE_TABLE
                            ? " Or create the table downstream yourself"
                                    + " without it: a table that exists downstream is used as it is."
                            : ""));
        }
    }

    /** For logs, e.g. "TiDB v6.1.0", "TiDB (version unknown: 10.11.6-MariaDB)", "MySQL 8.0.36". */
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String shorten(String sql) {
        return sql.length() <= MAX_QUOTED ? sql : sql.substring(0, MAX_QUOTED) + "...";
    }
}
