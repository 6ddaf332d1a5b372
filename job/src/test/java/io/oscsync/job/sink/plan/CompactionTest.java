package io.oscsync.job.sink.plan;

import io.oscsync.job.event.SinkOp;
import io.oscsync.udfs.TableId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compaction must give the same table as applying every op in order. Checked against a model
 * of a table (key -> row, or a bag of rows for keyless tables), on hand-picked and random
 * sequences.
 */
class CompactionTest {
    private static final TableId T = new TableId("db", "t");
    private static final String[] COLS = {"id", "v"};
    private static final TableMeta KEYED = new TableMeta(T, List.of("id"), false);
    private static final TableMeta KEYED_WITH_UNIQUE = new TableMeta(T, List.of("id"), true);
    private static final TableMeta KEYLESS = new TableMeta(T, List.of(), false);

    @Test
    void insertThenUpdatesBecomeOneUpsertOfTheLastImage() {
        List<RowAction> a =
                Compaction.actions(List.of(insert(1, "a"), update(1, "a", 1, "b"), update(1, "b", 1, "c")), t -> KEYED);
        assertThat(a).hasSize(1);
        assertThat(a.get(0).type()).isEqualTo(RowAction.Type.UPSERT);
        assertThat(a.get(0).values()).containsExactly(1L, "c");
    }

    @Test
    void insertThenDeleteBecomesOneDeleteByKey() {
        List<RowAction> a = Compaction.actions(List.of(insert(1, "a"), delete(1, "a")), t -> KEYED);
        assertThat(a).extracting(RowAction::type).containsExactly(RowAction.Type.DELETE_KEY);
    }

    @Test
    void keyChangeDeletesTheOldKeyFirst() {
        List<RowAction> a = Compaction.actions(List.of(update(1, "a", 2, "a"), insert(1, "new")), t -> KEYED);
        assertThat(a).extracting(RowAction::type).containsExactly(RowAction.Type.UPSERT, RowAction.Type.UPSERT);
        assertThat(apply(Map.of(1L, "a"), a)).isEqualTo(Map.of(1L, "new", 2L, "a"));
    }

    @Test
    void tablesWithAnotherUniqueKeyOrNoKeyKeepEveryOp() {
        List<SinkOp> ops = List.of(insert(1, "a"), update(1, "a", 1, "b"), delete(1, "b"));
        assertThat(Compaction.actions(ops, t -> KEYED_WITH_UNIQUE)).hasSize(3);
        assertThat(Compaction.actions(ops, t -> KEYLESS))
                .extracting(RowAction::type)
                .containsExactly(RowAction.Type.INSERT, RowAction.Type.UPDATE_ONE, RowAction.Type.DELETE_ONE);
    }

    @Test
    void randomSequencesGiveTheSameTableAsApplyingEveryOp() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            Map<Long, String> upstream = new HashMap<>();
            for (long k = 0; k < 4; k++) if (random.nextBoolean()) upstream.put(k, "v" + k);
            Map<Long, String> before = new HashMap<>(upstream);
            List<SinkOp> ops = new ArrayList<>();
            for (int i = random.nextInt(12); i > 0; i--) ops.add(randomOp(random, upstream));
            assertThat(apply(before, Compaction.actions(ops, t -> KEYED)))
                    .as("ops %s", ops)
                    .isEqualTo(upstream);
        }
    }

    private static SinkOp randomOp(Random random, Map<Long, String> rows) {
        long k = random.nextInt(6);
        String v = "x" + random.nextInt(100);
        if (!rows.containsKey(k)) {
            rows.put(k, v);
            return insert(k, v);
        }
        String old = rows.get(k);
        switch (random.nextInt(3)) {
            case 0 -> {
                rows.remove(k);
                return delete(k, old);
            }
            case 1 -> {
                long to = random.nextInt(6);
                if (to != k && rows.containsKey(to)) to = k;
                rows.remove(k);
                rows.put(to, v);
                return update(k, old, to, v);
            }
            default -> {
                rows.put(k, v);
                return update(k, old, k, v);
            }
        }
    }

    /** A model downstream: what the actions do to a keyed table. */
    private static Map<Long, String> apply(Map<Long, String> table, List<RowAction> actions) {
        Map<Long, String> out = new HashMap<>(table);
        for (RowAction a : actions) {
            switch (a.type()) {
                case UPSERT -> out.put((Long) a.values()[0], (String) a.values()[1]);
                case DELETE_KEY -> out.remove((Long) a.values()[0]);
                default -> throw new AssertionError(a.type() + " on a keyed table: " + Arrays.toString(a.values()));
            }
        }
        return out;
    }

    private static SinkOp insert(long id, String v) {
        return new SinkOp(T, SinkOp.Kind.INSERT, COLS, null, new Object[] {id, v}, 0);
    }

    private static SinkOp update(long id, String v, long newId, String newV) {
        return new SinkOp(T, SinkOp.Kind.UPDATE, COLS, new Object[] {id, v}, new Object[] {newId, newV}, 0);
    }

    private static SinkOp delete(long id, String v) {
        return new SinkOp(T, SinkOp.Kind.DELETE, COLS, new Object[] {id, v}, null, 0);
    }
}
