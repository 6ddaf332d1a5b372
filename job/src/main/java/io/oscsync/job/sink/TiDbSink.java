package io.oscsync.job.sink;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.SinkOp;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The downstream sink: applies each table's operations in order. Writes are idempotent on
 * replay (upserts and deletes by key), so a restart from a checkpoint converges.
 */
public final class TiDbSink implements Sink<SinkOp> {
    private static final long serialVersionUID = 1L;

    private final TaskConfig.Database target;

    public TiDbSink(TaskConfig.Database target) {
        this.target = target;
    }

    @Override
    public SinkWriter<SinkOp> createWriter(WriterInitContext context) {
        return new TiDbSinkWriter(new OpApplier(target, 8), context.getProcessingTimeService(),
                context.metricGroup());
    }

    @Override
    @Deprecated
    public SinkWriter<SinkOp> createWriter(InitContext context) {
        throw new UnsupportedOperationException("Flink calls createWriter(WriterInitContext) since 1.19");
    }
}
