package io.oscsync.job.sink.plan;

import io.oscsync.job.event.SinkOp;
import io.oscsync.udfs.TableId;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** One row-level statement's worth of work, derived from a sink op and the table's key. */
public record RowAction(Type type, TableId table, String[] columns, Object[] values, Object[] old) {
    public enum Type {
        UPSERT,
        INSERT,
        DELETE_KEY,
        UPDATE_ONE,
        DELETE_ONE
    }

    public boolean sameShape(RowAction o) {
        return type == o.type && table.equals(o.table) && Arrays.equals(columns, o.columns);
    }

    public static RowAction upsert(TableId t, String[] cols, Object[] row) {
        return new RowAction(Type.UPSERT, t, cols, row, null);
    }

    /** An upsert of the columns the downstream lets the sink write (no generated ones). */
    static RowAction upsert(TableMeta meta, String[] cols, Object[] row) {
        int[] w = meta.writableIndexes(cols);
        return w == null ? upsert(meta.table(), cols, row) : upsert(meta.table(), pick(cols, w), pick(row, w));
    }

    static RowAction deleteByKey(TableId t, TableMeta meta, Object[] key) {
        return new RowAction(Type.DELETE_KEY, t, meta.key().toArray(String[]::new), key, null);
    }

    /** The actions of one op, in order, without folding it with any other op. */
    static void of(SinkOp op, TableMeta meta, List<RowAction> out) {
        TableId t = op.target();
        String[] cols = op.columns();
        if (!meta.hasKey()) {
            // No key: match every column, one row at a time (LIMIT 1), so duplicates stay exact.
            // Generated columns are left out: they follow from the others.
            int[] w = meta.writableIndexes(cols);
            String[] wc = w == null ? cols : pick(cols, w);
            switch (op.kind()) {
                case INSERT -> out.add(new RowAction(Type.INSERT, t, wc, writable(op.after(), w), null));
                case UPDATE ->
                    out.add(new RowAction(Type.UPDATE_ONE, t, wc, writable(op.after(), w), writable(op.before(), w)));
                case DELETE -> out.add(new RowAction(Type.DELETE_ONE, t, wc, null, writable(op.before(), w)));
                default -> throw new IllegalArgumentException(op.kind().name());
            }
            return;
        }
        int[] keyIdx = keyIndexes(meta, cols);
        switch (op.kind()) {
            case INSERT -> out.add(upsert(meta, cols, op.after()));
            case UPDATE -> {
                Object[] oldKey = pick(op.before(), keyIdx);
                if (!Arrays.deepEquals(oldKey, pick(op.after(), keyIdx))) out.add(deleteByKey(t, meta, oldKey));
                out.add(upsert(meta, cols, op.after()));
            }
            case DELETE -> out.add(deleteByKey(t, meta, pick(op.before(), keyIdx)));
            default -> throw new IllegalArgumentException(op.kind().name());
        }
    }

    static int[] keyIndexes(TableMeta meta, String[] cols) {
        int[] idx = new int[meta.key().size()];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = indexOfIgnoreCase(cols, meta.key().get(k));
            if (idx[k] < 0) {
                throw new IllegalStateException("downstream table " + meta.table() + " has key column "
                        + meta.key().get(k) + ", which the upstream row does not have (upstream columns "
                        + Arrays.toString(cols) + "): the two schemas differ; align them and restart");
            }
        }
        return idx;
    }

    private static int indexOfIgnoreCase(String[] cols, String name) {
        for (int i = 0; i < cols.length; i++) {
            if (cols[i].equalsIgnoreCase(name)) return i; // MySQL column names ignore case
        }
        return -1;
    }

    static Object[] pick(Object[] row, int[] idx) {
        Object[] out = new Object[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = Objects.requireNonNull(row)[idx[i]];
        return out;
    }

    private static String[] pick(String[] cols, int[] idx) {
        String[] out = new String[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = cols[idx[i]];
        return out;
    }

    private static Object[] writable(Object[] row, int[] w) {
        return w == null || row == null ? row : pick(row, w);
    }
}
