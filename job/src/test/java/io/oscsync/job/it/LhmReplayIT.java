package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.testing.AppLoad;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.LhmReplay;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.ShowCreate;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LHM's statement sequence (osc-tools/lhm.sql) with {@code online-ddl-preset: lhm}, an app
 * writing throughout (LHM's triggers carry its writes into lhmn_t): each run ends with the
 * downstream table defined and filled as upstream, each shadow DDL applied once, and none of
 * LHM's tables downstream.
 */
@ExtendWith(UpstreamDownstream.class)
class LhmReplayIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final int ROWS = 1000;
    private static final List<String> COLUMNS = List.of("id", "a", "b");

    /** The default atomic switch; the index comes as CREATE INDEX ... ON lhmn_t. */
    @Test
    void atomicSwitchWithCreateIndexAndATaskManagerFailoverBeforeIt(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        String db = MigrationFixture.seed(pair, "lhm_atomic", ROWS);
        TaskConfig task = TestJob.task(pair, db, "", "online-ddl-preset: lhm");
        OscIts.logDownstreamStatements(pair, true);
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, task, ROWS)) {
            LhmReplay lhm = new LhmReplay(pair.upstream(), db, "t", Instant.now());
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                lhm.create();
                lhm.addColumn("lhm_col", "INT(11) NOT NULL DEFAULT 3");
                lhm.ddl("ALTER TABLE lhmn_t MODIFY b VARCHAR(90) NULL");
                lhm.addIndex("index_t_on_a_and_b", "`a`, `b`(10)");
                lhm.entangle(COLUMNS);
                lhm.copyRows(COLUMNS, 250, ROWS / 2);
                // Restored from a checkpoint holding the record and an offset past the shadow's DDL.
                FlinkRest rest = FlinkRest.of(mini);
                OscIts.awaitRecorded(rest, job, 3);
                rest.awaitCheckpointAfterNow(job.id().toString(), Duration.ofMinutes(1));
                mini.terminateTaskManager(0).get();
                mini.startTaskManager();
                lhm.copyRows(COLUMNS, 250, ROWS + 2000);
                lhm.atomicSwitch(); // the app goes on writing through the rename
                lhm.untangle();
            }
            pair.upstream().exec("UPDATE " + db + ".t SET lhm_col = id WHERE id % 7 = 0");
            assertThat(pair.upstream().query("SHOW TABLES FROM " + db + " LIKE ?", lhm.archive()))
                    .as("LHM keeps the archive until Lhm.cleanup")
                    .hasSize(1);
            OscIts.assertSameTables(pair, db, "t");
            assertThat(OscIts.downstreamDdls(pair, db, "lhm_col")).hasSize(1);
            assertThat(OscIts.downstreamDdls(pair, db, "VARCHAR(90)")).hasSize(1);
            assertThat(OscIts.downstreamDdls(pair, db, "index_t_on_a_and_b")).hasSize(1);
            TableComparison.assertNoTable(pair.downstream(), db, "lhm%");
        } finally {
            OscIts.logDownstreamStatements(pair, false);
        }
    }

    /**
     * A failed run cleaned up (lhmn_t renamed to lhma_..._t_failed: its DDL discarded), then a run
     * switched by two ALTER TABLE ... RENAME under LOCK TABLES, with DROP INDEX ... ON lhmn_t,
     * then Lhm.cleanup dropping the archives.
     */
    @Test
    void lockedSwitchAfterAFailedRun(UpstreamDownstream.Pair pair) throws Exception {
        String db = MigrationFixture.seed(pair, "lhm_locked", ROWS);
        TaskConfig task = TestJob.task(pair, db, "", "online-ddl-preset: lhm");
        OscIts.logDownstreamStatements(pair, true);
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, task, ROWS)) {
            // A plain CREATE INDEX on the real table, from the binlog: replicated too.
            pair.upstream().exec("CREATE INDEX ix_b ON " + db + ".t (b)");
            Await.until("ix_b downstream", Duration.ofMinutes(1), () -> {
                ShowCreate.assertSame(pair.upstream(), pair.downstream(), db, "t");
                return true;
            });
            Instant start = Instant.now();
            LhmReplay failed = new LhmReplay(pair.upstream(), db, "t", start);
            LhmReplay lhm = new LhmReplay(pair.upstream(), db, "t", start.plusSeconds(60));
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                failed.create();
                failed.addColumn("never_col", "INT");
                failed.entangle(COLUMNS);
                failed.copyRows(COLUMNS, 250, ROWS / 2);
                failed.untangle(); // the copy failed: LHM's revert
                failed.cleanupCurrentRun(start.plusSeconds(30));

                lhm.create();
                lhm.changeColumn("b", "VARCHAR(60) DEFAULT 'lhm'");
                lhm.removeIndex("ix_b");
                lhm.addIndex("index_t_on_a", "`a`");
                lhm.entangle(COLUMNS);
                lhm.copyRows(COLUMNS, 250, ROWS + 2000);
            }
            // Between the two ALTERs t does not exist: LHM's docs accept that the app errs there.
            lhm.lockedSwitch();
            lhm.untangle();
            pair.upstream().exec("INSERT INTO " + db + ".t (id, a) VALUES (" + (ROWS + 500_000) + ", 2)");
            assertThat(pair.upstream().query("SHOW TABLES FROM " + db + " LIKE 'lhma\\_%'"))
                    .as("the failed run's table and the archive")
                    .hasSize(2);
            lhm.cleanup();
            assertThat(pair.upstream().query("SHOW TABLES FROM " + db + " LIKE 'lhm%'"))
                    .isEmpty();
            OscIts.assertSameTables(pair, db, "t");
            assertThat(OscIts.downstreamDdls(pair, db, "never_col")).isEmpty();
            assertThat(OscIts.downstreamDdls(pair, db, "DEFAULT 'lhm'")).hasSize(1);
            assertThat(OscIts.downstreamDdls(pair, db, "ix_b"))
                    .hasSize(2); // the plain CREATE INDEX, and LHM's DROP INDEX
            assertThat(OscIts.downstreamDdls(pair, db, "index_t_on_a")).hasSize(1);
            TableComparison.assertNoTable(pair.downstream(), db, "lhm%");
        } finally {
            OscIts.logDownstreamStatements(pair, false);
        }
    }
}
