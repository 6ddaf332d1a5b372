package io.oscsync.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.testing.AppLoad;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.MariaDbServer;
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
 * A snapshot read by three readers (S = 3) while an app inserts, updates and deletes the same
 * keys: every chunk's rows land before the binlog changes after them, so the downstream table ends
 * row for row as the upstream one.
 */
@ExtendWith(UpstreamDownstream.class)
class ParallelSnapshotIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final int ROWS = 30_000; // Flink CDC's chunks hold 8096 rows: four chunks for three readers
    private static final int S = 3;

    @Test
    void chunksReadInParallelWhileTheAppChangesTheirKeys(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("parsnap");
        MariaDbServer up = pair.upstream();
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, a INT NOT NULL, b VARCHAR(20))",
                "INSERT INTO " + db + ".t SELECT seq, seq, CONCAT('row', seq) FROM " + db + ".seq_1_to_" + ROWS,
                "CREATE TABLE " + db + ".small (id INT PRIMARY KEY, v INT)",
                "INSERT INTO " + db + ".small SELECT seq, seq FROM " + db + ".seq_1_to_100");
        String yaml = TestJob.taskYaml(pair, db, "", "")
                .replaceFirst("server-id: \\S+", "server-id: " + TestJob.serverIds(S))
                .replaceFirst("mydumper-thread: \\d+", "mydumper-thread: " + S);
        TaskConfig task = new TaskConfigLoader(k -> null).parse(yaml);
        assertThat(task.mysqlInstances().get(0).snapshotThreads()).isEqualTo(S);

        // The app writes before, during and after the snapshot, on keys of every chunk.
        try (AppLoad app = new AppLoad(up, db, "t", ROWS + 1)) {
            int opsAtStart;
            try (TestJob job = TestJob.start(task)) {
                opsAtStart = app.operations();
                FlinkRest rest = FlinkRest.of(mini);
                String jobId = job.id().toString();
                MigrationFixture.awaitBinlogPhase(pair, db, db);
                // The snapshot really was read by several readers, and the app changed keys meanwhile.
                Await.until(
                        "records from more than one snapshot reader",
                        Duration.ofSeconds(30),
                        () -> readersThatEmitted(rest, jobId) > 1);
                assertThat(app.operations()).isGreaterThan(opsAtStart);
                app.close();
                TableComparison.awaitSame(pair, db, Duration.ofMinutes(2), "t", "small");
            }
        }
    }

    /** Source subtasks that sent records on (the reader holding the binlog is one). */
    private static int readersThatEmitted(FlinkRest rest, String jobId) {
        try {
            int readers = 0;
            for (JsonNode v : rest.get("/jobs/" + jobId).path("vertices")) {
                if (!v.path("name").asText().contains("MySQL CDC")) continue;
                assertThat(v.path("parallelism").asInt()).isEqualTo(S);
                for (JsonNode st : rest.get(
                                "/jobs/" + jobId + "/vertices/" + v.path("id").asText())
                        .path("subtasks")) {
                    if (st.path("metrics").path("write-records").asLong() > 0) readers++;
                }
            }
            return readers;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
