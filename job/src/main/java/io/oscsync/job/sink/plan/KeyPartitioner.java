package io.oscsync.job.sink.plan;

import io.oscsync.job.event.SinkOp;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Splits a table's run of row changes (between two DDL or barrier ops) into partitions that can
 * be applied concurrently, with causality: every value of the primary key and of each unique key,
 * in the before and the after image, belongs to at most one partition at a time, so changes
 * touching one value are applied by one partition in their order. A change whose values already
 * sit in two partitions cuts the run: everything before it is a group applied before anything
 * after it (DM's causality; TiCDC's conflict detector).
 *
 * <p>The result depends only on the ops, the table's keys and the cap, never on timing, so a
 * replay after a crash splits a batch the same way, which the progress rows per partition rely on.
 */
public final class KeyPartitioner {
    /** Fewer partitions than the cap for small runs: a partition costs a transaction and a round trip. */
    public static final int MIN_ROWS_PER_PARTITION = 64;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private KeyPartitioner() {}

    /**
     * The groups of the run, in order; each group holds {@code n} partitions (some possibly empty),
     * each the ops in their order. A keyless table, or a run too small to split, is one group of
     * one partition.
     */
    public static List<List<List<SinkOp>>> split(List<SinkOp> rows, TableMeta meta, int cap) {
        int n = partitions(rows.size(), cap);
        if (n == 1 || !meta.hasKey() || meta.uniqueKeys().isEmpty() || !everyKeyColumnIn(rows, meta)) {
            return List.of(List.of(List.copyOf(rows)));
        }
        List<List<List<SinkOp>>> groups = new ArrayList<>();
        List<List<SinkOp>> group = emptyGroup(n);
        Map<Object, Integer> owner = new HashMap<>();
        Map<String, Integer> columnIndex = new HashMap<>();
        for (SinkOp op : rows) {
            List<Object> values = keyValues(op, meta, columnIndex);
            int at = -1;
            boolean conflict = false;
            for (Object v : values) {
                Integer p = owner.get(v);
                if (p == null) continue;
                if (at >= 0 && p != at) {
                    conflict = true;
                    break;
                }
                at = p;
            }
            if (conflict) {
                groups.add(group);
                group = emptyGroup(n);
                owner.clear();
                at = -1;
            }
            if (at < 0) at = values.isEmpty() ? 0 : Math.floorMod(values.get(0).hashCode(), n);
            group.get(at).add(op);
            for (Object v : values) owner.put(v, at);
        }
        groups.add(group);
        return groups;
    }

    /** A unique key on a column the rows do not carry (the downstream has more): its conflicts are unseen. */
    private static boolean everyKeyColumnIn(List<SinkOp> rows, TableMeta meta) {
        String[] checked = null;
        for (SinkOp op : rows) {
            String[] cols = op.columns();
            if (cols == checked) continue; // ops of one batch share their column list
            if (cols == null) return false;
            for (List<String> key : meta.uniqueKeys()) {
                for (String k : key) {
                    if (index(cols, k, new HashMap<>()) < 0) return false;
                }
            }
            checked = cols;
        }
        return true;
    }

    /** At most {@code cap}, at least one, and at least {@link #MIN_ROWS_PER_PARTITION} rows each. */
    public static int partitions(int rows, int cap) {
        return Math.max(1, Math.min(cap, rows / MIN_ROWS_PER_PARTITION));
    }

    private static List<List<SinkOp>> emptyGroup(int n) {
        List<List<SinkOp>> g = new ArrayList<>(n);
        for (int i = 0; i < n; i++) g.add(new ArrayList<>());
        return g;
    }

    /**
     * The op's key values, each tagged with its key's number: the row key of the after image (or
     * the before image) first, as it decides the partition of a change that meets no other. A
     * unique key with a NULL part is no conflict (NULLs never collide in a unique index).
     */
    static List<Object> keyValues(SinkOp op, TableMeta meta, Map<String, Integer> columnIndex) {
        List<Object> out = new ArrayList<>(4);
        String[] cols = op.columns();
        List<List<String>> keys = meta.uniqueKeys();
        for (Object[] image :
                op.after() != null ? new Object[][] {op.after(), op.before()} : new Object[][] {op.before()}) {
            if (image == null) continue;
            for (int k = 0; k < keys.size(); k++) {
                List<String> key = keys.get(k);
                Object[] v = new Object[key.size() + 1];
                v[0] = k;
                boolean complete = true;
                for (int i = 0; i < key.size() && complete; i++) {
                    int idx = index(cols, key.get(i), columnIndex);
                    Object value = idx < 0 || idx >= image.length ? null : image[idx];
                    if (value == null) complete = false;
                    else v[i + 1] = comparable(value);
                }
                if (complete) {
                    KeyValue kv = new KeyValue(v);
                    if (!out.contains(kv)) out.add(kv);
                }
            }
        }
        return out;
    }

    private static int index(String[] cols, String name, Map<String, Integer> cache) {
        String lower = name.toLowerCase(Locale.ROOT);
        Integer cached = cache.get(lower);
        if (cached != null && cached < cols.length && cols[cached].equalsIgnoreCase(name)) return cached;
        for (int i = 0; i < cols.length; i++) {
            if (cols[i] != null && cols[i].equalsIgnoreCase(name)) {
                cache.put(lower, i);
                return i;
            }
        }
        return -1;
    }

    /**
     * A value as a key compares downstream, or coarser: strings without case, accents and trailing
     * spaces (what the usual _ci collations ignore), decimals without their scale. Coarser only
     * puts more changes in one partition; finer could let two partitions write one key at once.
     */
    static Object comparable(Object v) {
        if (v instanceof String s) {
            String folded =
                    MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
            return folded.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).stripTrailing();
        }
        if (v instanceof BigDecimal d)
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        if (v instanceof byte[] b) return new Bytes(b);
        if (v instanceof Float f) return f.doubleValue();
        return v;
    }

    /** A key's values, compared by content, with a hash that is the same in every JVM. */
    private record KeyValue(Object[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof KeyValue k && Arrays.equals(values, k.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }

    private record Bytes(byte[] b) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes x && Arrays.equals(b, x.b);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(b);
        }
    }
}
