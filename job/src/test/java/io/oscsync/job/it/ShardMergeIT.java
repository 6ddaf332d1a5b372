package io.oscsync.job.it;

import io.oscsync.job.testing.AppLoad;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.GhostReplay;
import io.oscsync.job.testing.KeyedSubtasks;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.PtOsc;
import io.oscsync.job.testing.ShardFixture;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four shards on two upstream instances (two databases each) merged into one target table, with
 * writes on every shard throughout, changed by the gh-ost replay, real pt-osc and plain ALTERs.
 * Each test ends with the target equal to the union of the shards and no ghost table downstream.
 *
 * <p>Keyed parallelism: the pessimistic lock with the tools, the lock across a savepoint and the
 * optimistic type changes run at P=3, with names drawn so that the target lands on another subtask
 * than the binlog probe and than the shards' shadow names (all four shards must meet on the
 * target's subtask, whichever binlog they come from); the failing case and the optimistic
 * add/drop stay at P=1, so the class costs what it did.
 */
@ExtendWith(UpstreamDownstream.class)
class ShardMergeIT {
    private static final int ROWS = 200;
    private static final String COLUMNS = "`id`, `a`, `b`";

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    @Test
    void pessimisticHoldsChangedShardsUntilAllFourReachTheDdl(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        int p = KeyedSubtasks.parallelism(3);
        try (ShardFixture f = ShardFixture.start(pair, "pess", ROWS, p);
                TestJob job = TestJob.start(f.task("pessimistic", KeyedSubtasks.yaml(p)))) {
            List<ShardFixture.Shard> s = f.shards();
            awaitPastSnapshot(pair, f);
            generalLog(pair, true);
            List<AppLoad> loads = new ArrayList<>();
            for (ShardFixture.Shard shard : s) loads.add(new AppLoad(shard, ROWS + 1));

            // Shard 1: gh-ost (replayed); its cut-over reaches the lock as the plain ALTER.
            GhostReplay ghost = new GhostReplay(s.get(0).server(), s.get(0).db(), ShardFixture.TABLE);
            ghost.start("ADD COLUMN c INT NOT NULL DEFAULT 5");
            ghost.copyRows(COLUMNS, COLUMNS, 2000, s.get(0).base(), s.get(0).base() + 100_000);
            loads.get(0).close();
            ghost.syncAndCutOverAtomic(COLUMNS);
            int held = s.get(0).base() + 900_000;
            s.get(0)
                    .server()
                    .exec("INSERT INTO " + s.get(0).db() + ".orders (id, a, b, c) VALUES (" + held + ", 1, 'held', 9)");
            FlinkRest rest = FlinkRest.of(mini);
            String id = job.id().toString();
            awaitWaiting(rest, id, 3);
            // Shard 2 is on shard 1's binlog and merges into the same target: its later row arrived,
            // so the coordinator has seen the held row.
            awaitMarker(pair, f, s.get(1), 1);
            assertThat(rest.metric(id, "shardEventsHeld")).as("events held").isGreaterThanOrEqualTo(1);
            assertThat(TableComparison.columnNames(pair.downstream(), f.targetDb(), "orders"))
                    .as("the target keeps the old schema while shards differ")
                    .doesNotContain("c");
            assertThat(pair.downstream().query("SELECT COUNT(*) FROM " + f.targetDb() + ".orders WHERE id = " + held))
                    .as("shard 1's new rows are held")
                    .containsExactly(List.of("0"));

            // Shard 2: a plain ALTER. Shard 3: real pt-osc. Shard 4: gh-ost again.
            s.get(1).server().exec("ALTER TABLE " + s.get(1).db() + ".orders ADD COLUMN c INT NOT NULL DEFAULT 5");
            PtOsc.run(s.get(2).server(), s.get(2).db(), ShardFixture.TABLE, "ADD COLUMN c INT NOT NULL DEFAULT 5");
            awaitWaiting(rest, id, 1); // shards 1 to 3 reached the lock
            assertThat(TableComparison.columnNames(pair.downstream(), f.targetDb(), "orders"))
                    .doesNotContain("c");
            GhostReplay ghost4 = new GhostReplay(s.get(3).server(), s.get(3).db(), ShardFixture.TABLE);
            ghost4.start("ADD COLUMN c INT NOT NULL DEFAULT 5");
            ghost4.copyRows(COLUMNS, COLUMNS, 2000, s.get(3).base(), s.get(3).base() + 100_000);
            loads.get(3).close();
            ghost4.syncAndCutOverAtomic(COLUMNS);
            for (AppLoad load : loads.subList(1, 3)) load.close();

            awaitUnion(pair, f);
            assertThat(TableComparison.columnNames(pair.downstream(), f.targetDb(), "orders"))
                    .contains("c");
            generalLog(pair, false);
            assertThat(pair.downstream()
                            .query(
                                    "SELECT COUNT(*) FROM mysql.general_log WHERE command_type = 'Query' "
                                            + "AND argument LIKE ? AND argument LIKE 'alter%'",
                                    "%" + f.targetDb() + "%ADD COLUMN c %"))
                    .as("the DDL ran once downstream")
                    .containsExactly(List.of("1"));
            for (ShardFixture.Shard shard : s) TableComparison.assertNoTable(pair.downstream(), shard.db(), "\\_%");
            TableComparison.assertNoTable(pair.downstream(), f.targetDb(), "\\_%");
            OscIts.assertRunsAt(mini, job, p, 2);
        }
    }

