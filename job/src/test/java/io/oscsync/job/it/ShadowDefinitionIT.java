package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.testing.AppLoad;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.GhostReplay;
import io.oscsync.job.testing.MigrationFixture;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shadow built by a full CREATE TABLE of the new definition, with no ALTER (Facebook's
 * OnlineSchemaChange): at the cut-over the downstream table takes that definition, columns
 * (added, dropped, changed, moved), keys and table options, and keeps every row.
 */
@ExtendWith(UpstreamDownstream.class)
class ShadowDefinitionIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final int ROWS = 500;

    @Test
    void theDownstreamTakesTheShadowsDefinitionAtTheCutOver(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        String db = MigrationFixture.seed(pair, "shadow_def", ROWS);
        pair.upstream()
                .exec(
                        "ALTER TABLE " + db + ".t ADD COLUMN legacy INT, ADD KEY old_b (b)",
                        // a real table only its name makes a trash table: counted, and not replicated
                        "CREATE TABLE " + db + ".__osc_old_gone (id INT PRIMARY KEY)");
        TaskConfig task = TestJob.task(pair, db, "", "online-ddl-preset: fb-osc");
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, task, ROWS)) {
            FlinkRest.of(mini)
                    .awaitMetric(
                            job.id().toString(), "tablesNamedLikeTools", "is 1", n -> n == 1, Duration.ofMinutes(1));
            String shadow = db + ".__osc_new_t";
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                pair.upstream()
                        .exec("CREATE TABLE " + shadow + " (id INT NOT NULL, c INT NOT NULL DEFAULT 5, "
                                + "b VARCHAR(100) NOT NULL DEFAULT '', a BIGINT, PRIMARY KEY (id), KEY by_a (a)) "
                                + "DEFAULT CHARSET=latin1 COMMENT='after the migration'");
                pair.upstream()
                        .exec("INSERT INTO " + shadow + " (id, a, b) SELECT id, a, COALESCE(b, '') FROM " + db
                                + ".t WHERE id <= " + ROWS);
            }
            // The tool's last sync under its lock, then the swap.
            pair.upstream()
                    .exec(
                            "REPLACE INTO " + shadow + " (id, a, b) SELECT id, a, COALESCE(b, '') FROM " + db + ".t",
                            "DELETE FROM " + shadow + " WHERE id NOT IN (SELECT id FROM " + db + ".t)",
                            "RENAME TABLE " + db + ".t TO " + db + ".__osc_old_t, " + shadow + " TO " + db + ".t",
                            "DROP TABLE " + db + ".__osc_old_t");
            try (AppLoad after = new AppLoad(pair.upstream(), db, "t", 100_000)) {
                Thread.sleep(300); // rows in the new shape, after the cut-over
            }
            Await.until("t equal downstream", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(pair.upstream(), db, "t", pair.downstream(), db, "t");
                return true;
            });
            TableComparison.assertSameDefinition(pair.upstream(), db, "t", pair.downstream(), db, "t");
            TableComparison.assertNoTable(pair.downstream(), db, "\\_%");
        }
    }

    /**
     * A downstream table changed by hand while gh-ost worked: the recorded ALTER runs, and the
     * check against the binlog's definition of the table put in place stops the job naming both.
     */
    @Test
    void aRecordedCutOverThatDoesNotGiveTheUpstreamsColumnsStopsTheJob(UpstreamDownstream.Pair pair) throws Exception {
        String db = MigrationFixture.seed(pair, "shadow_check", ROWS);
        TaskConfig task = TestJob.task(pair, db, "", "");
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, task, ROWS)) {
            GhostReplay ghost = new GhostReplay(pair.upstream(), db, "t");
            ghost.start("ADD COLUMN c INT");
            ghost.copyRows(MigrationFixture.COLUMNS, 250, ROWS);
            pair.downstream().exec("ALTER TABLE " + db + ".t ADD COLUMN by_hand INT");
            ghost.syncAndCutOverAtomic(MigrationFixture.COLUMNS);
            assertThat(job.awaitFailure())
                    .contains("differs from the upstream table's definition")
                    .contains("columns [id, a, b, by_hand, c] where the upstream has [id, a, b, c]");
        }
    }
}
