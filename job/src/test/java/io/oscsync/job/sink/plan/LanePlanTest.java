package io.oscsync.job.sink.plan;

import io.oscsync.job.event.CrossKeyBarrier;
import io.oscsync.job.event.SinkOp;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LanePlanTest {
    private static final TableId A = new TableId("db", "a");
    private static final TableId B = new TableId("db", "b");

    @Test
    void eachTableIsALaneOfRowRunsAndLoneDdlAndBarrierOps() {
        List<SinkOp> ops = List.of(
                row(A),
                row(B),
                row(A),
                ddl(A, "ALTER TABLE `db`.`a` ADD COLUMN c INT"),
                row(A),
                row(B),
                SinkOp.barrier(B, new CrossKeyBarrier("x", CrossKeyBarrier.Role.JOIN, List.of()), 0),
                row(B));
        Map<TableId, List<LanePlan.Piece>> lanes = LanePlan.lanes(ops, 100, Set.of());
        assertThat(lanes.keySet()).containsExactly(A, B);
        assertThat(lanes.get(A))
                .extracting(p -> p.ops().size(), LanePlan.Piece::isRows, LanePlan.Piece::first, LanePlan.Piece::last)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, true, 100, 102),
                        org.assertj.core.groups.Tuple.tuple(1, false, 103, 103),
                        org.assertj.core.groups.Tuple.tuple(1, true, 104, 104));
        assertThat(lanes.get(B))
                .extracting(p -> p.ops().size(), LanePlan.Piece::isRows)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, true),
                        org.assertj.core.groups.Tuple.tuple(1, false),
                        org.assertj.core.groups.Tuple.tuple(1, true));
    }

    @Test
    void aFenceCutsTheRowRunsOfEveryLane() {
        List<SinkOp> ops = new ArrayList<>(List.of(row(B), row(B)));
        ops.add(ddl(A, "RENAME TABLE `db`.`b` TO `db`.`c`"));
        ops.add(row(B));
        Map<TableId, List<LanePlan.Piece>> lanes = LanePlan.lanes(ops, 0, Set.of(2));
        assertThat(lanes.get(B))
                .extracting(LanePlan.Piece::first, LanePlan.Piece::last)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 1), org.assertj.core.groups.Tuple.tuple(3, 3));
        assertThat(LanePlan.lanes(ops, 0, Set.of()).get(B)).hasSize(1);
    }

    @Test
    void ddlReachingOtherTables() {
        assertThat(LanePlan.reachesOtherTables(ddl(A, "RENAME TABLE `db`.`b` TO `db`.`c`")))
                .isTrue();
        assertThat(LanePlan.reachesOtherTables(ddl(A, "CREATE TABLE `db`.`a` LIKE `db`.`b`")))
                .isTrue();
        assertThat(LanePlan.reachesOtherTables(ddl(A, "DROP TABLE `db`.`a`, `db`.`b`")))
                .isTrue();
        assertThat(LanePlan.reachesOtherTables(ddl(A, "ALTER TABLE `db`.`a` RENAME TO `db`.`z`")))
                .isTrue();
        assertThat(LanePlan.reachesOtherTables(ddl(A, "DROP DATABASE db"))).isTrue();
        assertThat(LanePlan.reachesOtherTables(ddl(A, "ALTER TABLE `db`.`a` ADD COLUMN c INT")))
                .isFalse();
        assertThat(LanePlan.reachesOtherTables(ddl(A, "DROP TABLE `db`.`A`"))).isFalse();
        assertThat(LanePlan.reachesOtherTables(row(A))).isFalse();
    }

    private static SinkOp row(TableId t) {
        return new SinkOp(t, SinkOp.Kind.INSERT, new String[] {"id"}, null, new Object[] {1L}, 0);
    }

    private static SinkOp ddl(TableId t, String sql) {
        return SinkOp.ddl(t, DdlStatement.parse(sql), "plain DDL", null, 0);
    }
}
