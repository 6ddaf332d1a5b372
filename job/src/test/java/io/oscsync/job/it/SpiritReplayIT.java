package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.testing.AppLoad;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.SpiritReplay;
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
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spirit's statement sequence (osc-tools/spirit.sql) with {@code online-ddl-preset: spirit}, an
 * app writing throughout: each run ends with the downstream tables defined and filled as upstream,
 * the ALTER applied once, and none of Spirit's own tables downstream.
 */
@ExtendWith(UpstreamDownstream.class)
class SpiritReplayIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final int ROWS = 1000;
    private static final String COLUMNS = MigrationFixture.COLUMNS;

    @Test
    void oneTableWithATaskManagerFailoverBetweenTheShadowAndTheCutOver(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        String db = MigrationFixture.seed(pair, "spirit_one", ROWS);
        TaskConfig task = TestJob.task(pair, db, "", "online-ddl-preset: spirit");
        OscIts.logDownstreamStatements(pair, true);
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, task, ROWS)) {
            SpiritReplay spirit = new SpiritReplay(
                    pair.upstream(),
                    db,
                    Map.of(
                            "t",
                            "ADD COLUMN spirit_col INT NOT NULL DEFAULT 5, MODIFY b VARCHAR(80), ADD INDEX ix_a (a)"),
                    false,
                    false,
                    Instant.now());
            try (AppLoad app = new AppLoad(pair.upstream(), db, "t", ROWS + 1)) {
                spirit.start();
                spirit.copyRows(COLUMNS, 250, ROWS / 2);
                // Restored from a checkpoint holding the record and an offset past the shadow's ALTER.
                FlinkRest rest = FlinkRest.of(mini);
                OscIts.awaitRecorded(rest, job, 1);
                rest.awaitCheckpointAfterNow(job.id().toString(), Duration.ofMinutes(1));
                mini.terminateTaskManager(0).get();
                mini.startTaskManager();
                spirit.copyRows(COLUMNS, 250, ROWS + 1000);
            }
            spirit.cutOver(COLUMNS);
            pair.upstream().exec("UPDATE " + db + ".t SET spirit_col = id WHERE id % 7 = 0");
            OscIts.assertSameTables(pair, db, "t");
            assertThat(OscIts.downstreamDdls(pair, db, "spirit_col")).hasSize(1);
            TableComparison.assertNoTable(pair.downstream(), db, "\\_%");
        } finally {
            OscIts.logDownstreamStatements(pair, false);
        }
    }

    /**
     * Two tables in one Spirit run: one schema-wide checkpoint, the sentinel of --defer-cutover,
     * ONE RENAME of four unqualified pairs, and --skip-drop-after-cutover's timestamped old tables.
     */
    @Test
    void twoTablesCutOverInOneRenameWithoutSchemaNames(UpstreamDownstream.Pair pair) throws Exception {
        String db = MigrationFixture.seed(pair, "spirit_two", ROWS);
        pair.upstream()
                .exec(
                        "CREATE TABLE " + db + ".u (id INT PRIMARY KEY, a INT, b VARCHAR(40))",
                        "INSERT INTO " + db + ".u SELECT * FROM " + db + ".t");
        TaskConfig task = TestJob.task(pair, db, "", "online-ddl-preset: spirit");
        OscIts.logDownstreamStatements(pair, true);
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, task, ROWS)) {
            Map<String, String> alters = new LinkedHashMap<>();
            alters.put("t", "ADD COLUMN t_col VARCHAR(20) DEFAULT 'spirit' AFTER id");
            alters.put("u", "MODIFY a BIGINT NOT NULL DEFAULT 0, ADD COLUMN u_col DATETIME NULL");
            SpiritReplay spirit = new SpiritReplay(pair.upstream(), db, alters, true, true, Instant.now());
            try (AppLoad onT = new AppLoad(pair.upstream(), db, "t", ROWS + 1);
                    AppLoad onU = new AppLoad(pair.upstream(), db, "u", ROWS + 1)) {
                spirit.start();
                spirit.copyRows(COLUMNS, 300, ROWS + 1000);
            }
            assertThat(pair.upstream().query("SHOW TABLES FROM " + db + " LIKE '\\_spirit\\_%'"))
                    .containsExactlyInAnyOrder(
                            java.util.List.of("_spirit_checkpoint"), java.util.List.of("_spirit_sentinel"));
            spirit.cutOver(COLUMNS);
            assertThat(pair.upstream().query("SHOW TABLES FROM " + db + " LIKE ?", spirit.oldTable("t")))
                    .as("--skip-drop-after-cutover keeps the old table upstream")
                    .hasSize(1);
            OscIts.assertSameTables(pair, db, "t", "u");
            assertThat(OscIts.downstreamDdls(pair, db, "t_col")).hasSize(1);
            assertThat(OscIts.downstreamDdls(pair, db, "u_col")).hasSize(1);
            TableComparison.assertNoTable(pair.downstream(), db, "\\_%");
        } finally {
            OscIts.logDownstreamStatements(pair, false);
        }
    }
}
