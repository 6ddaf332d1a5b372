package io.oscsync.job.sink.committer;

import io.oscsync.job.event.SinkOp;

import java.util.List;

/**
 * What the writer hands over at a checkpoint barrier: the ops it received since the last
 * barrier, in arrival order. The committer applies it once the checkpoint completes.
 *
 * @param runId the writer attempt that made it; a restarted writer gets a new one, so progress
 *              rows of an abandoned attempt never hide this attempt's batches
 * @param seq   strictly increasing within a run: the restored checkpoint id plus the number of
 *              batches made since
 */
public record CommitBatch(String runId, long seq, List<SinkOp> ops) {
    public CommitBatch {
        ops = List.copyOf(ops);
    }

    @Override
    public String toString() {
        return "batch " + runId + "/" + seq + " (" + ops.size() + " ops)";
    }
}
