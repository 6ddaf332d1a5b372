package io.oscsync.job.sink.committer;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.SinkOp;
import io.oscsync.job.jdbc.MySqlConnections;
import io.oscsync.job.sink.dialect.DdlDialect;
import io.oscsync.job.sink.dialect.RefusedDdlException;
import io.oscsync.job.sink.plan.CommitPlan;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.UnsupportedDdlException;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkCommitterMetricGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the batches of completed checkpoints, step by step, each step in one transaction
 * with its progress rows. After a restart (or a lost connection) it first reads progress to
 * skip the steps that already landed; once one step is found missing, every later one is too.
 *
 * <p>A retryable error (lost connection, deadlock, lock wait, TiDB write conflict) is retried
 * with backoff for up to {@link #OUTAGE_WINDOW}, so a downstream outage only pauses the job;
 * any other error fails the job with the table and statement named, and no restart, since a
 * restart would meet the same error. The batch stays in the checkpoint either way.
 */
public final class TiDbCommitter implements Committer<CommitBatch> {
    private static final Logger LOG = LoggerFactory.getLogger(TiDbCommitter.class);
    static final Duration OUTAGE_WINDOW = Duration.ofMinutes(5);

    private final TaskConfig.Database target;
    private final ProgressTable progress;
    private final Counter rowsCommitted;
    private final Counter ddlsApplied;
    private final Counter retries;
    private final SinkCommitterMetricGroup metrics;
    /** Rows committed per target table, as {@code table=<schema.table>} subgroups. */
    private final Map<TableId, Counter> rowsPerTable = new HashMap<>();

    private volatile long lagMs;
    private OpApplier applier;
    private Connection conn;
    /** True until a step is found not yet applied; set again after any failure. */
    private boolean catchingUp = true;

    public TiDbCommitter(TaskConfig.Database target, ProgressTable progress, SinkCommitterMetricGroup metrics) {
        this.target = target;
        this.progress = progress;
        this.rowsCommitted = metrics.counter("rowsCommitted");
        this.ddlsApplied = metrics.counter("ddlsApplied");
        this.retries = metrics.counter("commitRetries");
        this.metrics = metrics;
        metrics.gauge("replicationLagMs", () -> lagMs);
    }

    @Override
    public void commit(Collection<CommitRequest<CommitBatch>> requests) throws InterruptedException {
        for (CommitRequest<CommitBatch> request : requests) {
            CommitBatch batch = request.getCommittable();
            for (CommitPlan.Step step : CommitPlan.steps(batch.ops())) applyWithRetries(batch, step);
        }
    }

    private void applyWithRetries(CommitBatch batch, CommitPlan.Step step) throws InterruptedException {
        long deadline = System.nanoTime() + OUTAGE_WINDOW.toNanos();
        for (int failures = 1; ; failures++) {
            try {
                apply(batch, step);
                return;
            } catch (SQLException e) {
                boolean lost = connectionLost();
                closeQuietly();
                catchingUp = true;
                SinkOp at = step.ops().get(0);
                if (!lost && !DownstreamErrors.isRetryable(e)) {
                    throw new SuppressRestartsException(new FlinkRuntimeException(
                            describe(at, e)
                                    + ". This will not pass on retry: fix the downstream (or the statement upstream) "
                                    + "and resume from the latest checkpoint; the batch is kept in it",
                            e));
                }
                if (System.nanoTime() > deadline) {
                    throw new FlinkRuntimeException(
                            describe(at, e) + ". The downstream kept failing for " + OUTAGE_WINDOW.toMinutes()
                                    + " minutes; the job restarts and tries again",
                            e);
                }
                long backoff = Math.min(10_000L, 200L << Math.min(failures, 6));
                retries.inc();
                LOG.warn(
                        "downstream {} failed ({}, error {}), retry {} in {} ms",
                        target.address(),
                        e.getMessage(),
                        e.getErrorCode(),
                        failures,
                        backoff);
                Thread.sleep(backoff);
            } catch (RefusedDdlException | UnsupportedDdlException e) {
                throw new SuppressRestartsException(new FlinkRuntimeException(
                        "cannot apply a DDL on table " + step.ops().get(0).target() + ": " + e.getMessage(), e));
            }
        }
    }

    private void apply(CommitBatch batch, CommitPlan.Step step) throws SQLException {
        Connection c = connection();
        List<SinkOp> ops = step.ops();
        TableId first = ops.get(0).target();
        boolean replay = catchingUp; // the first step not recorded may have run before the restart
        if (catchingUp) {
            boolean done = progress.applied(c, first, batch.runId(), batch.seq(), step.index());
            c.rollback();
            if (done) {
                LOG.info("{} step {} on {} was applied before the restart; skipped", batch, step.index(), first);
                return;
            }
            catchingUp = false;
        }
        if (step.isDdl()) {
            applier.applyDdl(c, ops.get(0), replay);
            CommitFaults.at(CommitFaults.Point.AFTER_DDL, first);
            progress.record(c, step.tables(), batch.runId(), batch.seq(), step.index());
            c.commit();
            ddlsApplied.inc();
        } else {
            applier.applyRows(c, ops);
            progress.record(c, step.tables(), batch.runId(), batch.seq(), step.index());
            CommitFaults.at(CommitFaults.Point.BEFORE_COMMIT, first);
            c.commit();
            rowsCommitted.inc(ops.size());
            for (SinkOp op : ops) {
                rowsPerTable
                        .computeIfAbsent(
                                op.target(),
                                t -> metrics.addGroup("table", t.toString()).counter("rowsCommitted"))
                        .inc();
            }
        }
        lagMs = System.currentTimeMillis() - ops.get(ops.size() - 1).eventTimeMs();
        CommitFaults.at(CommitFaults.Point.AFTER_COMMIT, first);
    }

    private String describe(SinkOp at, SQLException e) {
        String statement = applier == null ? null : applier.currentStatement();
        return "downstream " + target.address() + " refused " + (at.kind() == SinkOp.Kind.DDL ? "a DDL" : "rows")
                + " on table " + at.target() + ": " + e.getMessage() + " (error " + e.getErrorCode() + ", SQLState "
                + e.getSQLState() + ")" + (statement == null ? "" : "; statement: " + abbreviate(statement));
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 400 ? sql : sql.substring(0, 400) + "...";
    }

    private Connection connection() throws SQLException {
        if (conn == null || conn.isClosed()) {
            conn = MySqlConnections.connectForWrites(target);
            conn.setAutoCommit(false);
            if (applier == null) {
                DdlDialect dialect = DdlDialect.of(target.dialect(), serverVersion(conn));
                applier = new OpApplier(dialect, progress.table().schema());
                progress.create(conn);
                LOG.info(
                        "committing to {} ({}), progress in {}",
                        target.address(),
                        dialect.describe(),
                        progress.table());
            }
            applier.forgetTables();
        }
        return conn;
    }

    private static String serverVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Whether the connection died under the failed statement. The driver does not always say so
     * in the error (a batch cut off mid-way reports "statement closed"), so ask the connection.
     */
    private boolean connectionLost() {
        try {
            return conn == null || conn.isClosed() || !conn.isValid(2);
        } catch (SQLException e) {
            return true;
        }
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
}
