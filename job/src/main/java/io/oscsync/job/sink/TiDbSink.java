package io.oscsync.job.sink;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.SinkOp;
import io.oscsync.job.sink.committer.CommitBatch;
import io.oscsync.job.sink.committer.CommitBatchSerializer;
import io.oscsync.job.sink.committer.ProgressTable;
import io.oscsync.job.sink.committer.TiDbCommitter;
import io.oscsync.job.sink.handle.DdlDecisions;
import io.oscsync.job.sink.handle.HandledDdl;
import io.oscsync.job.sink.handle.HandledDdlSerializer;
import io.oscsync.job.sink.writer.TiDbSinkWriter;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.Collection;
import java.util.List;

/**
 * The downstream sink, exactly-once without XA: the writer hands each checkpoint's ops over as
 * a {@link CommitBatch} stored in the checkpoint; the committer applies it when the checkpoint
 * completes, recording progress in the downstream in the same transactions (see
 * {@link TiDbCommitter}). Rows are visible downstream one checkpoint interval after they
 * arrive, plus the commit time.
 */
public final class TiDbSink
        implements Sink<SinkOp>, SupportsCommitter<CommitBatch>, SupportsWriterState<SinkOp, HandledDdl> {
    private static final long serialVersionUID = 1L;

    private final TaskConfig.Database target;
    private final String metaSchema;
    private final String task;
    private final int applyWorkers;
    private final DdlDecisions decisions;

    public TiDbSink(TaskConfig.Database target, String metaSchema, String task, int applyWorkers) {
        this(target, metaSchema, task, applyWorkers, DdlDecisions.NONE);
    }

    /**
     * @param applyWorkers K: downstream connections of each committer, and partitions a table's rows split into
     * @param decisions    the run's {@code --handle-ddl} decisions, replacement statements included
     */
    public TiDbSink(
            TaskConfig.Database target, String metaSchema, String task, int applyWorkers, DdlDecisions decisions) {
        this.target = target;
        this.metaSchema = metaSchema;
        this.task = task;
        this.applyWorkers = applyWorkers;
        this.decisions = decisions;
    }

    @Override
    public TiDbSinkWriter createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    /** Savepoints of releases before the writer had state restore here with none: no decisions used. */
    @Override
    public TiDbSinkWriter restoreWriter(WriterInitContext context, Collection<HandledDdl> recovered) {
        return new TiDbSinkWriter(
                target,
                context.getTaskInfo().getIndexOfThisSubtask(),
                context.getRestoredCheckpointId().orElse(0),
                applyWorkers,
                context.metricGroup(),
                decisions,
                recovered);
    }

    @Override
    public SimpleVersionedSerializer<HandledDdl> getWriterStateSerializer() {
        return new HandledDdlSerializer();
    }

    @Override
    @Deprecated
    public CommittingSinkWriter<SinkOp, CommitBatch> createWriter(InitContext context) {
        throw new UnsupportedOperationException("Flink calls createWriter(WriterInitContext) since 1.19");
    }

    @Override
    public Committer<CommitBatch> createCommitter(CommitterInitContext context) {
        return new TiDbCommitter(
                target, new ProgressTable(metaSchema, task), context.metricGroup(), applyWorkers, decisions);
    }

    @Override
    public SimpleVersionedSerializer<CommitBatch> getCommittableSerializer() {
        return new CommitBatchSerializer();
    }
}
