package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.testing.AppLoad;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.PtOsc;
import io.oscsync.job.testing.PtOscReplay;
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
 * pt-online-schema-change's options of 3.6 and 3.7 (docs/tools/pt-osc-new.md): the real 3.2.1
 * where it has the option, a replay of the newer statements where it has not. Each ends with the
 * downstream table as the upstream one (definition and rows), the DDL applied once, and no
 * ghost, trash or history table downstream.
 */
@ExtendWith(UpstreamDownstream.class)
class PtOscNewOptionsIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final int ROWS = 1000;

    /**
     * --history with a task that allows everything: percona.pt_osc_history (created, one row
     * inserted and updated per chunk) is a tool table and never written downstream. Its own
     * servers, as "everything" would otherwise take in every other test's databases.
     */
    @Test
    void historyTableIsNotReplicatedWhenTheTaskAllowsEverything() throws Exception {
        try (MariaDbServer up = MariaDbServer.start("history-up", UpstreamDownstream.UPSTREAM_ARGS);
                MariaDbServer down = MariaDbServer.start("history-down", UpstreamDownstream.DOWNSTREAM_ARGS)) {
            UpstreamDownstream.Pair pair = new UpstreamDownstream.Pair(up, down);
            String db = MigrationFixture.seed(pair, "pt_history", ROWS);
            TaskConfig task = new TaskConfigLoader(k -> null)
                    .parse(TestJob.taskYaml(pair, db, "", "")
                            .replace("    block-allow-list: only-test-db\n", "")
                            .replace("block-allow-list:\n  only-test-db:\n    do-dbs: [\"" + db + "\"]\n", ""));
            assertThat(task.blockAllowList()).isNullOrEmpty();
            try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, task, ROWS)) {
                countDdl(pair, true);
                String alter = "ADD COLUMN hist_col INT NOT NULL DEFAULT 4";
                try (AppLoad app = new AppLoad(up, db, "t", ROWS + 1)) {
                    PtOscReplay pt = new PtOscReplay(up, db, "t");
                    pt.history("percona", "pt_osc_history", alter);
                    pt.createAlterAndTriggers(alter);
                    pt.copy(250, maxId(up, db), null);
                    pt.copied();
                    pt.swap("_t_old");
                }
                assertReplicatedOnce(pair, db, "hist_col");
                assertThat(up.query("SELECT done FROM percona.pt_osc_history")).containsExactly(List.of("yes"));
                assertThat(down.query("SHOW DATABASES LIKE 'percona'"))
                        .as("no history downstream")
                        .isEmpty();
            }
        }
    }

    /**
     * --resume: the first run (--history --no-drop-new-table --no-drop-triggers) created _t_new,
     * altered it and copied half, then died; the TaskManager fails over after a checkpoint; the
     * resumed run creates nothing and alters nothing, copies the rest and swaps. The ALTER
     * recorded in the first run is applied once.
     */
    @Test
    void resumedRunAfterATaskManagerFailoverAppliesTheFirstRunsAlterOnce(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        MariaDbServer up = pair.upstream();
        String db = MigrationFixture.seed(pair, "pt_resume", ROWS);
        TaskConfig task = TestJob.task(pair, db, "", "");
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, task, ROWS)) {
            String alter = "ADD COLUMN resume_col INT NOT NULL DEFAULT 5, ADD INDEX ix_resume (a)";
            try (AppLoad app = new AppLoad(up, db, "t", ROWS + 1)) {
                PtOscReplay first = new PtOscReplay(up, db, "t");
                int jobId = first.history("percona", "pt_osc_history", alter);
                first.createAlterAndTriggers(alter);
                first.copy(250, ROWS / 2, null); // then killed: _t_new and its triggers stay
                FlinkRest rest = FlinkRest.of(mini);
                rest.awaitMetric(
                        job.id().toString(),
                        "ghostDdlsRecorded",
                        "counts the ALTER on _t_new",
                        n -> n >= 1,
                        Duration.ofMinutes(1));
                rest.awaitCheckpointAfterNow(job.id().toString(), Duration.ofMinutes(1));
                mini.terminateTaskManager(0).get();
                mini.startTaskManager();
                countDdl(pair, true);
                PtOscReplay resumed = PtOscReplay.resume(up, "`percona`.`pt_osc_history`", jobId);
                resumed.copy(250, maxId(up, db), null);
                resumed.swap("_t_old");
            } finally {
                up.exec("DROP DATABASE IF EXISTS percona"); // the shared server's other tasks allow everything
            }
            assertReplicatedOnce(pair, db, "resume_col");
        }
    }

    /**
     * --new-table-name=%T_tmp (real pt-osc 3.2.1): no leading '_', so the default rules take t_tmp
     * for a real table; the task names it with shadow-table-rules (and pt-osc's old table with
     * trash-table-rules, as the two go together).
     */
    @Test
    void newTableNameWithoutUnderscoreFollowsTheTasksShadowRules(UpstreamDownstream.Pair pair) throws Exception {
        String db = MigrationFixture.seed(pair, "pt_newname", ROWS);
        String rules = """
                shadow-table-rules: ["^(.+)_tmp$"]
                trash-table-rules: ["^_+([^_].*)_old$"]
                """;
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", rules), ROWS)) {
            countDdl(pair, true);
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                PtOsc.run(
                        pair.upstream(),
                        db,
                        "t",
                        "ADD COLUMN tmp_col INT NOT NULL DEFAULT 6",
                        "--new-table-name=%T_tmp",
                        "--no-drop-old-table");
            }
            assertReplicatedOnce(pair, db, "tmp_col");
            TableComparison.assertNoTable(pair.downstream(), db, "t\\_tmp");
            assertThat(pair.upstream().query("SHOW TABLES FROM " + db + " LIKE '\\_t\\_old'"))
                    .hasSize(1);
        }
    }

    /**
     * The old-table name when _t_old .. _________t_old (nine) are taken: real pt-osc 3.2.1 puts a
     * random [A-Z0-9]{6}_ in front (swap_tables, unchanged through 3.7); RENAME t TO that, _t_new
     * TO t is a normal cut-over.
     */
    @Test
    void randomPrefixedOldTableNameIsANormalCutOver(UpstreamDownstream.Pair pair) throws Exception {
        MariaDbServer up = pair.upstream();
        String db = MigrationFixture.seed(pair, "pt_oldname", ROWS);
        for (int n = 1; n <= 9; n++) up.exec("CREATE TABLE " + db + ".`" + "_".repeat(n) + "t_old` (x INT)");
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", ""), ROWS)) {
            countDdl(pair, true);
            try (AppLoad app = new AppLoad(up, db, "t", ROWS + 1)) {
                PtOsc.run(up, db, "t", "ADD COLUMN old_col INT NOT NULL DEFAULT 8", "--no-drop-old-table");
            }
            assertReplicatedOnce(pair, db, "old_col");
            assertThat(up.query(
                            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                                    + "AND TABLE_NAME REGEXP '^[A-Z0-9]{6}_{10}t_old$'",
                            db))
                    .as("pt-osc's old table with a random prefix")
                    .hasSize(1);
            TableComparison.assertNoTable(pair.downstream(), db, "%t\\_old");
        }
    }

    /**
     * --where with --no-swap-tables --no-drop-new-table (3.6+): a partial copy in _t_new stays
     * upstream; t is not swapped, so the downstream t keeps its definition and follows t's rows.
     */
    @Test
    void partialCopyLeftByWhereAndNoSwapNeverReachesTheDownstream(UpstreamDownstream.Pair pair) throws Exception {
        MariaDbServer up = pair.upstream();
        String db = MigrationFixture.seed(pair, "pt_where", ROWS);
        String before = definition(up, db, "t");
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", ""), ROWS)) {
            countDdl(pair, true);
            try (AppLoad app = new AppLoad(up, db, "t", ROWS + 1)) {
                PtOscReplay pt = new PtOscReplay(up, db, "t");
                pt.createAlterAndTriggers("ADD COLUMN where_col INT NOT NULL DEFAULT 9");
                pt.copy(250, maxId(up, db), "id % 2 = 0");
                pt.copied();
                pt.noSwap();
            }
            long copied = MigrationFixture.count(up, db + "._t_new");
            assertThat(copied).as("a partial copy upstream").isBetween(1L, MigrationFixture.count(up, db + ".t") - 1);
            up.exec("INSERT INTO " + db + ".t VALUES (" + (ROWS + 900_000) + ", 1, 'after pt-osc')");
            Await.until("t equal downstream, with the row written after pt-osc", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(up, db, "t", pair.downstream(), db, "t");
                return true;
            });
            assertThat(definition(pair.downstream(), db, "t")).isEqualTo(before);
            assertThat(definition(up, db, "t")).isEqualTo(before);
            TableComparison.assertNoTable(pair.downstream(), db, "\\_%");
            assertThat(alters(pair, db, "where_col")).as("no ALTER downstream").isZero();
        }
    }

    private static int maxId(MariaDbServer up, String db) {
        return Integer.parseInt(
                up.query("SELECT MAX(id) FROM " + db + ".t").get(0).get(0));
    }

    /** SHOW CREATE TABLE without the AUTO_INCREMENT counter. */
    private static String definition(MariaDbServer s, String db, String table) {
        return s.query("SHOW CREATE TABLE " + db + "." + table).get(0).get(1).replaceAll(" AUTO_INCREMENT=\\d+", "");
    }

    /** The downstream's general log records every statement the sink sends. */
    private static void countDdl(UpstreamDownstream.Pair pair, boolean on) {
        pair.downstream().exec("SET GLOBAL log_output = 'TABLE'", "SET GLOBAL general_log = " + (on ? 1 : 0));
    }

    private static long alters(UpstreamDownstream.Pair pair, String db, String column) {
        return Long.parseLong(pair.downstream()
                .query(
                        "SELECT COUNT(*) FROM mysql.general_log WHERE command_type = 'Query' "
                                + "AND argument LIKE ? AND argument LIKE 'alter%'",
                        "%" + db + "%ADD COLUMN " + column + "%")
                .get(0)
                .get(0));
    }

    private static void assertReplicatedOnce(UpstreamDownstream.Pair pair, String db, String column) {
        Await.until("t equal downstream", Duration.ofMinutes(2), () -> {
            TableComparison.assertSameTable(pair.upstream(), db, "t", pair.downstream(), db, "t");
            assertThat(definition(pair.downstream(), db, "t")).isEqualTo(definition(pair.upstream(), db, "t"));
            return true;
        });
        countDdl(pair, false);
        assertThat(alters(pair, db, column)).as("the ALTER applied once").isEqualTo(1);
        TableComparison.assertNoTable(pair.downstream(), db, "\\_%");
    }
}
