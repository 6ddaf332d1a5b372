package io.oscsync.job.sink;

import io.oscsync.job.event.SinkOp;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

import java.util.ArrayList;
import java.util.List;

/**
 * Buffers operations in arrival order and applies them when the buffer is full, on a short
 * timer, before each checkpoint barrier, and at the end of input. A DDL goes out at once,
 * after everything before it.
 */
final class TiDbSinkWriter implements SinkWriter<SinkOp> {
    static final int MAX_BUFFERED = 5_000;
    static final long FLUSH_INTERVAL_MS = 200;

    private final OpApplier applier;
    private final ProcessingTimeService timers;
    private final Counter rowsWritten;
    private final Counter ddlsApplied;
    private final List<SinkOp> buffer = new ArrayList<>();
    private volatile long lastEventTimeMs;

    TiDbSinkWriter(OpApplier applier, ProcessingTimeService timers, SinkWriterMetricGroup metrics) {
        this.applier = applier;
        this.timers = timers;
        this.rowsWritten = metrics.getNumRecordsSendCounter();
        this.ddlsApplied = metrics.counter("ddlsApplied");
        metrics.gauge("lastAppliedEventTimeMs", () -> lastEventTimeMs);
        scheduleFlush();
    }

    @Override
    public void write(SinkOp op, Context context) throws InterruptedException {
        buffer.add(op);
        if (op.kind() == SinkOp.Kind.DDL || buffer.size() >= MAX_BUFFERED) flushBuffer();
    }

    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        flushBuffer();
    }

    private void flushBuffer() throws InterruptedException {
        if (buffer.isEmpty()) return;
        applier.apply(buffer);
        for (SinkOp op : buffer) {
            if (op.kind() == SinkOp.Kind.DDL) ddlsApplied.inc();
            else rowsWritten.inc();
        }
        lastEventTimeMs = buffer.get(buffer.size() - 1).eventTimeMs();
        buffer.clear();
    }

    /** The timer runs in the task's mailbox thread, so it never races with write(); a failure in it fails the task. */
    private void scheduleFlush() {
        timers.registerTimer(timers.getCurrentProcessingTime() + FLUSH_INTERVAL_MS, ts -> {
            flushBuffer();
            scheduleFlush();
        });
    }

    @Override
    public void close() {
        applier.close();
    }
}
