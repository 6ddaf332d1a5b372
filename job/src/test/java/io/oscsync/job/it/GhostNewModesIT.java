package io.oscsync.job.it;

import io.oscsync.job.testing.AppLoad;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.GhostReplay;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * gh-ost's newer modes (v1.1.8 .. v1.1.10 and master), replayed from the statement fixtures in
 * osc-tools/ while an app writes; see docs/tools/gh-ost-new.md.
 */
@ExtendWith(UpstreamDownstream.class)
class GhostNewModesIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final int ROWS = 2000;
    private static final String COLUMNS = MigrationFixture.COLUMNS;
    private static final String CHECKPOINT = "gh-ost-checkpoint";
    private static final String REVERT = "gh-ost-revert";

    /** --checkpoint, killed and --resume'd, ANALYZE before the cut-over: `_t_ghk` and its rows never go downstream. */
    @Test
    void checkpointTableAndItsRowsNeverReachTheDownstream(UpstreamDownstream.Pair pair) throws Exception {
        String db = MigrationFixture.seed(pair, "gh_ckpt", ROWS);
        MariaDbServer up = pair.upstream();
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", ""), ROWS)) {
            GhostReplay ghost = new GhostReplay(up, db, "t");
            try (AppLoad app = new AppLoad(up, db, "t", ROWS + 1)) {
                ghost.run(CHECKPOINT, "start");
                ghost.copyRows(COLUMNS, COLUMNS, 500, 0, 999);
                ghost.run(CHECKPOINT, "checkpoint");
                ghost.run(CHECKPOINT, "resume"); // a new gh-ost process, --resume
                ghost.copyRows(COLUMNS, COLUMNS, 500, 1000, ROWS + 2000);
                ghost.run(CHECKPOINT, "checkpoint");
                ghost.run("gh-ost-analyze", "analyze");
            }
            ghost.applyChangesOnto(ghost.ghost(), COLUMNS);
            ghost.run(CHECKPOINT, "cut-over");
            ghost.run(CHECKPOINT, "after-cut-over");
            up.exec("UPDATE " + db + ".t SET c3 = id WHERE id % 7 = 0");
            assertThat(MigrationFixture.count(up, db + "._t_ghk"))
                    .as("checkpoints upstream")
                    .isEqualTo(3);
            assertConverged(pair, db, job);
            assertThat(TableComparison.columnNames(pair.downstream(), db, "t")).contains("c3");
        }
    }

    /**
     * --attempt-instant-ddl: the real table's ALTER ..., ALGORITHM=INSTANT runs downstream without
     * its ALGORITHM, on a downstream that cannot do the change instantly.
     */
    @Test
    void instantDdlRunsDownstreamWithoutItsAlgorithm(UpstreamDownstream.Pair pair) throws Exception {
        String db = MigrationFixture.seed(pair, "gh_instant", ROWS);
        MariaDbServer up = pair.upstream();
        MariaDbServer down = pair.downstream();
        String allowed = down.query("SELECT @@GLOBAL.innodb_instant_alter_column_allowed")
                .get(0)
                .get(0);
        down.exec("SET GLOBAL innodb_instant_alter_column_allowed = 'never'"); // as TiDB for some changes
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", ""), ROWS)) {
            assertThatThrownBy(() -> down.exec("ALTER TABLE " + db + ".t ADD COLUMN probe INT NULL, ALGORITHM=INSTANT"))
                    .as("the downstream refuses the upstream's statement as it is")
                    .hasMessageContaining("ALGORITHM=INSTANT is not supported");
            GhostReplay ghost = new GhostReplay(up, db, "t");
            try (AppLoad app = new AppLoad(up, db, "t", ROWS + 1)) {
                ghost.run("gh-ost-instant", "start");
                ghost.run("gh-ost-instant", "instant");
                ghost.run("gh-ost-instant", "cleanup");
            }
            up.exec("UPDATE " + db + ".t SET c3 = id WHERE id % 7 = 0");
            assertConverged(pair, db, job);
            assertThat(TableComparison.columnNames(down, db, "t")).contains("c3");
            assertThat(up.query("SHOW TABLES FROM " + db + " LIKE '\\_t\\_gho'"))
                    .as("gh-ost leaves its ghost after an instant DDL")
                    .hasSize(1);
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        } finally {
            down.exec("SET GLOBAL innodb_instant_alter_column_allowed = '" + allowed + "'");
        }
    }

    /**
     * --revert after a --checkpoint migration that kept `_t_del`: the downstream table goes back
     * to the definition it had before the migration, with every row.
     */
    @Test
    void revertRestoresThePreMigrationDefinitionDownstream(UpstreamDownstream.Pair pair) throws Exception {
        String db = MigrationFixture.seed(pair, "gh_revert", ROWS);
        MariaDbServer up = pair.upstream();
        String before = TableComparison.definition(up, db, "t");
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", ""), ROWS)) {
            GhostReplay ghost = new GhostReplay(up, db, "t");
            try (AppLoad app = new AppLoad(up, db, "t", ROWS + 1)) {
                ghost.run(CHECKPOINT, "start");
                ghost.copyRows(COLUMNS, 500, ROWS + 2000);
                ghost.run(CHECKPOINT, "checkpoint");
            }
            ghost.applyChangesOnto(ghost.ghost(), COLUMNS);
            ghost.run(CHECKPOINT, "cut-over");
            ghost.run(CHECKPOINT, "after-cut-over");
            assertConverged(pair, db, job);
            assertThat(TableComparison.columnNames(pair.downstream(), db, "t")).contains("c3");

            try (AppLoad app = new AppLoad(up, db, "t", ROWS + 100_000)) {
                up.exec("UPDATE " + db + ".t SET c3 = id WHERE id % 7 = 0");
                ghost.run(REVERT, "start");
            }
            ghost.applyChangesOnto("_t_del", COLUMNS); // the binlog since the cut-over, onto the old table
            ghost.run(REVERT, "cut-over");
            ghost.run(REVERT, "cleanup");
            up.exec("INSERT INTO " + db + ".t (id, a, b) VALUES (" + (ROWS + 900_000) + ", 1, 'after revert')");
            assertThat(TableComparison.definition(up, db, "t"))
                    .as("upstream, reverted")
                    .isEqualTo(before);
            assertConverged(pair, db, job);
        }
    }

    /** --force-table-names=foo: the ghost `_foo_gho` becomes t; the job stops naming the option, t untouched. */
    @Test
    void forceTableNamesStopsTheJobNamingTheOption(UpstreamDownstream.Pair pair) throws Exception {
        String db = MigrationFixture.seed(pair, "gh_force", ROWS);
        MariaDbServer up = pair.upstream();
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", ""), ROWS)) {
            String before = TableComparison.definition(pair.downstream(), db, "t");
            GhostReplay ghost = new GhostReplay(up, db, "t");
            ghost.run("gh-ost-force-table-names", "start");
            up.exec("insert into " + db + "._foo_gho (" + COLUMNS + ") select " + COLUMNS + " from " + db + ".t");
            ghost.run("gh-ost-force-table-names", "cut-over");
            assertThat(job.awaitFailure())
                    .contains("_foo_gho")
                    .contains("belongs to table `foo`, not `t`")
                    .contains("--force-table-names")
                    .contains("by hand");
            assertThat(TableComparison.definition(pair.downstream(), db, "t"))
                    .as("nothing applied to t downstream")
                    .isEqualTo(before);
            TableComparison.assertNoTable(pair.downstream(), db, "\\_%");
        }
    }

    /** A 60-character table name: gh-ost cuts it in its own names; the job stops rather than guess. */
    @Test
    void aNameGhOstShortenedStopsTheJob(UpstreamDownstream.Pair pair) throws Exception {
        String db = MigrationFixture.seed(pair, "gh_long", ROWS);
        String table = "order_line_item_price_adjustments_archived_by_region_and_day";
        MariaDbServer up = pair.upstream();
        GhostReplay ghost = new GhostReplay(up, db, table);
        ghost.run("gh-ost-long-names", "create");
        up.exec("INSERT INTO " + db + "." + table + " SELECT * FROM " + db + ".t");
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", ""), ROWS)) {
            Await.until(
                    "the long table's snapshot",
                    Duration.ofMinutes(2),
                    () -> MigrationFixture.count(pair.downstream(), db + "." + table) == ROWS);
            String before = TableComparison.definition(pair.downstream(), db, table);
            ghost.run("gh-ost-long-names", "start");
            ghost.run("gh-ost-long-names", "cut-over");
            assertThat(job.awaitFailure()).contains("longer than 64 characters");
            assertThat(TableComparison.definition(pair.downstream(), db, table))
                    .as("nothing applied downstream")
                    .isEqualTo(before);
        }
    }

    /** t equal downstream (SHOW CREATE TABLE up to AUTO_INCREMENT, every row); no ghost, trash or _ghk table there. */
    private static void assertConverged(UpstreamDownstream.Pair pair, String db, TestJob job) throws Exception {
        Await.until(
                "t equal downstream, or the job stopped", Duration.ofMinutes(2), () -> stopped(job) || same(pair, db));
        if (stopped(job)) throw new AssertionError("the job stopped: " + job.awaitFailure());
        TableComparison.assertSameDefinitionAndRows(pair.upstream(), pair.downstream(), db, "t");
        TableComparison.assertNoTable(pair.downstream(), db, "\\_%");
    }

    private static boolean same(UpstreamDownstream.Pair pair, String db) {
        try {
            TableComparison.assertSameDefinitionAndRows(pair.upstream(), pair.downstream(), db, "t");
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    private static boolean stopped(TestJob job) {
        try {
            return job.status().isGloballyTerminalState();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
