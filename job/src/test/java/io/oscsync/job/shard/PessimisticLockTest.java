package io.oscsync.job.shard;

import io.oscsync.udfs.ddl.DdlStatement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pessimistic lock's transitions, as in its diagram; each lifecycle ends without a lock. */
class PessimisticLockTest {
    private static final Set<String> MEMBERS = Set.of("a", "b", "c");
    private static final List<DdlStatement> ADD = List.of(DdlStatement.parse("ALTER TABLE `s`.`t` ADD COLUMN x INT"));

    @Test
    void theLockWaitsUntilEveryMemberReachedItThenRunsOnce() {
        PessimisticLock.Step a =
                PessimisticLock.reach(null, "a", ADD, "alter table t add column x int", MEMBERS, "s.t");
        assertThat(a.waiting().reached()).containsExactly("a");
        assertThat(a.run()).isEmpty();
        assertThat(a.waiting().holds("a")).isTrue();
        assertThat(a.waiting().holds("b")).isFalse();
        // Another shard's text differs only in case, spacing and quoting: the same change.
        List<DdlStatement> same = List.of(DdlStatement.parse("alter table s.t  add column `x` int"));
        PessimisticLock.Step b = PessimisticLock.reach(a.waiting(), "b", same, "...", MEMBERS, "s.t");
        assertThat(b.waiting().missing(MEMBERS)).containsExactly("c");
        PessimisticLock.Step c = PessimisticLock.reach(b.waiting(), "c", ADD, "...", MEMBERS, "s.t");
        assertThat(c.waiting()).as("no lock after it resolved").isNull();
        assertThat(c.run()).containsExactlyElementsOf(ADD);
        assertThat(c.resolved().reached()).containsExactly("a", "b", "c");
    }

    @Test
    void aShardThatLeavesIsNoLongerWaitedFor() {
        PessimisticLock lock =
                PessimisticLock.reach(null, "a", ADD, "...", MEMBERS, "s.t").waiting();
        PessimisticLock.Step stillWaiting = PessimisticLock.leave(lock, Set.of("a", "c"));
        assertThat(stillWaiting.waiting()).isEqualTo(lock);
        PessimisticLock.Step resolved = PessimisticLock.leave(lock, Set.of("a"));
        assertThat(resolved.waiting()).isNull();
        assertThat(resolved.run()).containsExactlyElementsOf(ADD);
        assertThat(PessimisticLock.leave(null, Set.of("a")).run()).isEmpty();
    }

    @Test
    void aDifferentChangeIsAConflictNamingBothShards() {
        PessimisticLock lock =
                PessimisticLock.reach(null, "a", ADD, "add x", MEMBERS, "s.t").waiting();
        List<DdlStatement> other = List.of(DdlStatement.parse("ALTER TABLE `s`.`t` ADD COLUMN x BIGINT"));
        assertThatThrownBy(() -> PessimisticLock.reach(lock, "b", other, "add x bigint", MEMBERS, "s.t"))
                .isInstanceOf(ShardConflictException.class)
                .hasMessageContaining("a ran [add x]")
                .hasMessageContaining("b ran [add x bigint]");
    }

    @Test
    void shardsDifferingOnlyInAlgorithmOrLockMakeTheSameChange() {
        List<DdlStatement> inplace =
                List.of(DdlStatement.parse("ALTER TABLE `s`.`t` ADD COLUMN x INT, ALGORITHM=INPLACE, LOCK=NONE"));
        // The first shard's lock may come from an older release's state, its clauses kept.
        PessimisticLock lock =
                PessimisticLock.reach(null, "a", inplace, "...", MEMBERS, "s.t").waiting();
        PessimisticLock.Step b = PessimisticLock.reach(lock, "b", ADD, "...", MEMBERS, "s.t");
        List<DdlStatement> instant =
                List.of(DdlStatement.parse("alter table s.t add column x int, algorithm = instant"));
        PessimisticLock.Step c = PessimisticLock.reach(b.waiting(), "c", instant, "...", MEMBERS, "s.t");
        assertThat(c.resolved().reached()).containsExactly("a", "b", "c");
    }

    /** --handle-ddl names a lock's statements by every shard's event: the order they arrived in does not matter. */
    @Test
    void theOriginOfAResolvedLockDoesNotDependOnTheOrderTheShardsReachedIt() {
        PessimisticLock ab = PessimisticLock.reach(
                        PessimisticLock.reach(null, "a", "up1@b.1:10", ADD, "...", MEMBERS, "s.t")
                                .waiting(),
                        "b",
                        "up2@b.1:99",
                        ADD,
                        "...",
                        MEMBERS,
                        "s.t")
                .waiting();
        PessimisticLock ba = PessimisticLock.reach(
                        PessimisticLock.reach(null, "b", "up2@b.1:99", ADD, "...", MEMBERS, "s.t")
                                .waiting(),
                        "a",
                        "up1@b.1:10",
                        ADD,
                        "...",
                        MEMBERS,
                        "s.t")
                .waiting();
        PessimisticLock.Step one = PessimisticLock.reach(ab, "c", "up1@b.1:50", ADD, "...", MEMBERS, "s.t");
        PessimisticLock.Step other = PessimisticLock.reach(ba, "c", "up1@b.1:50", ADD, "...", MEMBERS, "s.t");
        assertThat(one.resolved().origin())
                .isEqualTo(other.resolved().origin())
                .isEqualTo("lock[up1@b.1:10, up2@b.1:99, up1@b.1:50]");
    }
}
