package io.oscsync.job.sink.writer;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.SinkOp;
import io.oscsync.job.jdbc.MySqlConnections;
import io.oscsync.job.sink.committer.CommitBatch;
import io.oscsync.job.sink.dialect.CreateIfNotExists;
import io.oscsync.job.sink.dialect.DdlDialect;
import io.oscsync.job.sink.dialect.RefusedDdlException;
import io.oscsync.job.sink.handle.DdlDecision;
import io.oscsync.job.sink.handle.DdlDecisions;
import io.oscsync.job.sink.handle.DdlRefusedException;
import io.oscsync.job.sink.handle.HandledDdl;
import io.oscsync.udfs.TableId;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Collects the ops between two checkpoint barriers, in arrival order, and hands them over as
 * one {@link CommitBatch} at the barrier. Nothing is written here: the committer applies the
 * batch once the checkpoint that holds it completes. A DDL the target cannot run stops the job
 * here, before it is in a checkpoint, naming its fingerprint; a {@code --handle-ddl} decision for
 * it is applied here on the next run, and kept in the writer's state once used.
 */
public final class TiDbSinkWriter
        implements CommittingSinkWriter<SinkOp, CommitBatch>, StatefulSinkWriter<SinkOp, HandledDdl> {
    private static final Logger LOG = LoggerFactory.getLogger(TiDbSinkWriter.class);
    private final TaskConfig.Database target;
    private final DdlDecisions decisions;
    /** Decisions used by this writer or, restored, by an earlier run: by fingerprint. */
    private final Map<String, HandledDdl> handled = new LinkedHashMap<>();

    private final String runId;
    private long seq;
    private final int partitions;
    private final Counter opsReceived;
    private List<SinkOp> buffer = new ArrayList<>();

    /**
     * @param restoredCheckpointId 0 on a fresh start
     * @param partitions           the most partitions the committer splits a table's rows of a batch into
     */
    public TiDbSinkWriter(
            TaskConfig.Database target,
            int subtask,
            long restoredCheckpointId,
            int partitions,
            SinkWriterMetricGroup metrics,
            DdlDecisions decisions,
            Collection<HandledDdl> restored) {
        this.target = target;
        this.decisions = decisions;
        for (HandledDdl h : restored) {
            handled.put(h.fingerprint(), h);
            LOG.info(
                    "--handle-ddl {}={} was used before this restart, on: {}; it is not used again",
                    h.fingerprint(),
                    h.action(),
                    h.statement());
        }
        if (subtask == 0) {
            for (DdlDecision d : decisions.all()) {
                if (!handled.containsKey(d.fingerprint())) {
                    LOG.info("--handle-ddl {} given: it is used when its DDL arrives, and logged then", d);
                }
            }
        }
        this.partitions = partitions;
        this.runId = UUID.randomUUID() + "-" + subtask;
        this.seq = restoredCheckpointId;
        this.opsReceived = metrics.getNumRecordsSendCounter();
        metrics.gauge("opsBuffered", () -> buffer.size());
    }

    @Override
    public void write(SinkOp op, Context context) {
        if (op.kind() == SinkOp.Kind.DDL) {
            DdlDecision d = decisions.find(op);
            if (d != null && !handled.containsKey(d.fingerprint())) {
                List<SinkOp> instead = decisions.apply(op, d, "in the sink writer");
                for (SinkOp r : instead) checkRunnable(r);
                buffer.addAll(instead);
                handled.put(d.fingerprint(), new HandledDdl(d.fingerprint(), d.action(), op.ddl()));
                opsReceived.inc();
                return;
            }
            checkRunnable(op);
        }
        buffer.add(op);
        opsReceived.inc();
    }

    /**
     * Every DDL, table creation included, passes the target's check here. A CREATE TABLE IF NOT
     * EXISTS of a table that exists downstream passes anyway: it changes nothing, which is how a
     * user gets past a table TiDB cannot create as it is upstream (by creating it by hand).
     */
    private void checkRunnable(SinkOp op) {
        try {
            DdlDialect.checkRunnable(target.dialect(), op.target(), op.statement());
        } catch (RefusedDdlException e) {
            if (!CreateIfNotExists.matches(op.ddl()) || !existsDownstream(op.target())) {
                // A restart would meet it again.
                throw new SuppressRestartsException(
                        new DdlRefusedException(sentence(e.getMessage()) + " " + DdlDecisions.advice(op, false), e));
            }
        }
    }

    private static String sentence(String message) {
        return message.endsWith(".") ? message : message + ".";
    }

    private boolean existsDownstream(TableId table) {
        try (Connection c = MySqlConnections.connect(target)) {
            return CreateIfNotExists.exists(c, table);
        } catch (SQLException e) {
            throw new FlinkRuntimeException(
                    "cannot check whether table " + table + " exists downstream (" + target.address() + "): "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public void flush(boolean endOfInput) {
        // Nothing to flush: ops leave only through prepareCommit.
    }

    @Override
    public Collection<CommitBatch> prepareCommit() {
        if (buffer.isEmpty()) return List.of();
        CommitBatch batch = new CommitBatch(runId, ++seq, buffer, partitions);
        buffer = new ArrayList<>();
        return List.of(batch);
    }

    @Override
    public List<HandledDdl> snapshotState(long checkpointId) {
        return List.copyOf(handled.values());
    }

    @Override
    public void close() {}
}
