package io.oscsync.job.it;

import io.oscsync.job.cli.StateDirs;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.KeyedSubtasks;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.ShardFixture;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DM's shard DDL cases DM_094 to DM_098 ({@code dm/tests/shardddl3} in pingcap/tiflow): tables tb1
 * and tb2 of one schema on two sources, merged into one target. Every shard adds {@code col};
 * then both tb1 add {@code new_col1} (the lock is reached by 2 of 4) and write rows after it (held
 * in pessimistic mode); then the job is disrupted; both tb2 add {@code new_col1} while it is down;
 * after it is back the target equals the union of the shards and each DDL ran once downstream.
 * Disruptions: 094 a stop with a savepoint, 095 a cancel and a restore from the retained
 * checkpoint, 096 the same restored with an updated task file, 097 the embedded process killed
 * with SIGKILL and started again, 098 the TaskManager lost after source1.tb1's DDL only.
 *
 * <p>Keyed parallelism: DM_094 (savepoint) and DM_098 (TaskManager lost) run at P=3, DM_096
 * restores a P=1 checkpoint at P=3; DM_095 and DM_097 stay at P=1 (DM_097's embedded process at
 * P=3 is EmbeddedKillIT's). The target is drawn off subtask 0 wherever P is above 1.
 */
@ExtendWith(UpstreamDownstream.class)
class ShardLockRestartIT {
    private static final List<String> SOURCE2_ARGS = UpstreamDownstream.UPSTREAM_ARGS.stream()
            .map(a -> a.startsWith("--server-id=") ? "--server-id=2" : a)
            .toList();
    // Apart from TestJob's (5401...) and ShardFixture's (5601...).
    private static final AtomicInteger SERVER_IDS = new AtomicInteger(5800);
    private static final Duration WAIT = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static MariaDbServer source2;

    @BeforeAll
    static void startSource2() {
        source2 = MariaDbServer.start("source2", SOURCE2_ARGS);
    }

    @AfterAll
    static void stopSource2() {
        if (source2 != null) source2.close();
    }

    /** DM_094: stop-task while the lock waits, the other shards' DDL while stopped, start-task. */
    @ParameterizedTest(name = "DM_094 {0}")
    @ValueSource(strings = {"pessimistic", "optimistic"})
    void dm094StopWithSavepointWhileTheLockWaits(
            String mode, UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini, @TempDir Path dir)
            throws Exception {
        try (Case c = new Case(pair, mode, "dm094", KeyedSubtasks.parallelism(3))) {
            String savepoint;
            try (TestJob job = TestJob.start(c.task(500), null, TestJob.retainedCheckpoints(dir))) {
                c.upToTheLock();
                savepoint = job.stopWithSavepoint(dir.resolve("savepoints"));
            }
            c.restOfTheLock();
            try (TestJob job = TestJob.start(c.task(500), savepoint)) {
                c.awaitUnionAndDdlsOnce();
                OscIts.assertRunsAt(mini, job, c.p, 1);
            }
        }
    }

    /** DM_095: pause-task / resume-task: a cancel after a completed checkpoint, and a restore from it. */
    @ParameterizedTest(name = "DM_095 {0}")
    @ValueSource(strings = {"pessimistic", "optimistic"})
    void dm095CancelAndRestoreFromTheRetainedCheckpoint(
            String mode, UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini, @TempDir Path dir)
            throws Exception {
        cancelAndRestore(mode, pair, mini, dir, "dm095", 500, KeyedSubtasks.parallelism(1));
    }

    /**
     * DM_096: as DM_095, resumed with an updated task file (DM's update-task; here the checkpoint
     * interval and the keyed parallelism, 1 to 3: a rescale from a retained checkpoint).
     */
    @ParameterizedTest(name = "DM_096 {0}")
    @ValueSource(strings = {"pessimistic", "optimistic"})
    void dm096RestoreWithAnUpdatedTaskFile(
            String mode, UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini, @TempDir Path dir)
            throws Exception {
        cancelAndRestore(mode, pair, mini, dir, "dm096", 1000, KeyedSubtasks.parallelism(3));
    }

    private void cancelAndRestore(
            String mode,
            UpstreamDownstream.Pair pair,
            MiniCluster mini,
            Path dir,
            String name,
            int resumedInterval,
            int resumedP)
            throws Exception {
        try (Case c = new Case(pair, mode, name, resumedP)) {
            try (TestJob job = TestJob.start(c.task(500, 1), null, TestJob.retainedCheckpoints(dir))) {
                c.upToTheLock();
                awaitNextCheckpoint(mini, job);
            } // cancelled
            c.restOfTheLock();
            String checkpoint = StateDirs.newestRestorePoint(dir).orElseThrow().toString();
            try (TestJob job = TestJob.start(c.task(resumedInterval, resumedP), checkpoint)) {
                c.awaitUnionAndDdlsOnce();
                OscIts.assertRunsAt(mini, job, resumedP, 1);
            }
        }
    }

    /**
     * DM_097: DM-master killed. The embedded process ({@code java -jar ... --state-dir}) is our
     * whole cluster: killed with SIGKILL after a checkpoint that holds the lock, started again.
     */
    @ParameterizedTest(name = "DM_097 {0}")
    @ValueSource(strings = {"pessimistic", "optimistic"})
    void dm097EmbeddedProcessKilledWhileTheLockWaits(String mode, UpstreamDownstream.Pair pair, @TempDir Path dir)
            throws Exception {
        try (Case c = new Case(pair, mode, "dm097", KeyedSubtasks.parallelism(1))) {
            Path task = Files.writeString(dir.resolve("task.yaml"), c.taskYaml(500));
            Path state = dir.resolve("state");
            Process first = embedded(task, state, dir.resolve("first.log"));
            Process second = null;
            try {
                c.upToTheLock();
                // The second checkpoint completed from now was triggered after the lock was reached.
                for (int i = 0; i < 2; i++) {
                    Optional<Path> before = newestRestorePoint(state);
                    Await.until("a checkpoint after the lock", WAIT, () -> {
                        Optional<Path> now = newestRestorePoint(state);
                        return now.isPresent() && !now.equals(before);
                    });
                }
                first.destroyForcibly(); // SIGKILL, by pid
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
                c.restOfTheLock();
                second = embedded(task, state, dir.resolve("second.log"));
                c.awaitUnionAndDdlsOnce();
                assertThat(Files.readString(dir.resolve("second.log"))).contains("resuming from");
            } finally {
                first.destroyForcibly();
                if (second != null) second.destroyForcibly();
            }
        }
    }

    /**
     * DM_098: DM-worker killed after source1.tb1's DDL only; source2.tb1 and source1.tb2 change
     * while it is down, source2.tb2 after it is back. Here the MiniCluster's TaskManager is
     * terminated after a checkpoint that holds the lock, and a new one started.
     */
    @Test
    void dm098TaskManagerLostAfterTheFirstShardsDdl(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini, @TempDir Path dir) throws Exception {
        try (Case c = new Case(pair, "pessimistic", "dm098", KeyedSubtasks.parallelism(3));
                TestJob job = TestJob.start(c.task(500), null, TestJob.retainedCheckpoints(dir))) {
            c.start();
            c.alter(c.s1tb1, "ADD COLUMN new_col1 INT");
            c.insert(c.s1tb1, 11, "11, 11"); // held
            c.insert(c.s1tb2, 13, "13"); // not held, after it in the binlog
            c.awaitRow(13);
            c.assertHeld(11);
            long completed = awaitNextCheckpoint(mini, job);
            mini.terminateTaskManager(0).get(1, TimeUnit.MINUTES);
            c.alter(c.s2tb1, "ADD COLUMN new_col1 INT");
            c.alter(c.s1tb2, "ADD COLUMN new_col1 INT");
            c.insert(c.s2tb1, 12, "12, 12");
            mini.startTaskManager();
            Await.until("a checkpoint on the new TaskManager", WAIT, () -> completedCheckpoints(mini, job) > completed);
            c.alter(c.s2tb2, "ADD COLUMN new_col1 INT");
            c.insert(c.s2tb2, 14, "14, 14");
            c.awaitUnionAndDdlsOnce();
            OscIts.assertRunsAt(mini, job, c.p, 1);
        }
    }

    /** One DM case: schema {@code <p>_shard} with tb1, tb2 on both sources, merged into {@code <p>_merged.tb}. */
    private static final class Case implements AutoCloseable {
        final UpstreamDownstream.Pair pair;
        final String mode;
        final String prefix;
        final String shardDb;
        final String target;
        final ShardFixture.Shard s1tb1;
        final ShardFixture.Shard s1tb2;
        final ShardFixture.Shard s2tb1;
        final ShardFixture.Shard s2tb2;
        final List<ShardFixture.Shard> shards;
        final int p;

        /** At keyed parallelism {@code p}; the names drawn so that the target lands off subtask 0 there. */
        Case(UpstreamDownstream.Pair pair, String mode, String name, int p) {
            this.pair = pair;
            this.mode = mode;
            this.p = p;
            String drawn;
            do {
                drawn = UpstreamDownstream.uniqueDatabase(name + "_" + mode.substring(0, 3));
            } while (p > 1 && KeyedSubtasks.of(drawn + "_merged", "tb", p) == 0);
            prefix = drawn;
            shardDb = prefix + "_shard";
            target = prefix + "_merged";
            s1tb1 = new ShardFixture.Shard(pair.upstream(), "source1", shardDb, "tb1", 0);
            s1tb2 = new ShardFixture.Shard(pair.upstream(), "source1", shardDb, "tb2", 0);
            s2tb1 = new ShardFixture.Shard(source2, "source2", shardDb, "tb1", 0);
            s2tb2 = new ShardFixture.Shard(source2, "source2", shardDb, "tb2", 0);
            shards = List.of(s1tb1, s1tb2, s2tb1, s2tb2);
            for (MariaDbServer s : List.of(pair.upstream(), source2)) s.exec("CREATE DATABASE " + shardDb);
            int id = 100;
            for (ShardFixture.Shard s : shards) {
                s.server()
                        .exec(
                                "CREATE TABLE " + name(s) + " (id INT PRIMARY KEY)",
                                "INSERT INTO " + name(s) + " VALUES (" + id++ + ")");
            }
            pair.downstream().exec("SET GLOBAL log_output = 'TABLE'", "SET GLOBAL general_log = 1");
        }

        /** The job's start, every shard's {@code col}, DM's four rows. */
        void start() {
            Await.until(
                    "the snapshot of every shard",
                    WAIT,
                    () -> MigrationFixture.count(pair.downstream(), target + ".tb") == 4);
            for (ShardFixture.Shard s : shards) alter(s, "ADD COLUMN col INT");
            awaitUnion();
            insert(s1tb1, 1, "1");
            insert(s2tb1, 2, "2");
            insert(s2tb2, 3, "3");
            insert(s1tb2, 4, "4");
        }

        /** Up to the disruption of DM_094 to DM_097: both tb1 add new_col1 and write a row after it. */
        void upToTheLock() {
            start();
            alter(s1tb1, "ADD COLUMN new_col1 INT");
            alter(s2tb1, "ADD COLUMN new_col1 INT");
            insert(s1tb1, 11, "11, 11");
            insert(s2tb1, 12, "12, 12");
            // tb2's rows come after tb1's in each binlog: once they are downstream, so are the DDLs.
            insert(s1tb2, 13, "13");
            insert(s2tb2, 14, "14");
            awaitRow(13);
            awaitRow(14);
            assertHeld(11);
            assertHeld(12);
        }

        /** While the job is down: both tb2 add new_col1 and write a row after it. */
        void restOfTheLock() {
            alter(s1tb2, "ADD COLUMN new_col1 INT");
            alter(s2tb2, "ADD COLUMN new_col1 INT");
            insert(s1tb2, 15, "15, 15");
            insert(s2tb2, 16, "16, 16");
        }

        /** Pessimistic: the row is held and the target keeps the old schema; optimistic: both are there. */
        void assertHeld(int id) {
            boolean pessimistic = mode.equals("pessimistic");
            if (!pessimistic) awaitRow(id); // optimistic: not held, though maybe not written yet
            assertThat(rows(id)).as("row " + id + " downstream").isEqualTo(pessimistic ? 0 : 1);
            assertThat(TableComparison.columnNames(pair.downstream(), target, "tb"))
                    .as("the target's columns while the lock waits")
                    .containsExactly(pessimistic ? new String[] {"id", "col"} : new String[] {"id", "col", "new_col1"});
        }

        void awaitUnionAndDdlsOnce() {
            awaitUnion();
            for (String column : List.of("col", "new_col1")) {
                assertThat(pair.downstream()
                                .query(
                                        "SELECT COUNT(*) FROM mysql.general_log WHERE command_type = 'Query' "
                                                + "AND argument LIKE 'alter%' AND argument LIKE ? AND argument REGEXP ?",
                                        "%" + target + "%", "ADD COLUMN `?" + column + "`? "))
                        .as("ADD COLUMN " + column + " ran once downstream")
                        .containsExactly(List.of("1"));
            }
        }

        void awaitUnion() {
            Await.until("the target equal to the union of the shards", WAIT, () -> {
                TableComparison.assertUnion(shards, pair.downstream(), target, "tb");
                return true;
            });
        }

        void awaitRow(int id) {
            Await.until("row " + id + " downstream", WAIT, () -> rows(id) == 1);
        }

        private long rows(int id) {
            return Long.parseLong(pair.downstream()
                    .query("SELECT COUNT(*) FROM " + target + ".tb WHERE id = " + id)
                    .get(0)
                    .get(0));
        }

        void alter(ShardFixture.Shard s, String clause) {
            s.server().exec("ALTER TABLE " + name(s) + " " + clause);
        }

        void insert(ShardFixture.Shard s, int id, String values) {
            s.server().exec("INSERT INTO " + name(s) + " VALUES (" + id + ", " + values + ")");
        }

        private static String name(ShardFixture.Shard s) {
            return s.db() + "." + s.table();
        }

        TaskConfig task(int checkpointIntervalMs) {
            return task(checkpointIntervalMs, p);
        }

        TaskConfig task(int checkpointIntervalMs, int parallelism) {
            return new TaskConfigLoader(k -> null).parse(taskYaml(checkpointIntervalMs, parallelism));
        }

        String taskYaml(int checkpointIntervalMs) {
            return taskYaml(checkpointIntervalMs, p);
        }

        /** DM's double-source task: both sources' tb* routed to {@code <p>_merged.tb}; fresh server-ids. */
        String taskYaml(int checkpointIntervalMs, int parallelism) {
            int id = SERVER_IDS.getAndAdd(2);
            return """
                    name: it-%1$s
                    task-mode: all
                    shard-mode: "%2$s"
                    checkpoint-interval-ms: %3$d
                    parallelism: %13$d
                    target-database: {host: 127.0.0.1, port: %4$d, user: %5$s, password: %6$s}
                    mysql-instances:
                      - {source-id: source1, host: 127.0.0.1, port: %7$d, user: %5$s, password: %6$s,
                         server-id: %8$d, block-allow-list: shard, route-rules: [merge]}
                      - {source-id: source2, host: 127.0.0.1, port: %9$d, user: %5$s, password: %6$s,
                         server-id: %10$d, block-allow-list: shard, route-rules: [merge]}
                    block-allow-list:
                      shard: {do-dbs: ["%11$s"]}
                    routes:
                      merge: {schema-pattern: "%11$s", table-pattern: "tb*", target-schema: "%12$s", target-table: tb}
                    """.formatted(
                            prefix,
                            mode,
                            checkpointIntervalMs,
                            pair.downstream().port(),
                            MariaDbServer.USER,
                            MariaDbServer.PASSWORD,
                            pair.upstream().port(),
                            id + 1,
                            source2.port(),
                            id + 2,
                            shardDb,
                            target,
                            parallelism);
        }

        /** Drops the case's databases, so the shared servers stay clean. */
        @Override
        public void close() {
            pair.downstream().exec("SET GLOBAL general_log = 0");
            for (MariaDbServer s : List.of(pair.upstream(), source2)) s.exec("DROP DATABASE IF EXISTS " + shardDb);
            pair.downstream().exec("DROP DATABASE IF EXISTS " + target);
        }
    }

    /** Waits for a checkpoint triggered after now to complete; returns the job's completed count then. */
    private static long awaitNextCheckpoint(MiniCluster mini, TestJob job) {
        long before = completedCheckpoints(mini, job);
        // The next one to complete may have been triggered before now: wait for the one after it.
        Await.until("a completed checkpoint", WAIT, () -> completedCheckpoints(mini, job) > before + 1);
        return completedCheckpoints(mini, job);
    }

    private static long completedCheckpoints(MiniCluster mini, TestJob job) {
        try {
            return mini.getExecutionGraph(job.id())
                    .get(10, TimeUnit.SECONDS)
                    .getCheckpointStatsSnapshot()
                    .getCounts()
                    .getNumberOfCompletedCheckpoints();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> newestRestorePoint(Path state) {
        try {
            return StateDirs.newestRestorePoint(state);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Process embedded(Path task, Path state, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = System.getProperty("osc.jobJar");
        assertThat(jar).as("osc.jobJar is set by failsafe to the packaged jar").isNotNull();
        return new ProcessBuilder(
                        java, "-Xmx1g", "-jar", jar, "--task", task.toString(), "--state-dir", state.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
