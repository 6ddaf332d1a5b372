package io.oscsync.job.sink.plan;

import io.oscsync.job.event.SinkOp;
import io.oscsync.udfs.TableId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Causality of the split: ops sharing a key value stay in one partition, in order, or a cut orders them. */
class KeyPartitionerTest {
    private static final TableId T = new TableId("db", "t");
    private static final String[] COLS = {"id", "u", "v"};
    /** Primary key id, unique key u. */
    private static final TableMeta WITH_UNIQUE =
            new TableMeta(T, List.of("id"), true, Set.of(), List.of(List.of("id"), List.of("u")));

    private static final TableMeta KEYED = new TableMeta(T, List.of("id"), false);
    private static final TableMeta KEYLESS = new TableMeta(T, List.of(), false);

    @Test
    void smallRunsAreOnePartition() {
        List<SinkOp> ops = inserts(0, KeyPartitioner.MIN_ROWS_PER_PARTITION * 2 - 1);
        assertThat(KeyPartitioner.split(ops, KEYED, 16))
                .hasSize(1)
                .first()
                .satisfies(g -> assertThat(g).hasSize(1));
        assertThat(KeyPartitioner.partitions(640, 4)).isEqualTo(4);
        assertThat(KeyPartitioner.partitions(640, 16)).isEqualTo(10);
        assertThat(KeyPartitioner.partitions(1, 16)).isEqualTo(1);
    }

