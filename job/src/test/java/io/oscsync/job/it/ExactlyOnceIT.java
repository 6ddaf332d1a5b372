package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.sink.committer.CommitFaults;
import io.oscsync.job.testing.KeyedSubtasks;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.RandomLoad;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exactly-once sink under failures, in the spirit of Paimon's CDC sink tests: a seeded
 * random load (keyed, second-unique-key and keyless tables, DDLs among the rows) while the job
 * checkpoints every 500 ms and fails again and again: crashes injected after a DDL and before
 * its progress row, before and after a step's commit, and TaskManagers killed at random
 * moments. Afterwards every table downstream equals its upstream, row counts included.
 */
@ExtendWith(UpstreamDownstream.class)
class ExactlyOnceIT {
    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceIT.class);

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    @AfterEach
    void clearFaults() {
        CommitFaults.clear();
    }

    /**
     * At P=1 and at P=3 (the one IT run at both: exactly-once is the guarantee every other rests
     * on). At 3 the three tables land on three subtasks, so three committers crash and restore
     * at once, each with its own tables' progress.
     */
    @ParameterizedTest(name = "P={0}")
    @ValueSource(ints = {1, 3})
    void randomLoadWithFailoversEndsEqual(
            int chosenP, UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        int p = KeyedSubtasks.parallelism(chosenP);
        long seed = Long.getLong("osc.it.seed", System.nanoTime());
        LOG.info("exactly-once IT seed {} at P={} (rerun with -Dosc.it.seed={})", seed, p, seed);
        Random random = new Random(seed);
        String db = KeyedSubtasks.spreadDatabase("eo", p, RandomLoad.TABLES.toArray(String[]::new));
        RandomLoad.create(pair.upstream(), db, 200);

        AtomicInteger afterDdl = new AtomicInteger();
        AtomicInteger beforeCommit = new AtomicInteger();
        AtomicInteger afterCommit = new AtomicInteger();
        AtomicInteger commits = new AtomicInteger();
        int crashEvery = 15 + random.nextInt(20);
        CommitFaults.install((point, table) -> {
            if (!table.schema().equals(db)) return;
            switch (point) {
                case AFTER_DDL -> {
                    // Every DDL crashes once here and runs again after the restart.
                    if (afterDdl.incrementAndGet() % 2 == 1) crash("after a DDL, before its progress row");
                }
                case BEFORE_COMMIT -> {
                    if (commits.incrementAndGet() % crashEvery == 0 && beforeCommit.incrementAndGet() <= 2) {
                        crash("before a step's commit");
                    }
                }
                case AFTER_COMMIT -> {
                    if (commits.get() % crashEvery == crashEvery / 2 && afterCommit.incrementAndGet() <= 2) {
                        crash("after a step's commit");
                    }
                }
            }
        });

        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 100);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        TaskConfig task = TestJob.task(pair, db, "", KeyedSubtasks.yaml(p));
        List<String> ddls = List.of(
                "ALTER TABLE keyed ADD COLUMN extra INT DEFAULT 7",
                "ALTER TABLE keyless ADD COLUMN c VARCHAR(10) DEFAULT 'c', ADD COLUMN d INT",
                "ALTER TABLE uniq MODIFY v VARCHAR(40)",
                "ALTER TABLE keyed DROP COLUMN extra");
        int killed = 0;
        try (TestJob job = TestJob.start(task, null, restarts)) {
            RandomLoad.awaitEqual(pair, db, Duration.ofMinutes(2)); // the snapshot
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            try (RandomLoad load = new RandomLoad(pair.upstream(), db, seed, ddls, 1500)) {
                long end = System.nanoTime() + Duration.ofSeconds(35).toNanos();
                while (System.nanoTime() < end) {
                    Thread.sleep(4000 + random.nextInt(5000));
                    mini.terminateTaskManager(0).get();
                    mini.startTaskManager();
                    killed++;
                }
                LOG.info("random load: {} changes, {} DDLs", load.operations(), load.ddlsRun());
                assertThat(load.ddlsRun()).as("every DDL ran upstream").isEqualTo(ddls.size());
            }
            RandomLoad.awaitEqual(pair, db, Duration.ofMinutes(3));
            // A row on each table after the failures: the last attempt's record counters see every table.
            pair.upstream()
                    .exec(
                            "INSERT INTO `" + db + "`.keyed (id, v, n) VALUES (-1, 'last', 1)",
                            "INSERT INTO `" + db + "`.uniq (id, u, v) VALUES (-1, -1, 'last')",
                            "INSERT INTO `" + db + "`.keyless (a, b) VALUES (-1, 'last')");
            RandomLoad.awaitEqual(pair, db, Duration.ofMinutes(1));
            OscIts.assertRunsAt(mini, job, p, RandomLoad.TABLES.size());
        }
        LOG.info(
                "failures: {} TaskManagers killed, crashes injected after DDL {}, before commit {}, after commit {}",
                killed,
                afterDdl.get(),
                beforeCommit.get(),
                afterCommit.get());
        assertThat(afterDdl.get())
                .as("a crash between a DDL and its progress row was injected")
                .isGreaterThan(0);
        assertThat(beforeCommit.get() + afterCommit.get())
                .as("commit crashes were injected")
                .isGreaterThan(0);
        assertThat(pair.downstream()
                        .query(
                                "SELECT target_table FROM dm_meta.osc_sync_progress WHERE task = ? "
                                        + "AND target_schema = ?",
                                task.name(),
                                db))
                .flatMap(r -> r)
                .as("progress is kept per table")
                .containsAll(RandomLoad.TABLES);
    }

    private static void crash(String where) {
        throw new IllegalStateException("injected crash " + where);
    }
}
