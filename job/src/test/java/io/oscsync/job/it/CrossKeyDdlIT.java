package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.coordinator.Coordinator;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import io.oscsync.udfs.TableId;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DDL whose effect spans target tables of different keys, each table placed on another keyed
 * subtask: a rename then rows of the new name, a three-pair swap, CREATE TABLE LIKE then an ALTER
 * of its source, DROP then CREATE of one name, a foreign key's parent and child, a two-table DROP.
 * Downstream must end equal, table for table, and each rename must run once.
 */
@ExtendWith(UpstreamDownstream.class)
class CrossKeyDdlIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void ddlSpanningKeysKeepsBinlogOrderAcrossSubtasks(int parallelism, UpstreamDownstream.Pair pair) throws Exception {
        String db = MigrationFixture.seed(pair, "xkey" + parallelism, 10);
        List<String> n = spread(db, 9, parallelism);
        String a = n.get(0), c = n.get(1), b = n.get(2), tmp = n.get(3), d = n.get(4);
        String parent = n.get(5), child = n.get(6), e = n.get(7), f = n.get(8);
        MariaDbServer up = pair.upstream();
        OscIts.logDownstreamStatements(pair, true);
        TaskConfig task = TestJob.task(pair, db, "", "parallelism: " + parallelism);
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, task, 10)) {
            up.exec(
                    "CREATE TABLE " + db + "." + a + " (id INT PRIMARY KEY, v INT)",
                    "CREATE TABLE " + db + "." + b + " (id INT PRIMARY KEY, v INT)",
                    insert(db, a, 1, 50),
                    insert(db, b, 1, 50));
            // A rename, then rows under the new name: they need the rename downstream first.
            up.exec(
                    "RENAME TABLE " + db + "." + a + " TO " + db + "." + c,
                    insert(db, c, 51, 100),
                    "UPDATE " + db + "." + c + " SET v = v + 1 WHERE id % 3 = 0");
            // A swap through a third name: one pair per binlog event, each on other keys.
            up.exec(
                    "RENAME TABLE " + db + "." + b + " TO " + db + "." + tmp + ", " + db + "." + c + " TO " + db + "."
                            + b + ", " + db + "." + tmp + " TO " + db + "." + c,
                    insert(db, b, 101, 120),
                    insert(db, c, 201, 220),
                    "DELETE FROM " + db + "." + b + " WHERE id % 5 = 0");
            // LIKE copies its source as it is now: the ALTER after it must not reach the copy.
            up.exec(
                    "CREATE TABLE " + db + "." + d + " LIKE " + db + "." + b,
                    insert(db, d, 1, 20),
                    "ALTER TABLE " + db + "." + b + " ADD COLUMN x INT NOT NULL DEFAULT 7",
                    "INSERT INTO " + db + "." + b + " (id, v, x) VALUES (500, 1, 8)");
            // DROP then CREATE of one name: one key, in order.
            up.exec(
                    "DROP TABLE " + db + "." + d,
                    "CREATE TABLE " + db + "." + d + " (id INT PRIMARY KEY, w VARCHAR(10))",
                    "INSERT INTO " + db + "." + d + " VALUES (1, 'again')");
            // A child whose foreign key names a parent on another key.
            up.exec(
                    "CREATE TABLE " + db + "." + parent + " (id INT PRIMARY KEY, v INT)",
                    "CREATE TABLE " + db + "." + child + " (id INT PRIMARY KEY, p INT, "
                            + "CONSTRAINT fk_p FOREIGN KEY (p) REFERENCES " + db + "." + parent + " (id))",
                    insert(db, parent, 1, 30),
                    "INSERT INTO " + db + "." + child + " SELECT id, id FROM " + db + "." + parent
                            + " WHERE id % 2 = 0",
                    "DELETE FROM " + db + "." + child + " WHERE id % 4 = 0",
                    "DELETE FROM " + db + "." + parent + " WHERE id % 4 = 0 OR id % 2 = 1");
            // One DROP of two tables on two keys, then one of the names again.
            up.exec(
                    "CREATE TABLE " + db + "." + e + " (id INT PRIMARY KEY, v INT)",
                    "CREATE TABLE " + db + "." + f + " (id INT PRIMARY KEY, v INT)",
                    insert(db, e, 1, 10),
                    insert(db, f, 1, 10),
                    "DROP TABLE " + db + "." + e + ", " + db + "." + f,
                    "CREATE TABLE " + db + "." + f + " (id INT PRIMARY KEY, z INT)",
                    "INSERT INTO " + db + "." + f + " VALUES (1, 1)");
            up.exec("INSERT INTO " + db + ".t VALUES (11, 0, 'last')");

            Await.until("the last row downstream", Duration.ofMinutes(2), () -> {
                if (jobFailed(job)) throw new AssertionError("the job failed: " + failure(job));
                return MigrationFixture.count(pair.downstream(), db + ".t") == 11;
            });
            // Tables are applied independently: each may still be landing when t's last row is there.
            List<String> tables = tables(up, db);
            Await.until("the same tables downstream", Duration.ofMinutes(1), () -> {
                if (jobFailed(job)) throw new AssertionError("the job failed: " + failure(job));
                assertThat(tables(pair.downstream(), db)).isEqualTo(tables);
                for (String t : tables) {
                    TableComparison.assertSameDefinition(up, db, t, pair.downstream(), db, t);
                    TableComparison.assertSameTable(up, db, t, pair.downstream(), db, t);
                }
                return true;
            });
            assertThat(renamesDownstream(pair, db)).hasSize(4);
        } finally {
            OscIts.logDownstreamStatements(pair, false);
        }
    }

    /** {@code count} table names of {@code db}, the i-th on keyed subtask i mod {@code parallelism}. */
    static List<String> spread(String db, int count, int parallelism) {
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < count; i++) {
            String name = "k" + i;
            int subtask = KeyGroupRangeAssignment.assignKeyToParallelOperator(
                    Coordinator.key(new TableId(db, name)), TaskConfig.MAX_PARALLELISM, parallelism);
            if (subtask == out.size() % parallelism) out.add(name);
        }
        return out;
    }

    private static String insert(String db, String table, int from, int to) {
        StringJoiner values = new StringJoiner(", ");
        for (int i = from; i <= to; i++) values.add("(" + i + ", " + (i * 7 % 11) + ")");
        return "INSERT INTO " + db + "." + table + " VALUES " + values;
    }

    private static List<String> tables(MariaDbServer s, String db) {
        TreeSet<String> names = new TreeSet<>();
        for (List<String> r : s.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", db))
            names.add(r.get(0));
        return List.copyOf(names);
    }

    private static List<String> renamesDownstream(UpstreamDownstream.Pair pair, String db) {
        return pair
                .downstream()
                .query(
                        "SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log WHERE command_type = 'Query'"
                                + " AND LOWER(CONVERT(argument USING utf8mb4)) REGEXP '^[[:space:]]*rename'"
                                + " AND CONVERT(argument USING utf8mb4) LIKE ?",
                        "%" + db + "%")
                .stream()
                .map(r -> r.get(0))
                .toList();
    }

    private static boolean jobFailed(TestJob job) {
        try {
            return job.status() == JobStatus.FAILED;
        } catch (Exception ex) {
            return false;
        }
    }

    private static String failure(TestJob job) {
        try {
            return job.awaitFailure();
        } catch (Exception ex) {
            return ex.toString();
        }
    }
}
