package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.testing.AppLoad;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.FbOscReplay;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.ShowCreateTable;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

/**
 * Facebook OnlineSchemaChange's real statement sequence (osc-tools/fb-osc.sql) with an app
 * writing throughout: its shadow is a full CREATE TABLE of the new definition with no ALTER, so
 * the downstream must take the shadow's definition at the swap. Columns are added, dropped,
 * widened and reordered, an index and the comment change: a downstream that kept the old
 * definition fails the SHOW CREATE TABLE comparison.
 */
@ExtendWith(UpstreamDownstream.class)
class FbOscReplayIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final int ROWS = 1000;

    @Test
    void shadowBuiltByCreateTableReachesTheDownstreamAcrossATaskManagerFailover(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("fb_osc");
        FbOscReplay osc = seed(pair.upstream(), db);
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, task(pair, db), ROWS)) {
            ShowCreateTable.assertSame(pair.upstream(), pair.downstream(), db, "t");
            FlinkRest rest = FlinkRest.of(mini);
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                osc.start();
                ToolReplays.awaitOperations(app, 50); // changes the triggers log before the dump
                osc.copyRows(false);
                osc.replay();
                // Restored from a checkpoint taken after the shadow's CREATE, which the source does not read again.
                rest.awaitMetric(
                        job.id().toString(), "ghostMigrationsInFlight", "is 1", n -> n == 1, Duration.ofMinutes(1));
                rest.awaitCheckpointAfterNow(job.id().toString(), Duration.ofMinutes(1));
                mini.terminateTaskManager(0).get();
                mini.startTaskManager();
                ToolReplays.awaitOperations(app, app.operations() + 50);
                osc.replay();
            }
            osc.analyze();
            osc.replay(); // the last round, under FB OSC's write locks
            ToolReplays.generalLog(pair, true);
            long cutOverAt = System.currentTimeMillis();
            osc.swap(true);
            osc.cleanup();
            try (AppLoad after = new AppLoad(pair.upstream(), db, "t", ROWS + 100_000)) {
                ToolReplays.awaitOperations(after, 30); // writes on the new definition
            }
            ToolReplays.awaitSameDownstream(pair, db, rest, job, cutOverAt);
            ToolReplays.assertAlteredOnce(pair, db);
        }
    }

    @Test
    void twoStepSwap(UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        migrate(pair, mini, "fb_osc2", false, false);
    }

    /**
     * --idx-recreation: DROP INDEX and ALTER ... ADD KEY on the shadow around the load. Those are
     * relative to the shadow's CREATE (the new definition), not to the real table.
     */
    @Test
    @Disabled("fails: with --idx-recreation the ghost's recorded DROP INDEX / ADD KEY are relative to its CREATE "
            + "(the new definition), and the cut-over replays them on the old table; needs the recorded statements "
            + "applied to the shadow's definition before matching (issue 14 closing note)")
    void indexRecreation(UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        migrate(pair, mini, "fb_osc3", true, true);
    }

    private static void migrate(
            UpstreamDownstream.Pair pair, MiniCluster mini, String prefix, boolean oneRename, boolean idxRecreation)
            throws Exception {
        String db = UpstreamDownstream.uniqueDatabase(prefix);
        FbOscReplay osc = seed(pair.upstream(), db);
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, task(pair, db), ROWS)) {
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                osc.start();
                ToolReplays.awaitOperations(app, 50);
                osc.copyRows(idxRecreation);
                osc.replay();
            }
            osc.analyze();
            osc.replay();
            ToolReplays.generalLog(pair, true);
            long cutOverAt = System.currentTimeMillis();
            osc.swap(oneRename);
            osc.cleanup();
            ToolReplays.awaitSameDownstream(pair, db, FlinkRest.of(mini), job, cutOverAt);
            ToolReplays.assertAlteredOnce(pair, db);
        }
    }

    /**
     * Names of 54..61 characters get n!t, c!t, o!t and i!/u!/d! triggers; of 62+ characters FB OSC's
     * placeholder __osc_*_online_schema_change_temp_tbl, which names no table (learnt from the swap).
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "orders_with_a_long_name_of_fifty_five_characters_xxxxxx",
                "orders_with_a_long_name_of_sixty_two_characters_xxxxxxxxxxxxxx"
            })
    void longTableNames(String table, UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini)
            throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("fb_osc4");
        pair.upstream().exec("CREATE DATABASE " + db);
        FbOscReplay osc = new FbOscReplay(pair.upstream(), db, table);
        osc.createTable();
        ToolReplays.insertRows(pair.upstream(), db, table, ROWS);
        try (TestJob job = TestJob.start(task(pair, db))) {
            Await.until(
                    "the snapshot",
                    Duration.ofMinutes(2),
                    () -> MigrationFixture.count(pair.downstream(), "`" + db + "`.`" + table + "`") == ROWS);
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            try (AppLoad app = new AppLoad(pair.upstream(), db, table, ROWS + 1)) {
                osc.start();
                ToolReplays.awaitOperations(app, 50);
                osc.copyRows(false);
                osc.replay();
            }
            osc.analyze();
            osc.replay();
            long cutOverAt = System.currentTimeMillis();
            osc.swap(true);
            osc.cleanup();
            ToolReplays.awaitSameDownstream(pair, db, table, FlinkRest.of(mini), job, cutOverAt);
        }
    }

    private static FbOscReplay seed(MariaDbServer up, String db) {
        up.exec("CREATE DATABASE " + db);
        FbOscReplay osc = new FbOscReplay(up, db, "t");
        osc.createTable();
        ToolReplays.insertRows(up, db, ROWS);
        return osc;
    }

    private static TaskConfig task(UpstreamDownstream.Pair pair, String db) {
        return TestJob.task(pair, db, "", "online-ddl: true\nonline-ddl-preset: fb-osc");
    }
}
