package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values that used to change on the way: NULL in a column with a default, zero dates, rows near
 * max_allowed_packet, column names with a backtick. Its own pair of servers: the upstream with
 * {@code sql_mode=''} (it stores zero dates) and a 64 MiB packet, the downstream with TiDB's
 * strict default sql_mode and a 16 MiB packet.
 */
class ValuesIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    static final String TIDB_SQL_MODE = "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
            + "ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION";
    static final int MIB = 1 << 20;

    static UpstreamDownstream.Pair pair;

    @BeforeAll
    static void startServers() {
        List<String> upArgs = new ArrayList<>(UpstreamDownstream.UPSTREAM_ARGS);
        upArgs.addAll(List.of("--max-allowed-packet=64M", "--sql-mode="));
        List<String> downArgs = new ArrayList<>(UpstreamDownstream.DOWNSTREAM_ARGS);
        downArgs.addAll(List.of("--max-allowed-packet=16M", "--sql-mode=" + TIDB_SQL_MODE));
        var up = CompletableFuture.supplyAsync(() -> MariaDbServer.start("upstream", upArgs));
        MariaDbServer down;
        try {
            down = MariaDbServer.start("downstream", downArgs);
        } catch (RuntimeException e) {
            up.thenAccept(MariaDbServer::close);
            throw e;
        }
        try {
            pair = new UpstreamDownstream.Pair(up.join(), down);
        } catch (RuntimeException e) {
            down.close();
            throw e;
        }
    }

    @AfterAll
    static void stopServers() {
        if (pair == null) return;
        try {
            pair.downstream().close();
        } finally {
            pair.upstream().close();
        }
    }

    private static final String NULLABLE_WITH_DEFAULTS = """
            dt0 DATETIME NULL DEFAULT CURRENT_TIMESTAMP, i INT NULL DEFAULT 7, v VARCHAR(10) NULL DEFAULT 'x',
            e ENUM('a','b') NULL DEFAULT 'b', d DATE NULL DEFAULT '2020-01-02', b BIT(3) NULL DEFAULT b'101',
            m DECIMAL(5,2) NULL DEFAULT 1.50, y YEAR NULL DEFAULT 2001, t TIME NULL DEFAULT '01:02:03'""";
    private static final String NULLS = "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL";
    private static final String VALUES =
            "'2024-05-06 07:08:09', 1, 'v', 'a', '2024-05-06', b'010', 3.25, 2024, '10:11:12'";

    @Test
    void nullStaysNullInColumnsWithADefault() throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("nulls");
        MariaDbServer up = pair.upstream();
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".keyed (id INT PRIMARY KEY, " + NULLABLE_WITH_DEFAULTS + ")",
                "CREATE TABLE " + db + ".keyless (id INT, " + NULLABLE_WITH_DEFAULTS + ")",
                "INSERT INTO " + db + ".keyed VALUES (1, " + NULLS + "), (2, " + VALUES + ")",
                "INSERT INTO " + db + ".keyless VALUES (1, " + NULLS + "), (1, " + NULLS + "), (2, " + VALUES + ")");

        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            awaitEqual(db, Duration.ofMinutes(2), "keyed", "keyless");
            MigrationFixture.awaitBinlogPhase(pair, db, db);

            up.exec(
                    "INSERT INTO " + db + ".keyed VALUES (3, " + NULLS + "), (4, " + VALUES + ")",
                    "INSERT INTO " + db + ".keyless VALUES (3, " + NULLS + "), (4, " + VALUES + ")",
                    // NULL -> value and value -> NULL; on the keyless table the before image finds the row.
                    "UPDATE " + db + ".keyed SET i = 5, v = NULL WHERE id = 1",
                    "UPDATE " + db + ".keyed SET dt0 = NULL, i = NULL, v = NULL, e = NULL, d = NULL, b = NULL, "
                            + "m = NULL, y = NULL, t = NULL WHERE id = 2",
                    "UPDATE " + db + ".keyless SET i = 5 WHERE id = 1 LIMIT 1",
                    "UPDATE " + db + ".keyless SET dt0 = NULL, i = NULL, v = NULL, e = NULL, d = NULL, b = NULL, "
                            + "m = NULL, y = NULL, t = NULL WHERE id = 2",
                    "DELETE FROM " + db + ".keyless WHERE id = 3",
                    "DELETE FROM " + db + ".keyed WHERE id = 3");
            awaitEqual(db, Duration.ofMinutes(1), "keyed", "keyless");
            assertTrue(MigrationFixture.count(pair.downstream(), db + ".keyless") == 4);
        }
    }

    /**
     * VIRTUAL and STORED generated columns are computed downstream: the sink leaves them out of
     * what it writes (a value is refused, MariaDB 1906 / TiDB 3105) and out of a keyless match.
     */
    @Test
    void generatedColumnsAreLeftToTheDownstream() throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("generated");
        MariaDbServer up = pair.upstream();
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".keyed (id INT PRIMARY KEY, a INT, v INT AS (a * 2) VIRTUAL, "
                        + "s VARCHAR(20) AS (CONCAT('x', a)) STORED, p INT AS (a + 1) PERSISTENT, b INT)",
                "CREATE TABLE " + db + ".keyless (a INT, v INT AS (a * 2) VIRTUAL, b INT, "
                        + "s VARCHAR(20) AS (CONCAT(a, '-', b)) STORED)",
                "INSERT INTO " + db + ".keyed (id, a, b) VALUES (1, 1, 10), (2, 2, 20), (3, NULL, 30)",
                "INSERT INTO " + db + ".keyless (a, b) VALUES (1, 1), (1, 1), (2, 2), (3, NULL)");

        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            awaitEqual(db, Duration.ofMinutes(2), "keyed", "keyless");
            MigrationFixture.awaitBinlogPhase(pair, db, db);

            up.exec(
                    "INSERT INTO " + db + ".keyed (id, a, b) VALUES (4, 4, 40), (5, 5, 50)",
                    "INSERT INTO " + db + ".keyless (a, b) VALUES (4, 4), (5, 5)",
                    "UPDATE " + db + ".keyed SET a = 7 WHERE id = 1",
                    "UPDATE " + db + ".keyed SET id = 20, b = 21 WHERE id = 2",
                    "DELETE FROM " + db + ".keyed WHERE id = 3",
                    "UPDATE " + db + ".keyless SET a = 9 WHERE a = 1 LIMIT 1",
                    "UPDATE " + db + ".keyless SET b = 8 WHERE a = 3",
                    "DELETE FROM " + db + ".keyless WHERE a = 2");
            awaitEqual(db, Duration.ofMinutes(1), "keyed", "keyless");
            assertTrue(MigrationFixture.count(pair.downstream(), db + ".keyless") == 5);
        }
    }

    /** An ENUM member with a comma (Debezium's binlog values escape it) arrives as the member. */
    @Test
    void enumMembersWithACommaArrive() throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("enum_comma");
        MariaDbServer up = pair.upstream();
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, e ENUM('first', 'last,no', ',', 'a,,b', 'x') NOT NULL, "
                        + "en ENUM('p,q', 'r') NULL)",
                "INSERT INTO " + db + ".t VALUES (1, 'last,no', 'p,q'), (2, ',', NULL), (3, 'a,,b', 'r')");

        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            awaitEqual(db, Duration.ofMinutes(2), "t");
            MigrationFixture.awaitBinlogPhase(pair, db, db);

            up.exec(
                    "INSERT INTO " + db + ".t VALUES (4, 'last,no', 'p,q'), (5, ',', 'r'), (6, 'a,,b', NULL)",
                    "UPDATE " + db + ".t SET e = 'last,no', en = 'p,q' WHERE id = 3",
                    "UPDATE " + db + ".t SET e = 'x', en = NULL WHERE id = 1");
            awaitEqual(db, Duration.ofMinutes(1), "t");
        }
    }

    /** Through the binlog (the snapshot cannot read such tables, see the next test). */
    @Test
    void columnNamesWithABacktickReplicateFromTheBinlog() throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("backtick");
        String[] schema = {
            "CREATE DATABASE " + db,
            "CREATE TABLE " + db + ".keyed (`n``2` INT PRIMARY KEY, `a``b``` VARCHAR(10))",
            "CREATE TABLE " + db + ".keyless (`k``1` INT, v VARCHAR(10), KEY (`k``1`))",
            "CREATE TABLE " + db + ".probe (id INT AUTO_INCREMENT PRIMARY KEY)"
        };
        pair.upstream().exec(schema);
        pair.downstream().exec(schema);
        TaskConfig task = new TaskConfigLoader(k -> null)
                .parse(TestJob.taskYaml(pair, db, "", "").replace("task-mode: all", "task-mode: incremental"));

        try (TestJob job = TestJob.start(task)) {
            // The job starts from the binlog's end at some point after start(): probe until a row arrives.
            Await.until("the binlog reader", Duration.ofMinutes(2), () -> {
                pair.upstream().exec("INSERT INTO " + db + ".probe VALUES ()");
                return MigrationFixture.count(pair.downstream(), db + ".probe") > 0;
            });
            pair.upstream()
                    .exec(
                            "INSERT INTO " + db + ".keyed VALUES (1, 'one'), (2, 'two'), (3, 'three')",
                            "UPDATE " + db + ".keyed SET `a``b``` = 'uno' WHERE `n``2` = 1",
                            "UPDATE " + db + ".keyed SET `n``2` = 20 WHERE `n``2` = 2",
                            "DELETE FROM " + db + ".keyed WHERE `n``2` = 3",
                            "INSERT INTO " + db + ".keyless VALUES (1, 'one'), (2, 'two'), (2, 'two'), (3, 'three')",
                            "UPDATE " + db + ".keyless SET v = 'dos' WHERE `k``1` = 2 LIMIT 1",
                            "DELETE FROM " + db + ".keyless WHERE `k``1` = 1");
            awaitEqual(db, Duration.ofMinutes(1), "keyed", "keyless");
        }
    }

    @Test
    void snapshotRefusesATableWithABacktickInAColumnName() {
        String db = UpstreamDownstream.uniqueDatabase("backtick_snap");
        pair.upstream().exec("CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, `n``2` INT)");
        Exception e = assertThrows(
                Exception.class,
                () -> TestJob.start(TestJob.task(pair, db, "", "")).close());
        assertTrue(e.getMessage().contains(db + ".t (column n`2)"), e.getMessage());
    }

    /**
     * Rows up to 16 MiB downstream: binary values that went out as hex text needed a statement
     * twice the row; a row larger than the downstream's packet stops the job naming the table,
     * both sizes and the setting.
     */
    @Test
    void rowsNearMaxAllowedPacketArriveAndLargerOnesFailClearly(@TempDir Path state) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("large");
        MariaDbServer up = pair.upstream();
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".big (id INT PRIMARY KEY, b LONGBLOB, t LONGTEXT) DEFAULT CHARSET=utf8mb4",
                "CREATE TABLE " + db + ".big_keyless (id INT, b LONGBLOB)",
                "INSERT INTO " + db + ".big VALUES (1, " + blob(10 * MIB) + ", NULL)",
                "INSERT INTO " + db + ".big_keyless VALUES (1, " + blob(7 * MIB) + ")");
        // A checkpoint holds these rows: a file system checkpoint storage, not the JobManager's 5 MiB one.
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, state.toUri().toString());

        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""), null, conf)) {
            awaitEqual(db, Duration.ofMinutes(2), "big", "big_keyless");
            MigrationFixture.awaitBinlogPhase(pair, db, db);

            List<String> medium = new ArrayList<>(List.of("BEGIN"));
            for (int id = 10; id < 40; id++) {
                medium.add("INSERT INTO " + db + ".big VALUES (" + id + ", " + blob(MIB) + ", " + text(MIB / 4) + ")");
            }
            medium.add("COMMIT");
            up.exec(medium.toArray(String[]::new));
            up.exec(
                    "INSERT INTO " + db + ".big VALUES (2, " + blob(9 * MIB) + ", " + text(5 * MIB) + ")",
                    "UPDATE " + db + ".big SET b = " + blob(12 * MIB) + " WHERE id = 1",
                    // Keyless: the statement carries both images, 14 MiB.
                    "UPDATE " + db + ".big_keyless SET b = " + blob(7 * MIB - 1) + " WHERE id = 1");
            awaitEqual(db, Duration.ofMinutes(2), "big", "big_keyless");

            up.exec("INSERT INTO " + db + ".big VALUES (100, " + blob(17 * MIB) + ", NULL)");
            String failure = job.awaitFailure();
            assertTrue(
                    failure.contains("a row of table " + db + ".big needs a statement of ")
                            && failure.contains("max_allowed_packet of 16777216 bytes"),
                    failure);
        }
    }

    /**
     * With upstream sql_mode '' and a downstream as strict as TiDB's default: YEAR 0 and zero
     * TIMESTAMPs arrive as stored, snapshot and binlog. A zero date in a NOT NULL DATE/DATETIME,
     * which Debezium drops before osc-sync sees it, stops the job naming table and column.
     */
    @Test
    void yearZeroAndZeroTimestampsArriveAndALostZeroDateStopsTheJob() throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("zero");
        MariaDbServer up = pair.upstream();
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, y YEAR NOT NULL, yn YEAR NULL, ts TIMESTAMP NOT NULL, "
                        + "tsn TIMESTAMP(6) NULL, d DATE NOT NULL, dn DATE NULL, dt DATETIME(6) NOT NULL, dtn DATETIME NULL)",
                "INSERT INTO " + db + ".t VALUES (1, 0, 0, '0000-00-00 00:00:00', NULL, '1970-01-01', NULL, "
                        + "'1970-01-01 00:00:00', NULL), (2, 1901, 2155, '2000-01-01 00:00:00', '2038-01-19 03:14:07.999999', "
                        + "'2024-02-29', '1000-01-01', '9999-12-31 23:59:59.999999', '2000-01-01 00:00:00')");

        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            awaitEqual(db, Duration.ofMinutes(2), "t");
            MigrationFixture.awaitBinlogPhase(pair, db, db);

            up.exec(
                    "INSERT INTO " + db + ".t VALUES (3, 0, 0, '0000-00-00 00:00:00', '0000-00-00 00:00:00', "
                            + "'1970-01-01', '1970-01-01', '1970-01-01 00:00:00', '1970-01-01 00:00:00')",
                    "UPDATE " + db + ".t SET y = 0, yn = NULL, ts = '0000-00-00 00:00:00', tsn = '0000-00-00 00:00:00' "
                            + "WHERE id = 2",
                    "UPDATE " + db + ".t SET y = 2024, ts = '2001-01-01 00:00:00' WHERE id = 1");
            awaitEqual(db, Duration.ofMinutes(1), "t");

            up.exec("INSERT INTO " + db + ".t VALUES (4, 2000, NULL, '2001-01-01', NULL, '0000-00-00', NULL, "
                    + "'2024-02-00 00:00:00', NULL)");
            String failure = job.awaitFailure();
            assertTrue(failure.contains("table " + db + ".t: NOT NULL column d holds a zero"), failure);
        }
    }

    /** Binary of about {@code bytes} bytes with every byte the SQL text escapes: zero, quote, backslash, newline. */
    private static String blob(int bytes) {
        return "REPEAT(x'00275C22FF0A1A41', " + bytes / 8 + ")";
    }

    private static String text(int chars) {
        return "REPEAT('it''s a \\ \"q\" ü😀', " + chars / 16 + ")";
    }

    private static void awaitEqual(String db, Duration timeout, String... tables) {
        TableComparison.awaitSame(pair, db, timeout, tables);
    }
}
