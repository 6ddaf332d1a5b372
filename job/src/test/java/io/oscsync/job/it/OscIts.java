package io.oscsync.job.it;

import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.KeyedSubtasks;
import io.oscsync.job.testing.ShowCreate;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.runtime.minicluster.MiniCluster;

import java.time.Duration;
import java.util.List;

/** What the tool replay ITs check the same way. */
final class OscIts {
    private OscIts() {}

    /** The coordinator recorded {@code n} statements on shadows (the counter starts at 0 in each run of the job). */
    static void awaitRecorded(FlinkRest rest, TestJob job, int n) {
        rest.awaitMetric(
                job.id().toString(),
                "ghostDdlsRecorded",
                "counts the shadow's DDL",
                v -> v >= n,
                Duration.ofMinutes(1));
    }

    /**
     * The job runs its keyed stages at {@code p} and at least {@code busy} of its coordinator
     * subtasks took records in (capped at {@code p}); the test's tables were chosen to spread.
     */
    static void assertRunsAt(MiniCluster mini, TestJob job, int p, int busy) throws Exception {
        KeyedSubtasks.assertRunsAt(FlinkRest.of(mini), job.id().toString(), p, Math.min(p, busy));
    }

    /** The downstream's general log, to count the DDL the sink sends. */
    static void logDownstreamStatements(UpstreamDownstream.Pair pair, boolean on) {
        pair.downstream().exec("SET GLOBAL log_output = 'TABLE'", "SET GLOBAL general_log = " + (on ? 1 : 0));
    }

    /** The ALTER / CREATE / DROP statements the downstream ran that name {@code db} and {@code marker}. */
    static List<String> downstreamDdls(UpstreamDownstream.Pair pair, String db, String marker) {
        return pair
                .downstream()
                .query(
                        "SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log WHERE command_type = 'Query' "
                                + "AND LOWER(CONVERT(argument USING utf8mb4)) REGEXP '^[[:space:]]*(alter|create|drop)' "
                                + "AND CONVERT(argument USING utf8mb4) LIKE ? AND CONVERT(argument USING utf8mb4) LIKE ?",
                        "%" + db + "%",
                        "%" + marker + "%")
                .stream()
                .map(r -> r.get(0))
                .toList();
    }

    /** Each table's rows, columns and SHOW CREATE TABLE (up to AUTO_INCREMENT) equal downstream. */
    static void assertSameTables(UpstreamDownstream.Pair pair, String db, String... tables) {
        TableComparison.awaitSame(pair, db, Duration.ofMinutes(2), tables);
        for (String t : tables) ShowCreate.assertSame(pair.upstream(), pair.downstream(), db, t);
    }
}
