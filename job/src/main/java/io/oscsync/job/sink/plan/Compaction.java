package io.oscsync.job.sink.plan;

import io.oscsync.job.event.SinkOp;
import io.oscsync.udfs.TableId;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a step's row ops into statements' worth of work. On a table whose only unique key is
 * its row key, ops fold by key to the last image (insert+update -> upsert, update+update ->
 * upsert, anything+delete -> delete) and go out deletes first, then upserts in last-touch
 * order. Any other table keeps every op, in order: with a second unique key the order decides
 * which row wins, and without a key each op matches exactly one row.
 *
 * <p>insert+delete becomes a delete by key rather than nothing: it costs one key in a
 * {@code DELETE ... IN} and keeps a row that was downstream already (an incremental start on a
 * pre-filled target, a replay from an older savepoint) from surviving.
 */
public final class Compaction {
    private Compaction() {}

    public static List<RowAction> actions(List<SinkOp> rows, Function<TableId, TableMeta> metas) {
        Map<TableId, List<SinkOp>> byTable = new LinkedHashMap<>();
        for (SinkOp op : rows)
            byTable.computeIfAbsent(op.target(), t -> new ArrayList<>()).add(op);
        List<RowAction> out = new ArrayList<>();
        for (var e : byTable.entrySet()) {
            TableMeta meta = metas.apply(e.getKey());
            if (meta.compactable()) {
                folded(e.getValue(), meta, out);
            } else {
                for (SinkOp op : e.getValue()) RowAction.of(op, meta, out);
            }
        }
        return out;
    }

    private static void folded(List<SinkOp> ops, TableMeta meta, List<RowAction> out) {
        // key -> last image (null: deleted); re-inserted on every touch so iteration is last-touch order
        Map<Key, SinkOp> last = new LinkedHashMap<>();
        for (SinkOp op : ops) {
            int[] keyIdx = RowAction.keyIndexes(meta, op.columns());
            switch (op.kind()) {
                case INSERT -> touch(last, new Key(RowAction.pick(op.after(), keyIdx)), op);
                case UPDATE -> {
                    Key before = new Key(RowAction.pick(op.before(), keyIdx));
                    Key after = new Key(RowAction.pick(op.after(), keyIdx));
                    if (!before.equals(after)) touch(last, before, null);
                    touch(last, after, op);
                }
                case DELETE -> touch(last, new Key(RowAction.pick(op.before(), keyIdx)), null);
                default -> throw new IllegalArgumentException(op.kind().name());
            }
        }
        TableId table = meta.table();
        last.forEach((k, op) -> {
            if (op == null) out.add(RowAction.deleteByKey(table, meta, k.values));
        });
        last.forEach((k, op) -> {
            if (op != null) out.add(RowAction.upsert(meta, op.columns(), op.after()));
        });
    }

    private static void touch(Map<Key, SinkOp> last, Key key, SinkOp image) {
        last.remove(key);
        last.put(key, image);
    }

    /** Key values compared by content (byte arrays included). */
    private record Key(Object[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.deepEquals(values, k.values);
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (Object v : values)
                h = 31 * h + (v instanceof byte[] b ? ByteBuffer.wrap(b).hashCode() : java.util.Objects.hashCode(v));
            return h;
        }
    }
}