    @Test
    void pessimisticLockPendingAcrossAStopWithSavepoint(
            UpstreamDownstream.Pair pair, @TempDir Path dir, @InjectMiniCluster MiniCluster mini) throws Exception {
        int p = KeyedSubtasks.parallelism(3);
        try (ShardFixture f = ShardFixture.start(pair, "pess_sp", ROWS, p)) {
            List<ShardFixture.Shard> s = f.shards();
            int held = s.get(0).base() + 900_001;
            String savepoint;
            try (TestJob job = TestJob.start(f.task("pessimistic", KeyedSubtasks.yaml(p)))) {
                awaitPastSnapshot(pair, f);
                alter(s.get(0), "ADD COLUMN d VARCHAR(10) DEFAULT 'd'");
                alter(s.get(2), "ADD COLUMN d VARCHAR(10) DEFAULT 'd'");
                s.get(0)
                        .server()
                        .exec("INSERT INTO " + s.get(0).db() + ".orders (id, a, b, d) VALUES (" + held
                                + ", 1, 'held', 'x')");
                FlinkRest rest = FlinkRest.of(mini);
                awaitWaiting(rest, job.id().toString(), 2);
                awaitMarker(pair, f, s.get(1), 1); // the held row is seen, and held
                assertThat(rest.metric(job.id().toString(), "shardEventsHeld")).isGreaterThanOrEqualTo(1);
                savepoint = job.stopWithSavepoint(dir);
            }
            try (TestJob resumed = TestJob.start(f.task("pessimistic", KeyedSubtasks.yaml(p)), savepoint)) {
                awaitMarker(pair, f, s.get(1), 2); // the resumed job runs
                assertThat(TableComparison.columnNames(pair.downstream(), f.targetDb(), "orders"))
                        .doesNotContain("d");
                assertThat(MigrationFixture.count(pair.downstream(), f.targetDb() + ".orders WHERE id = " + held))
                        .as("the held row, still held")
                        .isZero();
                alter(s.get(1), "ADD COLUMN d VARCHAR(10) DEFAULT 'd'");
                alter(s.get(3), "ADD COLUMN d VARCHAR(10) DEFAULT 'd'");
                awaitUnion(pair, f);
                OscIts.assertRunsAt(mini, resumed, p, 1);
            }
        }
    }

