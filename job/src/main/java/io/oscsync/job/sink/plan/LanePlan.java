package io.oscsync.job.sink.plan;

import io.oscsync.job.event.SinkOp;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch cut into lanes, one per target table: each lane is a sequence of pieces, a run of row
 * ops or one DDL or barrier op alone. Lanes are independent; a row run is further split by key
 * ({@link KeyPartitioner}) and each partition cut into steps ({@link CommitPlan#chunks}). Like {@link
 * CommitPlan}, everything here depends on the ops only.
 */
public final class LanePlan {
    /**
     * Ops of one table, consecutive in that table's order.
     *
     * @param first the position of the first op in the commit's sequence of ops (every batch in order)
     * @param last  the position of the last op
     */
    public record Piece(TableId table, List<SinkOp> ops, int first, int last) {
        public boolean isRows() {
            SinkOp op = ops.get(0);
            return op.kind() != SinkOp.Kind.DDL && op.kind() != SinkOp.Kind.BARRIER;
        }
    }

    private LanePlan() {}

    /**
     * The lanes of {@code ops} (positions from {@code base}), in the order their tables first
     * appear. A row run is also cut at each position in {@code cuts}, so no piece spans one.
     */
    public static Map<TableId, List<Piece>> lanes(List<SinkOp> ops, int base, Set<Integer> cuts) {
        Map<TableId, List<Piece>> lanes = new LinkedHashMap<>();
        Map<TableId, List<SinkOp>> open = new LinkedHashMap<>();
        Map<TableId, Integer> openFirst = new LinkedHashMap<>();
        Map<TableId, Integer> openLast = new LinkedHashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            int pos = base + i;
            if (cuts.contains(pos)) {
                for (TableId t : List.copyOf(open.keySet())) close(t, lanes, open, openFirst, openLast);
            }
            SinkOp op = ops.get(i);
            TableId t = op.target();
            lanes.computeIfAbsent(t, k -> new ArrayList<>());
            if (op.kind() == SinkOp.Kind.DDL || op.kind() == SinkOp.Kind.BARRIER) {
                close(t, lanes, open, openFirst, openLast);
                lanes.get(t).add(new Piece(t, List.of(op), pos, pos));
            } else {
                open.computeIfAbsent(t, k -> new ArrayList<>()).add(op);
                openFirst.putIfAbsent(t, pos);
                openLast.put(t, pos);
            }
        }
        for (TableId t : List.copyOf(open.keySet())) close(t, lanes, open, openFirst, openLast);
        return lanes;
    }

    private static void close(
            TableId t,
            Map<TableId, List<Piece>> lanes,
            Map<TableId, List<SinkOp>> open,
            Map<TableId, Integer> first,
            Map<TableId, Integer> last) {
        List<SinkOp> rows = open.remove(t);
        if (rows == null) return;
        lanes.get(t).add(new Piece(t, List.copyOf(rows), first.remove(t), last.remove(t)));
    }

    /**
     * A DDL that names a table besides its target (RENAME, CREATE ... LIKE, a multi-table DROP),
     * or a whole database: its effect reaches other lanes. Without the cross-key protocol's
     * barriers, such a DDL is applied only after every op before it in the batch, and before any after it.
     */
    public static boolean reachesOtherTables(SinkOp op) {
        if (op.kind() != SinkOp.Kind.DDL) return false;
        DdlStatement ddl = op.statement();
        if (ddl.kind() == DdlStatement.Kind.CREATE_DATABASE || ddl.kind() == DdlStatement.Kind.DROP_DATABASE) {
            return true;
        }
        TableId target = op.target();
        for (TableId t : ddl.tables(target.schema())) {
            if (!t.schema().equalsIgnoreCase(target.schema()) || !t.table().equalsIgnoreCase(target.table())) {
                return true;
            }
        }
        return !ddl.renames(target.schema()).isEmpty();
    }
}
