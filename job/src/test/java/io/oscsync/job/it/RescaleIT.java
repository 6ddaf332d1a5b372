package io.oscsync.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.testing.AppLoad;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.GhostReplay;
import io.oscsync.job.testing.KeyedSubtasks;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.ShardFixture;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rescaling through savepoints (issue 15, item 5): a job at P=1 with a gh-ost migration in flight
 * (ghost created, altered, rows copied, no cut-over) and a pessimistic shard lock pending (one of
 * two shards altered, its later rows held), while apps write; stopped with a savepoint, resumed at
 * P=4, where the cut-over and the other shard's ALTER finish both; stopped again, resumed at P=1,
 * more writes and DDL. At the end the downstream equals the upstream (rows, definitions), holds no
 * ghost table, and ran every DDL once; a keyless table shows no row lost or doubled.
 *
 * <p>The database names are drawn so that at P=4 the migrated table, the merged target and the
 * keyless table land on three different subtasks, none of the first two on subtask 0: their keyed
 * state (the ghost's record, the lock with its held rows) must move to another subtask at P=4.
 */
@ExtendWith(UpstreamDownstream.class)
class RescaleIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final int ROWS = 500;
    private static final String COLUMNS = MigrationFixture.COLUMNS;
    private static final Duration WAIT = Duration.ofMinutes(2);
    // Apart from TestJob's (5401...), ShardFixture's (5601...) and ShardLockRestartIT's (5801...).
    private static final AtomicInteger SERVER_IDS = new AtomicInteger(6000);

    @Test
    void savepointAtOneResumeAtFourAndBackWithAMigrationAndAShardLockPending(
            UpstreamDownstream.Pair pair, @TempDir Path dir, @InjectMiniCluster MiniCluster mini) throws Exception {
        MariaDbServer up = pair.upstream();
        String prefix = prefixSpreadAtFour();
        String app = prefix + "_app";
        String target = prefix + "_merged";
        ShardFixture.Shard s1 = new ShardFixture.Shard(up, "up1", prefix + "_s1", ShardFixture.TABLE, 1_000_000);
        ShardFixture.Shard s2 = new ShardFixture.Shard(up, "up1", prefix + "_s2", ShardFixture.TABLE, 2_000_000);
        List<ShardFixture.Shard> shards = List.of(s1, s2);
        seed(up, app, s1, s2);
        FlinkRest rest = FlinkRest.of(mini);
        GhostReplay ghost = new GhostReplay(up, app, "t");
        int held = s1.base() + 900_001;
        List<AppLoad> apps = new ArrayList<>();
        OscIts.logDownstreamStatements(pair, true);
        try {
            // P=1: the migration up to its cut-over, the lock reached by shard 1 only.
            String atOne;
            try (TestJob job = TestJob.start(task(pair, prefix, 1))) {
                Await.until(
                        "the snapshot",
                        WAIT,
                        () -> MigrationFixture.count(pair.downstream(), app + ".t") == ROWS
                                && MigrationFixture.count(pair.downstream(), target + ".orders") == 2L * ROWS);
                MigrationFixture.awaitBinlogPhase(pair, app, app);
                KeyedSubtasks.assertRunsAt(rest, job.id().toString(), 1, 1);
                apps.add(new AppLoad(s1, ROWS + 1));
                apps.add(new AppLoad(s2, ROWS + 1));
                AppLoad onT = new AppLoad(up, app, "t", ROWS + 1);
                apps.add(onT);
                events(up, app, 1);
                ghost.start("ADD COLUMN g INT NOT NULL DEFAULT 3");
                ghost.copyRows(COLUMNS, 250, ROWS + 2000);
                alter(s1, "ADD COLUMN d VARCHAR(10) DEFAULT 'd'");
                up.exec("INSERT INTO " + s1.db() + ".orders (id, a, b, d) VALUES (" + held + ", 1, 'held', 'x')");
                OscIts.awaitRecorded(rest, job, 1);
                rest.awaitMetric(job.id().toString(), "shardShardsWaiting", "is 1", n -> n == 1, WAIT);
                awaitMarker(pair, target, s2, 1); // past the held row in the binlog
                assertPending(pair, app, target, held);
                atOne = job.stopWithSavepoint(dir.resolve("at-one"));
            }
            events(up, app, 2); // while no job runs

            // P=4 from the P=1 savepoint: the cut-over and the other shard's ALTER.
            String atFour;
            try (TestJob job = TestJob.start(task(pair, prefix, 4), atOne)) {
                awaitMarker(pair, target, s2, 2);
                assertPending(pair, app, target, held);
                assertStatusMoved(mini, job, app, target, s1);
                apps.remove(apps.size() - 1).close(); // gh-ost's cut-over runs with the app paused
                ghost.syncAndCutOverAtomic(COLUMNS);
                apps.add(new AppLoad(up, app, "t", 100_000));
                alter(s2, "ADD COLUMN d VARCHAR(10) DEFAULT 'd'");
                events(up, app, 3);
                Await.until(
                        "the cut-over and the lock applied",
                        WAIT,
                        () -> TableComparison.columnNames(pair.downstream(), app, "t")
                                        .contains("g")
                                && TableComparison.columnNames(pair.downstream(), target, "orders")
                                        .contains("d")
                                && MigrationFixture.count(pair.downstream(), target + ".orders WHERE id = " + held)
                                        == 1);
                int busy = KeyedSubtasks.assertRunsAt(rest, job.id().toString(), 4, 3);
                assertThat(busy).as("coordinator subtasks with records at P=4").isGreaterThanOrEqualTo(3);
                atFour = job.stopWithSavepoint(dir.resolve("at-four"));
            }
            events(up, app, 4);

            // Back to P=1: more writes and DDL on the migrated table and on both shards.
            try (TestJob job = TestJob.start(task(pair, prefix, 1), atFour)) {
                awaitMarker(pair, target, s2, 3);
                KeyedSubtasks.assertRunsAt(rest, job.id().toString(), 1, 1);
                up.exec("ALTER TABLE " + app + ".t ADD COLUMN h INT NULL");
                alter(s1, "ADD COLUMN e INT NULL");
                alter(s2, "ADD COLUMN e INT NULL");
                events(up, app, 5);
                for (AppLoad a : apps) a.close();
                apps.clear();
                OscIts.assertSameTables(pair, app, "t", "events");
                Await.until("the target equal to the union of the shards", WAIT, () -> {
                    TableComparison.assertUnion(shards, pair.downstream(), target, "orders");
                    return true;
                });
                TableComparison.assertSameDefinition(up, s1.db(), "orders", pair.downstream(), target, "orders");
            }
            OscIts.logDownstreamStatements(pair, false);
            TableComparison.assertNoTable(pair.downstream(), app, "\\_%");
            TableComparison.assertNoTable(pair.downstream(), target, "\\_%");
            assertOnce(pair, app, "t", "g", "h");
            assertOnce(pair, target, "orders", "d", "e");
        } finally {
            OscIts.logDownstreamStatements(pair, false);
            for (AppLoad a : apps) a.close();
        }
    }

    /**
     * A prefix whose tables at P=4 land on different subtasks: the migrated table and the merged
     * target both off subtask 0 (so their state moves when the job goes from 1 to 4), the keyless
     * table on a third.
     */
    private static String prefixSpreadAtFour() {
        for (int i = 0; i < 10_000; i++) {
            String p = UpstreamDownstream.uniqueDatabase("rescale");
            int t = KeyedSubtasks.of(p + "_app", "t", 4);
            int orders = KeyedSubtasks.of(p + "_merged", ShardFixture.TABLE, 4);
            int events = KeyedSubtasks.of(p + "_app", "events", 4);
            if (t != 0 && orders != 0 && t != orders && events != t && events != orders) return p;
        }
        throw new IllegalStateException("no prefix spreads the tables at P=4");
    }

    private static void seed(MariaDbServer up, String app, ShardFixture.Shard... shards) {
        up.exec(
                "CREATE DATABASE " + app,
                "CREATE TABLE " + app + ".t (id INT PRIMARY KEY, a INT, b VARCHAR(40))",
                "CREATE TABLE " + app + ".events (n INT, note VARCHAR(20))"); // keyless: a doubled row shows
        up.exec("INSERT INTO " + app + ".t VALUES " + rows(0));
        for (ShardFixture.Shard s : shards) {
            up.exec(
                    "CREATE DATABASE " + s.db(),
                    "CREATE TABLE " + s.db() + ".orders (id INT PRIMARY KEY, a INT, b VARCHAR(40))",
                    "INSERT INTO " + s.db() + ".orders VALUES " + rows(s.base()));
        }
    }

    private static String rows(int base) {
        StringJoiner values = new StringJoiner(",");
        for (int i = 1; i <= ROWS; i++) values.add("(" + (base + i) + ", " + (i % 13) + ", 'row " + i + "')");
        return values.toString();
    }

    /** Rows of the keyless table, the same ones more than once: {@code round} names them. */
    private static void events(MariaDbServer up, String app, int round) {
        StringJoiner values = new StringJoiner(",");
        for (int i = 0; i < 30; i++) values.add("(" + (i % 3) + ", 'round " + round + "')");
        up.exec("INSERT INTO " + app + ".events VALUES " + values);
    }

    /** The migration and the lock still pending: no new column downstream, the held row not there. */
    private static void assertPending(UpstreamDownstream.Pair pair, String app, String target, int held) {
        assertThat(TableComparison.columnNames(pair.downstream(), app, "t"))
                .as("t before the cut-over")
                .doesNotContain("g");
        assertThat(TableComparison.columnNames(pair.downstream(), target, "orders"))
                .as("the target while the lock waits")
                .doesNotContain("d");
        assertThat(MigrationFixture.count(pair.downstream(), target + ".orders WHERE id = " + held))
                .as("shard 1's row after its ALTER, held")
                .isZero();
    }

    /** Each column's ADD COLUMN ran exactly once downstream on {@code db.table}. */
    private static void assertOnce(UpstreamDownstream.Pair pair, String db, String table, String... columns) {
        List<String> ddls = OscIts.downstreamDdls(pair, db, "ADD COLUMN");
        for (String column : columns) {
            Pattern adds = Pattern.compile("(?i)ADD COLUMN `?" + column + "`? ");
            assertThat(ddls.stream()
                            .filter(s -> s.contains(table))
                            .filter(s -> adds.matcher(s).find()))
                    .as("ADD COLUMN " + column + " on " + db + "." + table + " downstream, in " + ddls)
                    .hasSize(1);
        }
    }

    private static void alter(ShardFixture.Shard shard, String clause) {
        shard.server().exec("ALTER TABLE " + shard.db() + ".orders " + clause);
    }

    /** Marker row {@code n} of the shard (id base + 800_000 + n) reached the target: its binlog was read to it. */
    private static void awaitMarker(UpstreamDownstream.Pair pair, String target, ShardFixture.Shard shard, int n) {
        int id = shard.base() + 800_000 + n;
        shard.server().exec("INSERT INTO " + shard.db() + ".orders (id, a, b) VALUES (" + id + ", 0, 'marker')");
        Await.until(
                "marker row " + id + " of " + shard.db() + " in the target",
                WAIT,
                () -> MigrationFixture.count(pair.downstream(), target + ".orders WHERE id = " + id) == 1);
    }

    /** Both shards merged into {@code <prefix>_merged.orders} (pessimistic), t and events as they are. */
    private static TaskConfig task(UpstreamDownstream.Pair pair, String prefix, int parallelism) {
        String yaml = """
                name: it-%1$s
                task-mode: all
                shard-mode: pessimistic
                checkpoint-interval-ms: 500
                %2$s
                target-database: {host: 127.0.0.1, port: %3$d, user: %4$s, password: %5$s}
                mysql-instances:
                  - {source-id: up1, host: 127.0.0.1, port: %6$d, user: %4$s, password: %5$s,
                     server-id: %7$d, block-allow-list: rescale, route-rules: [merge]}
                block-allow-list:
                  rescale: {do-dbs: ["%1$s_app", "%1$s_s1", "%1$s_s2"]}
                routes:
                  merge: {schema-pattern: "%1$s_s*", table-pattern: orders, target-schema: "%1$s_merged", target-table: orders}
                """.formatted(
                        prefix,
                        KeyedSubtasks.yaml(parallelism),
                        pair.downstream().port(),
                        MariaDbServer.USER,
                        MariaDbServer.PASSWORD,
                        pair.upstream().port(),
                        SERVER_IDS.incrementAndGet());
        return new TaskConfigLoader(k -> null).parse(yaml);
    }

    /**
     * The status view moved with its keys from the P=1 savepoint: one subtask (the key's owner)
     * shows the migration, with its start time, and the lock, each once.
     */
    private static void assertStatusMoved(
            MiniCluster mini, TestJob job, String app, String target, ShardFixture.Shard s1) throws Exception {
        String rest = mini.getRestAddress().get().toString();
        Await.until("status shows the migration and the lock at P=4", WAIT, () -> {
            JsonNode r = StatusRuns.json(rest, job.id().toString());
            JsonNode m = r.path("migrations");
            JsonNode l = r.path("shardLocks");
            assertThat(m).as("migrations " + m).hasSize(1);
            assertThat(m.get(0).path("table").asText()).isEqualTo(app + ".t");
            assertThat(m.get(0).path("statements").asInt()).isEqualTo(2);
            assertThat(m.get(0).path("ageMs").isNull()).as("start time kept").isFalse();
            assertThat(l).as("locks " + l).hasSize(1);
            assertThat(l.get(0).path("target").asText()).isEqualTo(target + ".orders");
            assertThat(l.get(0).path("reached").get(0).asText()).isEqualTo("up1:" + s1.db() + ".orders");
            assertThat(l.get(0).path("heldEvents").asLong()).isPositive();
            return true;
        });
    }
}
