package io.oscsync.job.sink.plan;

import io.oscsync.job.event.SinkOp;
import io.oscsync.udfs.TableId;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Cuts a batch into steps, each applied in one downstream transaction together with its
 * progress row: a DDL alone, or a run of row ops bounded in count and size. The cut depends
 * only on the ops, never on the downstream, so a batch replayed after a crash gets the same
 * step numbers.
 */
public final class CommitPlan {
    /** Rows per transaction: TiDB does best with hundreds to a few thousand. */
    static final int MAX_STEP_OPS = 2_000;
    /** Well under TiDB's default 100 MiB transaction limit, which also counts index entries. */
    static final long MAX_STEP_BYTES = 16L << 20;

    public record Step(int index, List<SinkOp> ops) {
        public boolean isDdl() {
            return ops.size() == 1 && ops.get(0).kind() == SinkOp.Kind.DDL;
        }

        public boolean isBarrier() {
            return ops.size() == 1 && ops.get(0).kind() == SinkOp.Kind.BARRIER;
        }

        /** Every table the step writes; each gets its progress row in the step's transaction. */
        public Set<TableId> tables() {
            Set<TableId> out = new LinkedHashSet<>();
            for (SinkOp op : ops) out.add(op.target());
            return out;
        }
    }

    private CommitPlan() {}

    public static List<Step> steps(List<SinkOp> ops) {
        List<Step> steps = new ArrayList<>();
        List<SinkOp> rows = new ArrayList<>();
        for (SinkOp op : ops) {
            if (op.kind() == SinkOp.Kind.DDL || op.kind() == SinkOp.Kind.BARRIER) {
                for (List<SinkOp> chunk : chunks(rows)) steps.add(new Step(steps.size(), chunk));
                rows.clear();
                steps.add(new Step(steps.size(), List.of(op)));
            } else {
                rows.add(op);
            }
        }
        for (List<SinkOp> chunk : chunks(rows)) steps.add(new Step(steps.size(), chunk));
        return steps;
    }

    /** A run of row ops cut into transactions, each bounded in count and size. */
    public static List<List<SinkOp>> chunks(List<SinkOp> rows) {
        List<List<SinkOp>> out = new ArrayList<>();
        List<SinkOp> cur = new ArrayList<>();
        long bytes = 0;
        for (SinkOp op : rows) {
            long size = estimatedBytes(op);
            if (!cur.isEmpty() && (cur.size() >= MAX_STEP_OPS || bytes + size > MAX_STEP_BYTES)) {
                out.add(List.copyOf(cur));
                cur.clear();
                bytes = 0;
            }
            cur.add(op);
            bytes += size;
        }
        if (!cur.isEmpty()) out.add(List.copyOf(cur));
        return out;
    }

    /** A rough upper bound of the bytes an op sends: the values of both images plus per-value overhead. */
    static long estimatedBytes(SinkOp op) {
        return 64 + rowBytes(op.before()) + rowBytes(op.after());
    }

    private static long rowBytes(Object[] row) {
        if (row == null) return 0;
        long n = 0;
        for (Object v : row) {
            n += 16;
            if (v instanceof String s) n += 3L * s.length();
            else if (v instanceof byte[] b) n += b.length;
            else if (v != null) n += 16;
        }
        return n;
    }
}
