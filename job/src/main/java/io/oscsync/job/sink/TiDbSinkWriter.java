package io.oscsync.job.sink;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.SinkOp;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Collects the ops between two checkpoint barriers, in arrival order, and hands them over as
 * one {@link CommitBatch} at the barrier. Nothing is written here: the committer applies the
 * batch once the checkpoint that holds it completes. A DDL the target cannot run stops the job
 * here, before it is in a checkpoint.
 */
final class TiDbSinkWriter implements CommittingSinkWriter<SinkOp, CommitBatch> {
    private final TaskConfig.Dialect dialect;
    private final String runId;
    private long seq;
    private final Counter opsReceived;
    private List<SinkOp> buffer = new ArrayList<>();

    /** @param restoredCheckpointId 0 on a fresh start */
    TiDbSinkWriter(TaskConfig.Dialect dialect, int subtask, long restoredCheckpointId, SinkWriterMetricGroup metrics) {
        this.dialect = dialect;
        this.runId = UUID.randomUUID() + "-" + subtask;
        this.seq = restoredCheckpointId;
        this.opsReceived = metrics.getNumRecordsSendCounter();
        metrics.gauge("opsBuffered", () -> buffer.size());
    }

    @Override
    public void write(SinkOp op, Context context) {
        if (op.kind() == SinkOp.Kind.DDL) {
            try {
                DdlDialect.checkRunnable(dialect, op.target(), op.ddl());
            } catch (RefusedDdlException e) {
                throw new SuppressRestartsException(e); // a restart would meet it again
            }
        }
        buffer.add(op);
        opsReceived.inc();
    }

    @Override
    public void flush(boolean endOfInput) {
        // Nothing to flush: ops leave only through prepareCommit.
    }

    @Override
    public Collection<CommitBatch> prepareCommit() {
        if (buffer.isEmpty()) return List.of();
        CommitBatch batch = new CommitBatch(runId, ++seq, buffer);
        buffer = new ArrayList<>();
        return List.of(batch);
    }

    @Override
    public void close() {}
}
