package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.checkpoint.CheckpointStatsCounts;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task whose block-allow list matches no table yet (a new service) starts, waits, and
 * replicates the tables created later: CREATE TABLE, rows, ALTER, more rows; as DM does.
 * It survives a failover before any table exists, and a savepoint taken then resumes with
 * tables present without a snapshot and without losing what changed while it was stopped.
 */
@ExtendWith(UpstreamDownstream.class)
class EmptyStartIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    @Test
    void emptyDatabaseInModeAllReplicatesTablesCreatedLaterAcrossAFailoverAndASavepoint(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini, @TempDir Path dir) throws Exception {
        MariaDbServer up = pair.upstream();
        String db = UpstreamDownstream.uniqueDatabase("empty_all");
        up.exec("CREATE DATABASE " + db);
        TaskConfig task = task(pair, db, "all");
        String savepoint;
        try (TestJob job = TestJob.start(task)) {
            awaitCheckpoints(mini, job, 1);
            // A failover before any table exists restores the source from a checkpoint of no table.
            mini.terminateTaskManager(0).get();
            mini.startTaskManager();
            Await.until(
                    "a restore from a checkpoint",
                    Duration.ofMinutes(1),
                    () -> counts(mini, job).getNumberOfRestoredCheckpoints() >= 1);
            long restored = counts(mini, job).getNumberOfCompletedCheckpoints();
            awaitCheckpoints(mini, job, restored + 1);

            createAndLoad(up, db);
            awaitSame(pair, db, "t");
            awaitSame(pair, db, "quiet");
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
            savepoint = job.stopWithSavepoint(dir);
        }

        // While no job runs: an ALTER and rows on t, a new table with rows; and a row of `quiet`
        // changed downstream only, which a snapshot on resume would overwrite.
        up.exec(
                "ALTER TABLE " + db + ".t ADD COLUMN d DATE NULL AFTER a",
                "INSERT INTO " + db + ".t (id, a, d, b, c) VALUES (300, 3, '2024-02-29', 'while stopped', 9)",
                "DELETE FROM " + db + ".t WHERE id = 2",
                "CREATE TABLE " + db + ".t2 (k VARCHAR(10) PRIMARY KEY, v INT NOT NULL DEFAULT 4)",
                "INSERT INTO " + db + ".t2 VALUES ('x', 1), ('y', 2)");
        pair.downstream().exec("UPDATE " + db + ".quiet SET v = 'changed downstream' WHERE id = 1");

        try (TestJob resumed = TestJob.start(task, savepoint)) {
            up.exec(
                    "INSERT INTO " + db + ".t (id, a, b) VALUES (301, 4, 'after resume')",
                    "INSERT INTO " + db + ".t2 (k) VALUES ('z')");
            awaitSame(pair, db, "t");
            awaitSame(pair, db, "t2");
            assertThat(pair.downstream().query("SELECT v FROM " + db + ".quiet WHERE id = 1"))
                    .as("the resumed job read the binlog on, it did not copy the tables again")
                    .containsExactly(List.of("changed downstream"));
            assertThat(resumed.status()).isEqualTo(JobStatus.RUNNING);
        }
    }

    @Test
    void emptyDatabaseInModeIncrementalReplicatesTablesCreatedLater(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("empty_incr");
        pair.upstream().exec("CREATE DATABASE " + db);
        try (TestJob job = TestJob.start(task(pair, db, "incremental"))) {
            awaitCheckpoints(mini, job, 1);
            createAndLoad(pair.upstream(), db);
            awaitSame(pair, db, "t");
            awaitSame(pair, db, "quiet");
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(failureOtherThanALostTaskManager(mini, job))
                    .as("the job never failed")
                    .isNull();
        }
    }

    @Test
    void databaseThatDoesNotExistYetIsReplicatedOnceCreated(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("not_yet");
        try (TestJob job = TestJob.start(task(pair, db, "all"))) {
            awaitCheckpoints(mini, job, 1);
            pair.upstream().exec("CREATE DATABASE " + db);
            createAndLoad(pair.upstream(), db);
            awaitSame(pair, db, "t");
            awaitSame(pair, db, "quiet");
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(failureOtherThanALostTaskManager(mini, job))
                    .as("the job never failed")
                    .isNull();
        }
    }

    /** CREATE TABLE and rows, an ALTER, more rows, updates and deletes; and a second table. */
    /**
     * The job's failure, unless it only lost the TaskManager the previous test replaced (the
     * MiniCluster may deploy on it while it shuts down): that one is the test bed's, not the job's.
     */
    private static String failureOtherThanALostTaskManager(MiniCluster mini, TestJob job) throws Exception {
        var failure = graph(mini, job).getFailureInfo();
        if (failure == null) return null;
        String text = failure.getExceptionAsString();
        return text.contains("The TaskExecutor is shutting down") || text.contains("Disconnect from JobManager")
                ? null
                : text;
    }

    private static void createAndLoad(MariaDbServer up, String db) {
        up.exec(
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, a INT NOT NULL, b VARCHAR(20) DEFAULT 'b')",
                "INSERT INTO " + db + ".t VALUES (1, 1, 'one'), (2, 2, 'two'), (3, 3, NULL)",
                "CREATE TABLE " + db + ".quiet (id INT PRIMARY KEY, v VARCHAR(30))",
                "INSERT INTO " + db + ".quiet VALUES (1, 'as upstream'), (2, 'as upstream')",
                "ALTER TABLE " + db + ".t ADD COLUMN c BIGINT UNSIGNED NOT NULL DEFAULT 7, MODIFY b VARCHAR(40)",
                "INSERT INTO " + db + ".t VALUES (4, 4, 'four', 18446744073709551615), (5, 5, 'five', 5)",
                "UPDATE " + db + ".t SET b = 'updated', c = c + 1 WHERE id IN (1, 5)",
                "DELETE FROM " + db + ".t WHERE id = 3");
    }

    private static TaskConfig task(UpstreamDownstream.Pair pair, String db, String mode) {
        return new TaskConfigLoader(k -> null)
                .parse(TestJob.taskYaml(pair, db, "", "").replace("task-mode: all", "task-mode: " + mode));
    }

    private static void awaitSame(UpstreamDownstream.Pair pair, String db, String table) {
        TableComparison.awaitSame(pair, db, Duration.ofMinutes(2), table);
    }

    /** A completed checkpoint: every task runs, the source took its binlog split and has a state. */
    private static void awaitCheckpoints(MiniCluster mini, TestJob job, long completed) {
        Await.until(
                completed + " completed checkpoint(s)",
                Duration.ofMinutes(1),
                () -> counts(mini, job).getNumberOfCompletedCheckpoints() >= completed);
    }

    private static CheckpointStatsCounts counts(MiniCluster mini, TestJob job) {
        return graph(mini, job).getCheckpointStatsSnapshot().getCounts();
    }

    private static AccessExecutionGraph graph(MiniCluster mini, TestJob job) {
        try {
            return mini.getExecutionGraph(job.id()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
