package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.testing.AppLoad;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.GhostReplay;
import io.oscsync.job.testing.KeyedSubtasks;
import io.oscsync.job.testing.MariaDbServer;
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

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Online schema changes through replication: gh-ost replays and real pt-osc runs while an app
 * writes. Each ends with the downstream equal to the upstream, the new
 * schema downstream, and no ghost or trash table downstream.
 *
 * <p>Keyed parallelism: the atomic and two-step gh-ost cut-overs, the default pt-osc run and both
 * tools at once run at P=3, with names drawn so that the tools' shadow tables would land on other
 * subtasks than their tables if they were keyed by their own names; the other cases (the same
 * paths with other DDL or options) stay at P=1, so the class costs what it did.
 */
@ExtendWith(UpstreamDownstream.class)
class OnlineDdlIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final int ROWS = 2000;
    private static final String COLUMNS = MigrationFixture.COLUMNS;

    @Test
    void ghostAtomicCutOverAppliesTheRecordedAlter(UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini)
            throws Exception {
        int p = KeyedSubtasks.parallelism(3);
        String db = seedSpread(pair, "gh_atomic", p, "_t_gho", "_t_del");
        try (TestJob job =
                MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", KeyedSubtasks.yaml(p)), ROWS)) {
            GhostReplay ghost = new GhostReplay(pair.upstream(), db, "t");
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                ghost.start("ADD COLUMN c3 INT NULL, ADD INDEX ix_a (a)");
                ghost.copyRows(COLUMNS, 500, ROWS + 2000);
            }
            ghost.syncAndCutOverAtomic(COLUMNS);
            pair.upstream().exec("UPDATE " + db + ".t SET c3 = id WHERE id % 5 = 0");
            assertReplicated(pair, db, "c3");
            OscIts.assertRunsAt(mini, job, p, 2);
        }
    }

    /** Issue 11: a real gh-ost migration whose new column is named with a keyword stopped the job. */
    @Test
    void ghostMigrationAddingAColumnNamedWithAKeyword(UpstreamDownstream.Pair pair) throws Exception {
        String db = MigrationFixture.seed(pair, "gh_keyword", ROWS);
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", ""), ROWS)) {
            GhostReplay ghost = new GhostReplay(pair.upstream(), db, "t");
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                ghost.start("ADD COLUMN exchange DOUBLE COMMENT 'exchange rate used for pay in your own currency'");
                ghost.copyRows(COLUMNS, 500, ROWS + 2000);
            }
            ghost.syncAndCutOverAtomic(COLUMNS);
            pair.upstream().exec("UPDATE " + db + ".t SET exchange = id / 7 WHERE id % 5 = 0");
            assertReplicated(pair, db, "exchange");
        }
    }

    @Test
    void ghostTwoStepCutOverWithTimestampedOldTable(UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini)
            throws Exception {
        int p = KeyedSubtasks.parallelism(3);
        String db = seedSpread(pair, "gh_twostep", p, "_t_gho", "_t_20260102150405_del");
        try (TestJob job =
                MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", KeyedSubtasks.yaml(p)), ROWS)) {
            GhostReplay ghost = new GhostReplay(pair.upstream(), db, "t");
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                ghost.start("CHANGE COLUMN b b2 VARCHAR(60) NOT NULL DEFAULT ''");
                ghost.copyRows(COLUMNS, "`id`, `a`, `b2`", 500, ROWS + 2000);
            }
            ghost.syncAndCutOverTwoStep(COLUMNS, "`id`, `a`, `b2`", "20260102150405");
            assertReplicated(pair, db, "b2");
            OscIts.assertRunsAt(mini, job, p, 2);
        }
    }

    @Test
    void abortedGhostRunThenANewRunAppliesOnlyTheNewAlter(UpstreamDownstream.Pair pair) throws Exception {
        String db = MigrationFixture.seed(pair, "gh_abort", ROWS);
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", ""), ROWS)) {
            GhostReplay ghost = new GhostReplay(pair.upstream(), db, "t");
            ghost.start("ADD COLUMN never INT");
            ghost.copyRows(COLUMNS, 500, ROWS);
            ghost.abort();
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                ghost.start("ADD COLUMN c4 DECIMAL(10,2) NOT NULL DEFAULT 1.50");
                ghost.copyRows(COLUMNS, 500, ROWS + 2000);
            }
            ghost.syncAndCutOverAtomic(COLUMNS);
            assertReplicated(pair, db, "c4");
            assertThat(pair.downstream().query("SHOW COLUMNS FROM " + db + ".t LIKE 'never'"))
                    .isEmpty();
        }
    }

    @Test
    void aMigrationStartedBeforeTheJobIsDerivedFromTheDefinitionsWhenAskedTo(UpstreamDownstream.Pair pair)
            throws Exception {
        String db = MigrationFixture.seed(pair, "gh_derive", ROWS);
        GhostReplay ghost = new GhostReplay(pair.upstream(), db, "t");
        ghost.start("ADD COLUMN derived_col INT NULL, MODIFY b VARCHAR(80) NOT NULL DEFAULT 'x'"); // before the job
        TaskConfig task = TestJob.task(pair, db, "", "online-ddl-derive-missing: true");
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, task, ROWS)) {
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                ghost.copyRows(COLUMNS, 500, ROWS + 2000);
            }
            ghost.syncAndCutOverAtomic(COLUMNS);
            assertReplicated(pair, db, "derived_col");
        }
    }

    @Test
    void ptOscDefaultRunWhileTheAppWrites(UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini)
            throws Exception {
        int p = KeyedSubtasks.parallelism(3);
        String db = seedSpread(pair, "ptosc", p, "_t_new", "_t_old");
        try (TestJob job =
                MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", KeyedSubtasks.yaml(p)), ROWS)) {
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                PtOsc.run(pair.upstream(), db, "t", "ADD COLUMN c2 INT NOT NULL DEFAULT 7, MODIFY b VARCHAR(80)");
            }
            assertReplicated(pair, db, "c2");
            OscIts.assertRunsAt(mini, job, p, 2);
        }
    }

    @Test
    void ptOscRetryNameAndNoDropOldTable(UpstreamDownstream.Pair pair) throws Exception {
        String db = MigrationFixture.seed(pair, "ptosc_retry", ROWS);
        // A leftover _t_new makes pt-osc pick __t_new.
        pair.upstream().exec("CREATE TABLE " + db + "._t_new (x INT)");
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", ""), ROWS)) {
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                PtOsc.run(pair.upstream(), db, "t", "ADD COLUMN c5 INT", "--no-drop-old-table");
            }
            assertReplicated(pair, db, "c5");
            assertThat(pair.upstream().query("SHOW TABLES FROM " + db + " LIKE '\\_t\\_old'"))
                    .hasSize(1);
        }
    }

    @Test
    void ptOscNoSwapTablesLeavesTheTableAsItWas(UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini)
            throws Exception {
        String db = MigrationFixture.seed(pair, "ptosc_noswap", ROWS);
        List<String> columns = TableComparison.columnNames(pair.upstream(), db, "t");
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", ""), ROWS)) {
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                PtOsc.run(
                        pair.upstream(),
                        db,
                        "t",
                        "ADD COLUMN c6 INT",
                        "--no-swap-tables",
                        "--no-drop-triggers",
                        "--drop-new-table");
            }
            // pt-osc built _t_new with c6 and left it (--drop-new-table drops it only when the copy
            // fails); t itself it did not touch.
            assertThat(TableComparison.columnNames(pair.upstream(), db, "_t_new"))
                    .contains("c6");
            assertThat(TableComparison.columnNames(pair.upstream(), db, "t")).isEqualTo(columns);
            pair.upstream().exec("INSERT INTO " + db + ".t VALUES (" + (ROWS + 900_000) + ", 1, 'after pt-osc')");
            Await.until("t equal downstream, with the row written after pt-osc", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(pair.upstream(), db, "t", pair.downstream(), db, "t");
                return true;
            });
            assertThat(TableComparison.columnNames(pair.downstream(), db, "t"))
                    .as("downstream t as it was")
                    .isEqualTo(columns);
            // The job recorded the ALTER on _t_new and holds it for a swap that may still come.
            FlinkRest rest = FlinkRest.of(mini);
            String id = job.id().toString();
            rest.awaitMetric(id, "ghostDdlsRecorded", "counts the ALTER on _t_new", n -> n == 1, Duration.ofMinutes(1));
            assertThat(rest.metric(id, "ghostMigrationsInFlight"))
                    .as("the migration in flight")
                    .isEqualTo(1);
            assertThat(rest.metric(id, "ghostDdlsAppliedAtCutOver"))
                    .as("nothing applied")
                    .isZero();
            TableComparison.assertNoTable(pair.downstream(), db, "\\_%");
        }
    }

    @Test
    void bothToolsOnDifferentTablesAtOnceWithARoutedTable(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        int p = KeyedSubtasks.parallelism(3);
        String db = MigrationFixture.seedDatabase(pair, bothToolsDatabase(p), ROWS);
        MariaDbServer up = pair.upstream();
        up.exec(
                "CREATE TABLE " + db + ".u (id INT PRIMARY KEY, a INT, b VARCHAR(40))",
                "INSERT INTO " + db + ".u SELECT * FROM " + db + ".t");
        String routes = """
                routes:
                  u-renamed:
                    schema-pattern: "%s"
                    table-pattern: "u"
                    target-schema: "%s"
                    target-table: "u_routed"
                """.formatted(db, db);
        try (TestJob job =
                TestJob.start(TestJob.task(pair, db, "route-rules: [u-renamed]", routes + KeyedSubtasks.yaml(p)))) {
            Await.until(
                    "the snapshot",
                    Duration.ofMinutes(2),
                    () -> MigrationFixture.count(pair.downstream(), db + ".u_routed") == ROWS);
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            GhostReplay ghost = new GhostReplay(up, db, "t");
            try (AppLoad onT = new AppLoad(up, db, "t", ROWS + 1);
                    AppLoad onU = new AppLoad(up, db, "u", ROWS + 1)) {
                ghost.start("ADD COLUMN gh_col INT");
                ghost.copyRows(COLUMNS, 500, ROWS + 1000);
                PtOsc.run(up, db, "u", "ADD COLUMN pt_col INT NOT NULL DEFAULT 3, MODIFY a BIGINT");
            }
            ghost.syncAndCutOverAtomic(COLUMNS);
            assertReplicated(pair, db, "gh_col");
            Await.until("u equal to its routed table", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(up, db, "u", pair.downstream(), db, "u_routed");
                return true;
            });
            assertThat(pair.downstream().query("SHOW COLUMNS FROM " + db + ".u_routed LIKE 'pt_col'"))
                    .hasSize(1);
            assertThat(pair.downstream().query("SHOW TABLES FROM " + db + " LIKE 'u'"))
                    .isEmpty();
            OscIts.assertRunsAt(mini, job, p, 2);
        }
    }

    /**
     * A database for t whose t, binlog_probe and the tool's {@code shadows} land at {@code p} on
     * subtasks other than t's where they can: the shadow's DDL reaches t's lifecycle only because
     * it is keyed by its origin's target, which one subtask would not show.
     */
    private static String seedSpread(UpstreamDownstream.Pair pair, String prefix, int p, String... shadows) {
        for (int i = 0; i < 10_000; i++) {
            String db = UpstreamDownstream.uniqueDatabase(prefix);
            int t = KeyedSubtasks.of(db, "t", p);
            boolean apart = p == 1 || KeyedSubtasks.of(db, "binlog_probe", p) != t;
            for (String shadow : shadows) apart &= p == 1 || KeyedSubtasks.of(db, shadow, p) != t;
            if (apart) return MigrationFixture.seedDatabase(pair, db, ROWS);
        }
        throw new IllegalStateException("no database name spreads t and its shadows at " + p);
    }

    /** t and u_routed on their own subtasks; each tool's shadow on another than its table's. */
    private static String bothToolsDatabase(int p) {
        for (int i = 0; i < 10_000; i++) {
            String db = UpstreamDownstream.uniqueDatabase("both_tools");
            int t = KeyedSubtasks.of(db, "t", p);
            int u = KeyedSubtasks.of(db, "u_routed", p);
            if (p == 1
                    || (t != u && KeyedSubtasks.of(db, "_t_gho", p) != t && KeyedSubtasks.of(db, "_u_new", p) != u)) {
                return db;
            }
        }
        throw new IllegalStateException("no database name spreads t and u_routed at " + p);
    }

    /** Equal rows and schema, the new column there, no ghost or trash table downstream. */
    private static void assertReplicated(UpstreamDownstream.Pair pair, String db, String newColumn) {
        Await.until("t equal downstream", Duration.ofMinutes(2), () -> {
            TableComparison.assertSameTable(pair.upstream(), db, "t", pair.downstream(), db, "t");
            return true;
        });
        assertThat(pair.downstream().query("SHOW COLUMNS FROM " + db + ".t LIKE '" + newColumn + "'"))
                .hasSize(1);
        TableComparison.assertNoTable(pair.downstream(), db, "\\_%");
    }
}
