package io.oscsync.job.sink.plan;

import io.oscsync.job.event.SinkOp;
import io.oscsync.udfs.TableId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommitPlanTest {
    private static final TableId A = new TableId("db", "a");
    private static final TableId B = new TableId("db", "b");

    @Test
    void aDdlIsAStepOfItsOwnBetweenTheRowsAroundIt() {
        List<CommitPlan.Step> steps = CommitPlan.steps(List.of(row(A, "x"), row(B, "y"), ddl(A), row(A, "z")));
        assertThat(steps).extracting(CommitPlan.Step::index).containsExactly(0, 1, 2);
        assertThat(steps.get(0).tables()).containsExactly(A, B);
        assertThat(steps.get(1).isDdl()).isTrue();
        assertThat(steps.get(2).ops()).hasSize(1);
    }

    @Test
    void rowRunsAreCutByCountAndBySize() {
        List<SinkOp> ops = new ArrayList<>();
        for (int i = 0; i < CommitPlan.MAX_STEP_OPS * 2 + 1; i++) ops.add(row(A, "x"));
        assertThat(CommitPlan.steps(ops))
                .extracting(s -> s.ops().size())
                .containsExactly(CommitPlan.MAX_STEP_OPS, CommitPlan.MAX_STEP_OPS, 1);

        String big = "x".repeat(1 << 20); // about 3 MiB each by the estimate
        List<SinkOp> large = new ArrayList<>();
        for (int i = 0; i < 12; i++) large.add(row(A, big));
        List<CommitPlan.Step> steps = CommitPlan.steps(large);
        assertThat(steps.size()).isGreaterThan(1);
        for (CommitPlan.Step s : steps) {
            assertThat(s.ops().stream().mapToLong(CommitPlan::estimatedBytes).sum())
                    .isLessThanOrEqualTo(CommitPlan.MAX_STEP_BYTES);
        }
    }

    @Test
    void theSameOpsAlwaysGiveTheSameSteps() {
        List<SinkOp> ops = new ArrayList<>();
        for (int i = 0; i < 5000; i++) ops.add(i % 777 == 0 ? ddl(B) : row(i % 2 == 0 ? A : B, "v" + i));
        assertThat(CommitPlan.steps(ops)).isEqualTo(CommitPlan.steps(new ArrayList<>(ops)));
    }

    private static SinkOp row(TableId t, String v) {
        return new SinkOp(t, SinkOp.Kind.INSERT, new String[] {"v"}, null, new Object[] {v}, 0);
    }

    private static SinkOp ddl(TableId t) {
        return SinkOp.ddl(
                t,
                io.oscsync.udfs.ddl.DdlStatement.parse("ALTER TABLE " + t.quoted() + " ADD COLUMN c INT"),
                "plain DDL",
                "+03:00",
                0);
    }
}
