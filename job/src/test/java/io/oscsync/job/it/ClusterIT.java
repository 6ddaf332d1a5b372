package io.oscsync.job.it;

import io.oscsync.job.testing.AppLoad;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.FlinkCluster;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.GhostReplay;
import io.oscsync.job.testing.KeyedSubtasks;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar on a real standalone Flink cluster (JobManager and TaskManager processes,
 * started by deploy/local/flink-cluster.sh): {@code flink run}, a gh-ost migration in flight,
 * the TaskManager killed with SIGKILL before the cut-over and a new one started, stop with a
 * savepoint, resume from it with a rebuilt jar, then the cut-over: the downstream equals the
 * upstream and the DDL ran once.
 */
@ExtendWith(UpstreamDownstream.class)
class ClusterIT {
    private static final int ROWS = 1000;
    private static final String COLUMNS = MigrationFixture.COLUMNS;

    /**
     * At P=3 (the cluster has 4 slots), resumed at P=2 from the savepoint: the upgrade rescales
     * too. The names are drawn so that t, its ghost and the binlog probe land on three subtasks.
     */
    @Test
    void flinkRunFailoverAndSavepointUpgradeFinishTheMigration(UpstreamDownstream.Pair pair, @TempDir Path dir)
            throws Exception {
        int p = KeyedSubtasks.parallelism(3);
        int resumedP = Math.max(1, p - 1);
        String db = MigrationFixture.seedDatabase(
                pair, KeyedSubtasks.spreadDatabase("cluster", p, "t", "_t_gho", "binlog_probe"), ROWS);
        Path task = Files.writeString(dir.resolve("task.yaml"), TestJob.taskYaml(pair, db, "", KeyedSubtasks.yaml(p)));
        Path resumedTask = Files.writeString(
                dir.resolve("task-resumed.yaml"), TestJob.taskYaml(pair, db, "", KeyedSubtasks.yaml(resumedP)));
        Path jar = Path.of(System.getProperty("osc.jobJar"));
        GhostReplay ghost = new GhostReplay(pair.upstream(), db, "t");
        try (FlinkCluster cluster = FlinkCluster.start(dir.resolve("flink"))) {
            String job = cluster.run(jar, task);
            Await.until(
                    "the snapshot",
                    Duration.ofMinutes(2),
                    () -> MigrationFixture.count(pair.downstream(), db + ".t") == ROWS);
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                ghost.start("ADD COLUMN cluster_col INT NOT NULL DEFAULT 7");
                ghost.copyRows(COLUMNS, 500, ROWS + 3000);
                // A checkpoint holds the ghost's record and a binlog offset past its ALTER, so the
                // failover restores the record instead of reading the ALTER again.
                FlinkRest rest = cluster.rest();
                rest.awaitMetric(
                        job, "ghostDdlsRecorded", "counts the ghost's ALTER", n -> n >= 1, Duration.ofMinutes(1));
                rest.awaitCheckpointAfterNow(job, Duration.ofMinutes(1));
                long killed = System.currentTimeMillis();
                cluster.killTaskManager();
                cluster.startTaskManager();
                Await.until(
                        "the job restarted on the new TaskManager",
                        Duration.ofMinutes(2),
                        () -> cluster.recoveredSince(job, killed));
                rest.awaitCheckpointAfterNow(job, Duration.ofMinutes(1)); // the recovered job checkpoints again
                // Record counters restart with the job: a probe row, so that t's and the probe's subtasks count.
                pair.upstream().exec("INSERT INTO " + db + ".binlog_probe VALUES (2)");
                KeyedSubtasks.assertRunsAt(rest, job, p, Math.min(p, 2));
            }
            generalLog(pair, true);
            String savepoint = cluster.stopWithSavepoint(job, dir.resolve("savepoints"));

            String resumed =
                    cluster.run(rebuilt(jar, dir.resolve("osc-sync-job-next.jar")), resumedTask, "-s", savepoint);
            ghost.syncAndCutOverAtomic(COLUMNS);
            Await.until("t equal downstream", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(pair.upstream(), db, "t", pair.downstream(), db, "t");
                return true;
            });
            generalLog(pair, false);
            assertThat(pair.downstream()
                            .query(
                                    "SELECT COUNT(*) FROM mysql.general_log WHERE command_type = 'Query' "
                                            + "AND argument LIKE ? AND argument LIKE 'alter%'",
                                    "%" + db + "%ADD COLUMN cluster_col%"))
                    .as("the DDL ran once")
                    .containsExactly(List.of("1"));
            TableComparison.assertNoTable(pair.downstream(), db, "\\_%");
            KeyedSubtasks.assertRunsAt(cluster.rest(), resumed, resumedP, 1);
            cluster.cancel(resumed);
        }
    }

    /** A new build of the same code: the jar's entries plus a marker, so it is another file with another hash. */
    private static Path rebuilt(Path jar, Path to) throws IOException {
        try (InputStream in = Files.newInputStream(jar);
                ZipInputStream zin = new ZipInputStream(in);
                OutputStream out = Files.newOutputStream(to);
                ZipOutputStream zout = new ZipOutputStream(out)) {
            for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                zout.putNextEntry(new ZipEntry(e.getName()));
                zin.transferTo(zout);
                zout.closeEntry();
            }
            zout.putNextEntry(new ZipEntry("META-INF/osc-sync-rebuilt.txt"));
            zout.write("rebuilt for the upgrade test".getBytes(StandardCharsets.UTF_8));
            zout.closeEntry();
        }
        return to;
    }

    private static void generalLog(UpstreamDownstream.Pair pair, boolean on) {
        pair.downstream().exec("SET GLOBAL log_output = 'TABLE'", "SET GLOBAL general_log = " + (on ? 1 : 0));
    }
}