    @Test
    void sameKeyInSequenceStaysInOnePartitionInOrder() {
        List<SinkOp> ops = new ArrayList<>(inserts(0, 1000));
        for (int i = 0; i < 50; i++) ops.add(update(7, "u7", "v" + i, 7, "u7", "v" + (i + 1)));
        List<List<List<SinkOp>>> groups = KeyPartitioner.split(ops, KEYED, 4);
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0)).hasSize(4);
        List<SinkOp> seven = null;
        for (List<SinkOp> p : groups.get(0)) if (p.contains(ops.get(7))) seven = p;
        assertThat(seven).as("the partition of key 7").isNotNull();
        List<SinkOp> ofKey = seven.stream().filter(o -> key(o).equals(7L)).toList();
        assertThat(ofKey)
                .containsExactlyElementsOf(
                        ops.stream().filter(o -> key(o).equals(7L)).toList());
        assertThat(groups.get(0)).allSatisfy(p -> assertThat(p).isNotEmpty());
    }

    @Test
    void aPrimaryKeyChangeTakesTheRowsNewKeyToTheOldKeysPartition() {
        List<SinkOp> ops = new ArrayList<>(inserts(0, 1000));
        SinkOp move = update(3, "u3", "v", 5000, "u3", "v");
        SinkOp after = update(5000, "u3", "v", 5000, "u3", "w");
        ops.add(move);
        ops.add(after);
        List<List<List<SinkOp>>> groups = KeyPartitioner.split(ops, KEYED, 4);
        assertThat(groups).hasSize(1);
        List<SinkOp> p = partitionOf(groups.get(0), ops.get(3));
        assertThat(p).contains(move, after);
        assertThat(p.indexOf(ops.get(3))).isLessThan(p.indexOf(move));
        assertThat(p.indexOf(move)).isLessThan(p.indexOf(after));
    }

    @Test
    void aChangeMeetingTwoPartitionsCutsTheRun() {
        // Rows 1 and 2 land in different partitions; an op that moves unique value u1 onto row 2
        // touches both, so everything before it must land before it.
        List<SinkOp> ops = new ArrayList<>(inserts(0, 1000));
        int a = 1;
        int b = firstInOtherPartition(ops, a);
        SinkOp freeU = update(a, "u" + a, "v", a, "x" + a, "v");
        SinkOp takeU = update(b, "u" + b, "v", b, "u" + a, "v");
        ops.add(freeU);
        ops.add(takeU);
        ops.addAll(inserts(2000, 2100));
        List<List<List<SinkOp>>> groups = KeyPartitioner.split(ops, WITH_UNIQUE, 4);
        assertThat(groups).hasSize(2);
        assertThat(flatten(groups.get(0))).contains(freeU).doesNotContain(takeU);
        assertThat(flatten(groups.get(1))).contains(takeU).hasSize(101);
        assertThat(flatten(groups.get(0))).hasSize(1001);
    }

    @Test
    void uniqueKeyValuesFollowTheirPartitionAcrossRows() {
        // Row b takes the unique value row a gave up: the same value, so b's change joins a's partition.
        List<SinkOp> ops = new ArrayList<>(inserts(0, 1000));
        int a = 1;
        int b = firstInOtherPartition(ops, a);
        SinkOp deleteA = delete(a, "u" + a);
        SinkOp insertWithU = insert(5000, "u" + a);
        ops.add(deleteA);
        ops.add(insertWithU);
        List<List<List<SinkOp>>> groups = KeyPartitioner.split(ops, WITH_UNIQUE, 4);
        assertThat(groups).hasSize(1);
        assertThat(partitionOf(groups.get(0), deleteA)).contains(insertWithU, ops.get(a));
        assertThat(partitionOf(groups.get(0), ops.get(b))).doesNotContain(insertWithU);
    }

    @Test
    void uniqueValuesCompareWithoutCaseOrTrailingSpaces() {
        Object x = KeyPartitioner.comparable("Émile ");
        assertThat(x).isEqualTo(KeyPartitioner.comparable("emile"));
        assertThat(KeyPartitioner.comparable(new java.math.BigDecimal("1.50")))
                .isEqualTo(KeyPartitioner.comparable(new java.math.BigDecimal("1.5")));
    }

    @Test
    void aNullInAUniqueKeyIsNoConflict() {
        List<SinkOp> ops = new ArrayList<>();
        for (int i = 0; i < 1000; i++) ops.add(insert(i, null));
        List<List<List<SinkOp>>> groups = KeyPartitioner.split(ops, WITH_UNIQUE, 4);
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0)).allSatisfy(p -> assertThat(p).isNotEmpty());
    }

    @Test
    void keylessTablesAreOnePartition() {
        List<List<List<SinkOp>>> groups = KeyPartitioner.split(inserts(0, 5000), KEYLESS, 16);
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0)).hasSize(1);
        assertThat(groups.get(0).get(0)).hasSize(5000);
    }

    @Test
    void aUniqueKeyTheRowsCannotShowKeepsTheRunWhole() {
        // A prefix or generated-column unique key (uniqueKeys empty), or a key column the rows lack.
        TableMeta unreadable = new TableMeta(T, List.of("id"), true, Set.of(), List.of());
        assertThat(KeyPartitioner.split(inserts(0, 1000), unreadable, 4).get(0)).hasSize(1);
        TableMeta extraColumn =
                new TableMeta(T, List.of("id"), true, Set.of(), List.of(List.of("id"), List.of("only_downstream")));
        assertThat(KeyPartitioner.split(inserts(0, 1000), extraColumn, 4).get(0))
                .hasSize(1);
        assertThat(KeyPartitioner.split(inserts(0, 1000), WITH_UNIQUE, 4).get(0))
                .hasSize(4);
    }

    @Test
    void theSplitIsAFunctionOfTheOps() {
        Random r = new Random(7);
        List<SinkOp> ops = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            long id = r.nextInt(200);
            ops.add(update(id, "u" + r.nextInt(300), "a", id, "u" + r.nextInt(300), "b"));
        }
        assertThat(KeyPartitioner.split(ops, WITH_UNIQUE, 8))
                .isEqualTo(KeyPartitioner.split(List.copyOf(ops), WITH_UNIQUE, 8));
    }

    /** Applying the groups in order, partitions in any interleaving, gives every key's ops in input order. */
    @Test
    void randomHotKeysKeepPerKeyOrder() {
        Random r = new Random(11);
        List<SinkOp> ops = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            long id = r.nextInt(50);
            long to = r.nextInt(10) == 0 ? r.nextInt(50) : id;
            ops.add(update(id, "u" + r.nextInt(80), "a" + i, to, "u" + r.nextInt(80), "b" + i));
        }
        List<List<List<SinkOp>>> groups = KeyPartitioner.split(ops, WITH_UNIQUE, 4);
        Map<Object, Integer> lastIndex = new HashMap<>();
        Map<Object, Integer> lastGroupPartition = new HashMap<>();
        int flatCount = 0;
        for (int g = 0; g < groups.size(); g++) {
            for (int p = 0; p < groups.get(g).size(); p++) {
                for (SinkOp op : groups.get(g).get(p)) {
                    flatCount++;
                    int index = ops.indexOf(op);
                    for (Object v : KeyPartitioner.keyValues(op, WITH_UNIQUE, new HashMap<>())) {
                        Integer prev = lastIndex.get(v);
                        Integer prevGp = lastGroupPartition.get(v);
                        int gp = g * 100 + p;
                        if (prev != null && prevGp / 100 == g) {
                            assertThat(prevGp)
                                    .as("one partition per value within a group")
                                    .isEqualTo(gp);
                            assertThat(prev)
                                    .as("input order within a partition")
                                    .isLessThan(index);
                        }
                        if (prev != null) assertThat(prevGp / 100).isLessThanOrEqualTo(g);
                        lastIndex.put(v, index);
                        lastGroupPartition.put(v, gp);
                    }
                }
            }
        }
        assertThat(flatCount).isEqualTo(ops.size());
    }

    private static int firstInOtherPartition(List<SinkOp> ops, int a) {
        List<List<SinkOp>> g = KeyPartitioner.split(ops, WITH_UNIQUE, 4).get(0);
        List<SinkOp> pa = partitionOf(g, ops.get(a));
        for (int i = 0; i < ops.size(); i++) if (!pa.contains(ops.get(i))) return i;
        throw new AssertionError("one partition only");
    }

    private static List<SinkOp> partitionOf(List<List<SinkOp>> group, SinkOp op) {
        for (List<SinkOp> p : group) if (p.contains(op)) return p;
        throw new AssertionError("not in the group: " + op);
    }

    private static List<SinkOp> flatten(List<List<SinkOp>> group) {
        List<SinkOp> out = new ArrayList<>();
        group.forEach(out::addAll);
        return out;
    }

    private static Object key(SinkOp op) {
        return (op.after() != null ? op.after() : op.before())[0];
    }

    private static List<SinkOp> inserts(int from, int to) {
        List<SinkOp> out = new ArrayList<>();
        for (int i = from; i < to; i++) out.add(insert(i, "u" + i));
        return out;
    }

    private static SinkOp insert(long id, String u) {
        return new SinkOp(T, SinkOp.Kind.INSERT, COLS, null, new Object[] {id, u, "v"}, 0);
    }

    private static SinkOp delete(long id, String u) {
        return new SinkOp(T, SinkOp.Kind.DELETE, COLS, new Object[] {id, u, "v"}, null, 0);
    }

    private static SinkOp update(long id, String u, String v, long id2, String u2, String v2) {
        return new SinkOp(T, SinkOp.Kind.UPDATE, COLS, new Object[] {id, u, v}, new Object[] {id2, u2, v2}, 0);
    }
}
