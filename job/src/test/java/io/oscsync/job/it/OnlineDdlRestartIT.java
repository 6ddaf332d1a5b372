package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.testing.AppLoad;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.GhostReplay;
import io.oscsync.job.testing.KeyedSubtasks;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.PtOsc;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart between the ghost ALTER and the cut-over: the recorded DDL lives in keyed state,
 * so after a TaskManager failover or a savepoint restart the cut-over applies it exactly once
 * (counted in the downstream's general log).
 *
 * <p>Keyed parallelism: the failover and the tables gone before a savepoint run at P=3 (names
 * drawn so that the tables and the tools' shadows spread over the subtasks); the savepoint resume
 * mid-migration stays at P=1, as RescaleIT resumes one at P=4.
 */
@ExtendWith(UpstreamDownstream.class)
class OnlineDdlRestartIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final int ROWS = 1000;
    private static final String COLUMNS = MigrationFixture.COLUMNS;

    @Test
    void taskManagerFailoverMidMigrationAppliesTheDdlOnce(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        int p = KeyedSubtasks.parallelism(3);
        // The probe that marks the binlog phase is the second busy subtask: apart from t's.
        String name;
        do name = KeyedSubtasks.spreadDatabase("restart_tm", p, "t", "_t_gho", "_t_del");
        while (p > 1 && KeyedSubtasks.of(name, "binlog_probe", p) == KeyedSubtasks.of(name, "t", p));
        String db = MigrationFixture.seedDatabase(pair, name, ROWS);
        TaskConfig task = TestJob.task(pair, db, "", KeyedSubtasks.yaml(p));
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, task, ROWS)) {
            GhostReplay ghost = new GhostReplay(pair.upstream(), db, "t");
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                ghost.start("ADD COLUMN failover_col INT");
                ghost.copyRows(COLUMNS, 250, ROWS + 1000);
                // Restored from a checkpoint that holds the record and a binlog offset past its
                // ALTER: the cut-over must find it in state, as the source does not read it again.
                FlinkRest rest = FlinkRest.of(mini);
                awaitRecorded(rest, job);
                OscIts.assertRunsAt(mini, job, p, 2);
                rest.awaitCheckpointAfterNow(job.id().toString(), Duration.ofMinutes(1));
                mini.terminateTaskManager(0).get();
                mini.startTaskManager();
            }
            countDdl(pair, true);
            ghost.syncAndCutOverAtomic(COLUMNS);
            assertReplicatedOnce(pair, db, "failover_col");
        }
    }

    @Test
    void stopWithSavepointAndResumeMidMigrationAppliesTheDdlOnce(
            UpstreamDownstream.Pair pair, @TempDir Path dir, @InjectMiniCluster MiniCluster mini) throws Exception {
        String db = MigrationFixture.seed(pair, "restart_sp", ROWS);
        TaskConfig task = TestJob.task(pair, db, "", "");
        GhostReplay ghost = new GhostReplay(pair.upstream(), db, "t");
        String savepoint;
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, task, ROWS)) {
            ghost.start("ADD COLUMN savepoint_col VARCHAR(10) DEFAULT 'sp'");
            ghost.copyRows(COLUMNS, 250, ROWS);
            awaitRecorded(FlinkRest.of(mini), job); // so the savepoint holds the record, past its ALTER
            savepoint = job.stopWithSavepoint(dir);
        }
        try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
            Thread.sleep(500); // changes while no job runs
        }
        countDdl(pair, true);
        try (TestJob resumed = TestJob.start(task, savepoint)) {
            ghost.syncAndCutOverAtomic(COLUMNS);
            assertReplicatedOnce(pair, db, "savepoint_col");
        }
    }

    /**
     * A table dropped or renamed away before a savepoint and created again after the resume: a
     * second pt-osc run (its _t_new again) and a plain DROP + CREATE of the same name. Flink CDC
     * kept such tables in the source's state, so the resumed reader took the CREATE for a table it
     * knew and dropped it.
     */
    @Test
    void tablesGoneBeforeASavepointAreCreatedAgainAfterTheResume(
            UpstreamDownstream.Pair pair, @TempDir Path dir, @InjectMiniCluster MiniCluster mini) throws Exception {
        int p = KeyedSubtasks.parallelism(3);
        String db = MigrationFixture.seedDatabase(
                pair, KeyedSubtasks.spreadDatabase("restart_pt", p, "t", "again", "_t_new"), ROWS);
        TaskConfig task = TestJob.task(pair, db, "", KeyedSubtasks.yaml(p));
        pair.upstream()
                .exec(
                        "CREATE TABLE " + db + ".again (id INT PRIMARY KEY, v VARCHAR(10))",
                        "INSERT INTO " + db + ".again VALUES (1, 'one')");
        String savepoint;
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, task, ROWS)) {
            PtOsc.run(pair.upstream(), db, "t", "ADD COLUMN first_col INT NOT NULL DEFAULT 1");
            pair.upstream().exec("DROP TABLE " + db + ".again");
            Await.until("t and again replicated", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(pair.upstream(), db, "t", pair.downstream(), db, "t");
                TableComparison.assertNoTable(pair.downstream(), db, "again");
                return true;
            });
            savepoint = job.stopWithSavepoint(dir);
        }
        try (TestJob resumed = TestJob.start(task, savepoint)) {
            pair.upstream()
                    .exec(
                            "CREATE TABLE " + db + ".again (id INT PRIMARY KEY, w INT)",
                            "INSERT INTO " + db + ".again VALUES (2, 22)");
            countDdl(pair, true);
            PtOsc.run(pair.upstream(), db, "t", "ADD COLUMN pt_col INT NOT NULL DEFAULT 3");
            Await.until("again equal downstream", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(pair.upstream(), db, "again", pair.downstream(), db, "again");
                return true;
            });
            assertReplicatedOnce(pair, db, "pt_col");
            OscIts.assertRunsAt(mini, resumed, p, 2);
        }
    }

    /** The coordinator recorded the ghost's ALTER (the counter starts at 0 in each run of the job). */
    private static void awaitRecorded(FlinkRest rest, TestJob job) {
        rest.awaitMetric(
                job.id().toString(),
                "ghostDdlsRecorded",
                "counts the ghost's ALTER",
                n -> n >= 1,
                Duration.ofMinutes(1));
    }

    /** The downstream's general log records every statement the sink sends. */
    private static void countDdl(UpstreamDownstream.Pair pair, boolean on) {
        pair.downstream().exec("SET GLOBAL log_output = 'TABLE'", "SET GLOBAL general_log = " + (on ? 1 : 0));
    }

    private static void assertReplicatedOnce(UpstreamDownstream.Pair pair, String db, String column) {
        Await.until("t equal downstream", Duration.ofMinutes(2), () -> {
            TableComparison.assertSameTable(pair.upstream(), db, "t", pair.downstream(), db, "t");
            return true;
        });
        countDdl(pair, false);
        assertThat(pair.downstream()
                        .query(
                                "SELECT COUNT(*) FROM mysql.general_log WHERE command_type = 'Query' "
                                        + "AND argument LIKE ? AND argument LIKE 'alter%'",
                                "%" + db + "%ADD COLUMN " + column + "%"))
                .containsExactly(java.util.List.of("1"));
        TableComparison.assertNoTable(pair.downstream(), db, "\\_%");
    }
}
