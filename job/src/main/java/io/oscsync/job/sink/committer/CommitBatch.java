package io.oscsync.job.sink.committer;

import io.oscsync.job.event.SinkOp;

import java.util.List;

/**
 * What the writer hands over at a checkpoint barrier: the ops it received since the last
 * barrier, in arrival order. The committer applies it once the checkpoint completes.
 *
 * @param runId      the writer attempt that made it; a restarted writer gets a new one, so progress
 *                   rows of an abandoned attempt never hide this attempt's batches
 * @param seq        strictly increasing within a run: the restored checkpoint id plus the number of
 *                   batches made since
 * @param partitions the most partitions a table's run of rows is split into (the apply workers when
 *                   the batch was made: a replay splits it the same way whatever the workers are
 *                   then); 0 for a batch of format 1, applied as that release did (steps across
 *                   tables, progress at partition 0)
 */
public record CommitBatch(String runId, long seq, List<SinkOp> ops, int partitions) {
    public CommitBatch {
        ops = List.copyOf(ops);
        if (partitions < 0) throw new IllegalArgumentException("partitions " + partitions);
    }

    /** A batch as format 1 holds it. */
    public CommitBatch(String runId, long seq, List<SinkOp> ops) {
        this(runId, seq, ops, 0);
    }

    /** Made by a release before partitioned apply: applied step by step across its tables. */
    public boolean legacy() {
        return partitions == 0;
    }

    @Override
    public String toString() {
        return "batch " + runId + "/" + seq + " (" + ops.size() + " ops)";
    }
}
