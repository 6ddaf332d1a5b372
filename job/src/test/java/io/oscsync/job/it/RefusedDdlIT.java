package io.oscsync.job.it;

import io.oscsync.job.cli.StateDirs;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A DDL TiDB cannot run (a FULLTEXT index) stops the job with a message that names the table,
 * the statement and the way out; the user adds the filter it suggests and resumes from the
 * latest checkpoint, and every row written before and after the DDL arrives.
 */
@ExtendWith(UpstreamDownstream.class)
class RefusedDdlIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    @Test
    void aRefusedDdlStopsTheJobAndAFilterLetsItResume(UpstreamDownstream.Pair pair, @TempDir Path dir)
            throws Exception {
        String db = MigrationFixture.seed(pair, "refused", 100);
        Configuration retained = TestJob.retainedCheckpoints(dir);
        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""), null, retained)) {
            Await.until(
                    "the snapshot",
                    Duration.ofMinutes(2),
                    () -> MigrationFixture.count(pair.downstream(), db + ".t") == 100);
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            pair.upstream()
                    .exec(
                            "INSERT INTO " + db + ".t (id, a, b) VALUES (1001, 1, 'before')",
                            "ALTER TABLE " + db + ".t ADD FULLTEXT INDEX ft (b)",
                            "INSERT INTO " + db + ".t (id, a, b) VALUES (1002, 2, 'after')");
            String failure = job.awaitFailure();
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            String message = failure;
            assertThat(message)
                    .contains("cannot run this DDL on table " + db + ".t: TiDB does not support FULLTEXT")
                    .contains("ADD FULLTEXT INDEX ft")
                    .contains("`filters` rule")
                    .contains("resume the job");
        }
        TaskConfig filtered = TestJob.task(pair, db, "filter-rules: [no-fulltext]", """
                filters:
                  no-fulltext: {schema-pattern: "%s", sql-pattern: ["(?i)FULLTEXT"], action: Ignore}
                """.formatted(db));
        String checkpoint = StateDirs.newestRestorePoint(dir).orElseThrow().toString();
        try (TestJob resumed = TestJob.start(filtered, checkpoint)) {
            Await.until("t equal downstream", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(pair.upstream(), db, "t", pair.downstream(), db, "t");
                return true;
            });
        }
    }

    @Test
    void aDdlTheDriftedDownstreamAlreadyHasStopsTheJobNamingTheTable(UpstreamDownstream.Pair pair) throws Exception {
        String db = MigrationFixture.seed(pair, "drifted", 100);
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", ""), 100)) {
            pair.downstream().exec("ALTER TABLE " + db + ".t ADD COLUMN c INT"); // by hand, downstream only
            pair.upstream()
                    .exec(
                            "ALTER TABLE " + db + ".t ADD COLUMN c INT",
                            "INSERT INTO " + db + ".t (id, a, b, c) VALUES (1001, 1, 'after', 7)");
            Await.until(
                    "the job failed, or the row after the DDL arrived",
                    Duration.ofMinutes(2),
                    () -> failed(job) || MigrationFixture.count(pair.downstream(), db + ".t") > 100);
            assertThat(job.status())
                    .as("a drifted downstream is not taken as the DDL done")
                    .isEqualTo(JobStatus.FAILED);
            assertThat(job.awaitFailure())
                    .contains("table " + db + ".t downstream already differs")
                    .contains("Duplicate column name 'c'")
                    .contains("ADD COLUMN c INT")
                    .contains("resume the job from its latest checkpoint");
        }
    }

    private static boolean failed(TestJob job) {
        try {
            return job.status() == JobStatus.FAILED;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
