package io.oscsync.job.shard;

import io.oscsync.udfs.ddl.AlterClause;
import io.oscsync.udfs.ddl.DdlStatement;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The optimistic schema's transitions, as in its diagram; it is empty again once the shards agree. */
class OptimisticSchemaTest {
    private static final Set<String> MEMBERS = Set.of("a", "b");

    private static OptimisticSchema.Outcome judge(OptimisticSchema s, String shard, String sql) {
        DdlStatement statement = DdlStatement.parse(sql);
        AlterClause c = statement.alterClauses().get(0);
        return s.judge(shard, c, statement, MEMBERS);
    }

    @Test
    void anAddRunsOnceAndIsForgottenWhenEveryShardHasIt() {
        OptimisticSchema.Outcome a = judge(OptimisticSchema.EMPTY, "a", "ALTER TABLE t ADD COLUMN x INT NULL");
        assertThat(a.verdict()).isEqualTo(OptimisticSchema.Verdict.APPLY);
        assertThat(a.schema().isEmpty()).as("b does not have it yet").isFalse();
        OptimisticSchema.Outcome b = judge(a.schema(), "b", "alter table t add x int null");
        assertThat(b.verdict()).isEqualTo(OptimisticSchema.Verdict.SKIP);
        assertThat(b.schema().isEmpty()).isTrue();
    }

    @Test
    void aDropWaitsForTheLastHolderThenRunsAndIsForgotten() {
        OptimisticSchema.Outcome a = judge(OptimisticSchema.EMPTY, "a", "ALTER TABLE t DROP COLUMN y");
        assertThat(a.verdict()).isEqualTo(OptimisticSchema.Verdict.WAIT);
        assertThat(a.detail()).isEqualTo("b");
        OptimisticSchema.Outcome b = judge(a.schema(), "b", "ALTER TABLE t DROP COLUMN y");
        assertThat(b.verdict()).isEqualTo(OptimisticSchema.Verdict.APPLY);
        assertThat(b.run()).extracting(DdlStatement::sql).containsExactly("ALTER TABLE t DROP COLUMN y");
        assertThat(b.schema().isEmpty()).isTrue();
    }

    @Test
    void aWaitingDropRunsWhenTheLastHolderLeaves() {
        OptimisticSchema waiting = judge(OptimisticSchema.EMPTY, "a", "ALTER TABLE t DROP INDEX ix")
                .schema();
        OptimisticSchema.Outcome left = waiting.leave("b", Set.of("a"));
        assertThat(left.run()).extracting(DdlStatement::sql).containsExactly("ALTER TABLE t DROP INDEX ix");
        assertThat(left.schema().isEmpty()).isTrue();
    }

    @Test
    void differentDefinitionsConflict() {
        OptimisticSchema s = judge(OptimisticSchema.EMPTY, "a", "ALTER TABLE t ADD COLUMN x INT NULL")
                .schema();
        OptimisticSchema.Outcome b = judge(s, "b", "ALTER TABLE t ADD COLUMN x BIGINT NULL");
        assertThat(b.verdict()).isEqualTo(OptimisticSchema.Verdict.CONFLICT);
        assertThat(b.detail()).contains("a has it as [int null]").contains("b makes it [bigint null]");
        assertThat(b.schema()).as("a conflict changes nothing").isEqualTo(s);
    }

    @Test
    void onlyColumnsAndNamedIndexesCanMerge() {
        assertThat(OptimisticSchema.canMerge(DdlStatement.parse("ALTER TABLE t ADD PRIMARY KEY (id)")
                        .alterClauses()
                        .get(0)))
                .isFalse();
        assertThat(OptimisticSchema.canMerge(DdlStatement.parse("ALTER TABLE t CHANGE a b INT")
                        .alterClauses()
                        .get(0)))
                .isFalse();
        assertThat(OptimisticSchema.canMerge(DdlStatement.parse("CREATE INDEX ix ON t (a)")
                        .alterClauses()
                        .get(0)))
                .isTrue();
    }
}
