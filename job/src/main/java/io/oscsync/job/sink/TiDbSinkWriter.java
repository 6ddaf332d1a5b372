package io.oscsync.job.sink;

import io.oscsync.job.event.SinkOp;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Collects the ops between two checkpoint barriers, in arrival order, and hands them over as
 * one {@link CommitBatch} at the barrier. Nothing is written here: the committer applies the
 * batch once the checkpoint that holds it completes.
 */
final class TiDbSinkWriter implements CommittingSinkWriter<SinkOp, CommitBatch> {
    private final String runId;
    private long seq;
    private final Counter opsReceived;
    private List<SinkOp> buffer = new ArrayList<>();

    /** @param restoredCheckpointId 0 on a fresh start */
    TiDbSinkWriter(int subtask, long restoredCheckpointId, SinkWriterMetricGroup metrics) {
        this.runId = UUID.randomUUID() + "-" + subtask;
        this.seq = restoredCheckpointId;
        this.opsReceived = metrics.getNumRecordsSendCounter();
        metrics.gauge("opsBuffered", () -> buffer.size());
    }

    @Override
    public void write(SinkOp op, Context context) {
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
