package io.oscsync.job.it;

import io.oscsync.job.testing.AppLoad;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.ShowCreateTable;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import io.oscsync.job.testing.VitessReplay;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/**
 * A Vitess online DDL migration (strategy vitess, v20+) replayed from its real statement sequence
 * (osc-tools/vitess.sql) with an app writing throughout: shadow {@code _vt_vrp_<uuid>_<ts>_} made
 * by CREATE TABLE of t's definition then the ALTER, the three-pair cut-over RENAME that leaves the
 * old table under the shadow's name, then artifact GC. The shadow's name holds no table name.
 */
@ExtendWith(UpstreamDownstream.class)
class VitessReplayIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final int ROWS = 1000;

    @Test
    void migrationReachesTheDownstreamAcrossATaskManagerFailover(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        migrate(pair, mini, "vitess", true);
    }

    /** v16-v19 names: shadow {@code _<uuid>_<ts>_vrepl}, sentry and GC {@code _vt_HOLD_<uuid>_<ts>} ... */
    @Test
    void namesBeforeV20(UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        migrate(pair, mini, "vitess19", false);
    }

    private static void migrate(UpstreamDownstream.Pair pair, MiniCluster mini, String prefix, boolean newNames)
            throws Exception {
        String db = UpstreamDownstream.uniqueDatabase(prefix);
        pair.upstream().exec("CREATE DATABASE " + db);
        VitessReplay vitess = new VitessReplay(pair.upstream(), db, "t", newNames);
        vitess.createTable();
        ToolReplays.insertRows(pair.upstream(), db, ROWS);
        String task = "online-ddl: true\nonline-ddl-preset: vitess";
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", task), ROWS)) {
            ShowCreateTable.assertSame(pair.upstream(), pair.downstream(), db, "t");
            FlinkRest rest = FlinkRest.of(mini);
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                vitess.start();
                vitess.copyRows(250, ROWS + 500);
                // Restored from a checkpoint taken after the shadow's ALTER was read, which the source does not
                // read again: the route stage holds the shadow's DDL until the cut-over names its table.
                ToolReplays.awaitReadPast(pair, db);
                rest.awaitCheckpointAfterNow(job.id().toString(), Duration.ofMinutes(1));
                mini.terminateTaskManager(0).get();
                mini.startTaskManager();
                ToolReplays.awaitOperations(app, app.operations() + 50);
            }
            vitess.catchUp(); // the table's queries are buffered from here to the end of the cut-over
            ToolReplays.generalLog(pair, true);
            long cutOverAt = System.currentTimeMillis();
            vitess.cutOver();
            try (AppLoad after = new AppLoad(pair.upstream(), db, "t", ROWS + 100_000)) {
                ToolReplays.awaitOperations(after, 30); // writes on the new definition
            }
            vitess.gc();
            ToolReplays.awaitSameDownstream(pair, db, rest, job, cutOverAt);
            ToolReplays.assertAlteredOnce(pair, db);
        }
    }
}
