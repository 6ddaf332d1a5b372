package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints the commit latency at the shipped checkpoint interval (2000 ms): the time from a row's
 * upstream commit to its visibility downstream, for rows written every 100 ms. A figure, not a
 * goal: the test checks only that every row arrived once.
 */
@ExtendWith(UpstreamDownstream.class)
class CommitLatencyIT {
    private static final Logger LOG = LoggerFactory.getLogger(CommitLatencyIT.class);
    private static final int PROBES = 150;

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    @Test
    void printsTheCommitLatencyAtTheShippedInterval(UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini)
            throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("latency");
        pair.upstream()
                .exec(
                        "CREATE DATABASE " + db,
                        "CREATE TABLE " + db + ".probe (id INT PRIMARY KEY)",
                        "INSERT INTO " + db + ".probe VALUES (-1)");
        TaskConfig task = new TaskConfigLoader(k -> null)
                .parse(TestJob.taskYaml(pair, db, "", "")
                        .replace("checkpoint-interval-ms: 500", "checkpoint-interval-ms: 2000"));
        assertThat(task.checkpointIntervalMs())
                .as("the task runs at the shipped interval")
                .isEqualTo(2000L);
        long[] written = new long[PROBES];
        long[] seen = new long[PROBES];
        try (TestJob job = TestJob.start(task);
                Connection up = pair.upstream().connectRoot();
                Connection down = pair.downstream().connectRoot();
                Statement insert = up.createStatement();
                PreparedStatement poll = down.prepareStatement("SELECT id FROM " + db + ".probe WHERE id >= ?")) {
            assertThat(FlinkRest.of(mini)
                            .get("/jobs/" + job.id() + "/checkpoints/config")
                            .path("interval")
                            .asLong())
                    .as("the job's checkpoint interval")
                    .isEqualTo(2000L);
            Await.until(
                    "the snapshot",
                    Duration.ofMinutes(2),
                    () -> MigrationFixture.count(pair.downstream(), db + ".probe") == 1);
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            int next = 0;
            int arrived = 0;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (arrived < PROBES && System.nanoTime() < deadline) {
                long now = System.nanoTime();
                if (next < PROBES && (next == 0 || now - written[next - 1] >= 100_000_000L)) {
                    insert.execute("INSERT INTO " + db + ".probe VALUES (" + next + ")");
                    written[next++] = System.nanoTime();
                }
                poll.setInt(1, arrived);
                try (ResultSet rs = poll.executeQuery()) {
                    while (rs.next()) {
                        int id = rs.getInt(1);
                        if (seen[id] == 0) {
                            seen[id] = System.nanoTime();
                            arrived++;
                        }
                    }
                }
                Thread.sleep(5);
            }
            assertThat(arrived).as("every probe row arrived").isEqualTo(PROBES);
        }
        long[] ms = new long[PROBES];
        for (int i = 0; i < PROBES; i++) ms[i] = (seen[i] - written[i]) / 1_000_000;
        Arrays.sort(ms);
        String figures = "commit latency at checkpoint-interval-ms 2000, " + PROBES + " rows: p50=" + ms[PROBES / 2]
                + " ms p90=" + ms[PROBES * 9 / 10] + " ms p99=" + ms[PROBES * 99 / 100] + " ms max=" + ms[PROBES - 1]
                + " ms";
        LOG.info(figures);
        System.out.println(figures);
    }
}