    @Test
    void pessimisticDifferentDdlsFailNamingBothShards(UpstreamDownstream.Pair pair) throws Exception {
        try (ShardFixture f = ShardFixture.start(pair, "pess_bad", ROWS);
                TestJob job = TestJob.start(f.task("pessimistic", ""))) {
            List<ShardFixture.Shard> s = f.shards();
            awaitPastSnapshot(pair, f);
            alter(s.get(0), "ADD COLUMN x INT");
            alter(s.get(3), "ADD COLUMN y INT");
            String failure = job.awaitFailure();
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failure)
                    .contains("up1:" + s.get(0).db() + ".orders")
                    .contains("up2:" + s.get(3).db() + ".orders")
                    .contains("ADD COLUMN x INT")
                    .contains("ADD COLUMN y INT");
        }
    }

    @Test
    void optimisticAddsAtOnceAndDropsWhenEveryShardHasDropped(UpstreamDownstream.Pair pair) throws Exception {
        try (ShardFixture f = ShardFixture.start(pair, "opt", ROWS);
                TestJob job = TestJob.start(f.task("optimistic", ""))) {
            List<ShardFixture.Shard> s = f.shards();
            awaitPastSnapshot(pair, f);
            List<AppLoad> loads = new ArrayList<>();
            for (ShardFixture.Shard shard : s) loads.add(new AppLoad(shard, ROWS + 1));
            alter(s.get(0), "ADD COLUMN e INT NULL");
            Await.until(
                    "column e added at once",
                    Duration.ofMinutes(1),
                    () -> TableComparison.columnNames(pair.downstream(), f.targetDb(), "orders")
                            .contains("e"));
            for (ShardFixture.Shard shard : s.subList(1, 4)) alter(shard, "ADD COLUMN e INT NULL");
            for (ShardFixture.Shard shard : s.subList(0, 3)) alter(shard, "DROP COLUMN e");
            // Rows written after the drops, on both binlogs, arrived: the three drops were read.
            awaitMarker(pair, f, s.get(1), 1);
            awaitMarker(pair, f, s.get(2), 1);
            assertThat(TableComparison.columnNames(pair.downstream(), f.targetDb(), "orders"))
                    .as("DROP COLUMN waits for the last shard")
                    .contains("e");
            alter(s.get(3), "DROP COLUMN e");
            for (AppLoad load : loads) load.close();
            awaitUnion(pair, f);
        }
    }

    @Test
    void optimisticShardModifiesOneColumnTwiceWithDifferentTypes(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        int p = KeyedSubtasks.parallelism(3);
        try (ShardFixture f = ShardFixture.start(pair, "opt_mod", ROWS, p);
                TestJob job = TestJob.start(f.task("optimistic", KeyedSubtasks.yaml(p)))) {
            List<ShardFixture.Shard> s = f.shards();
            awaitPastSnapshot(pair, f);
            List<AppLoad> loads = new ArrayList<>();
            for (ShardFixture.Shard shard : s) loads.add(new AppLoad(shard, ROWS + 1));
            ShardFixture.Shard first = s.get(0);
            alter(first, "MODIFY COLUMN a BIGINT");
            first.server()
                    .exec("INSERT INTO " + first.db() + ".orders (id, a, b) VALUES (" + (first.base() + 900_001)
                            + ", 5000000000, 'bigint')");
            alter(first, "MODIFY COLUMN a DECIMAL(30,0)");
            first.server()
                    .exec("INSERT INTO " + first.db() + ".orders (id, a, b) VALUES (" + (first.base() + 900_002)
                            + ", 10000000000000000000000000, 'decimal')");
            // The two upstreams' binlogs are read independently: the other shards follow once the
            // target has the first shard's type, so their DDL cannot arrive before the first's.
            Await.until(
                    "the target's column a as DECIMAL(30,0)",
                    Duration.ofMinutes(2),
                    () -> failed(job)
                            || pair.downstream()
                                    .query(
                                            "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? "
                                                    + "AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'a'",
                                            f.targetDb())
                                    .toString()
                                    .contains("decimal(30,0)"));
            for (ShardFixture.Shard shard : s.subList(1, 4)) alter(shard, "MODIFY COLUMN a DECIMAL(30,0)");
            for (AppLoad load : loads) load.close();
            Await.until("the target equal to the union of the shards, or the job failed", Duration.ofMinutes(3), () -> {
                if (failed(job)) return true;
                TableComparison.assertUnion(f.shards(), pair.downstream(), f.targetDb(), "orders");
                return true;
            });
            if (failed(job)) throw new AssertionError("the job failed: " + job.awaitFailure());
            OscIts.assertRunsAt(mini, job, p, 2);
        }
    }

    private static boolean failed(TestJob job) {
        try {
            return job.status() == JobStatus.FAILED;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void alter(ShardFixture.Shard shard, String clause) {
        shard.server().exec("ALTER TABLE " + shard.db() + ".orders " + clause);
    }

    /** Shards still to reach the pending lock, as the coordinator counts them. */
    private static void awaitWaiting(FlinkRest rest, String jobId, long shards) {
        rest.awaitMetric(jobId, "shardShardsWaiting", "is " + shards, n -> n == shards, Duration.ofMinutes(2));
    }

    /**
     * Writes marker row {@code n} (id base + 800_000 + n) to the shard and waits for it in the
     * target: the job has read that shard's binlog up to the marker.
     */
    private static void awaitMarker(UpstreamDownstream.Pair pair, ShardFixture f, ShardFixture.Shard shard, int n) {
        int id = shard.base() + 800_000 + n;
        shard.server().exec("INSERT INTO " + shard.db() + ".orders (id, a, b) VALUES (" + id + ", 0, 'marker')");
        Await.until(
                "marker row " + id + " of " + shard.db() + " in the target",
                Duration.ofMinutes(2),
                () -> MigrationFixture.count(pair.downstream(), f.targetDb() + ".orders WHERE id = " + id) == 1);
    }

    private static void awaitPastSnapshot(UpstreamDownstream.Pair pair, ShardFixture f) {
        Await.until(
                "the snapshot of every shard",
                Duration.ofMinutes(2),
                () -> MigrationFixture.count(pair.downstream(), f.targetDb() + ".orders") == 4L * ROWS);
        ShardFixture.Shard first = f.shards().get(0);
        MigrationFixture.awaitBinlogPhase(pair, first.db(), first.db());
    }

    private static void awaitUnion(UpstreamDownstream.Pair pair, ShardFixture f) {
        Await.until("the target equal to the union of the shards", Duration.ofMinutes(3), () -> {
            TableComparison.assertUnion(f.shards(), pair.downstream(), f.targetDb(), "orders");
            return true;
        });
    }

    private static void generalLog(UpstreamDownstream.Pair pair, boolean on) {
        pair.downstream().exec("SET GLOBAL log_output = 'TABLE'", "SET GLOBAL general_log = " + (on ? 1 : 0));
    }
}
