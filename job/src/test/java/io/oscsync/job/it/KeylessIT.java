package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.source.UpstreamChecks;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tables without a primary key: every row of the snapshot arrives, and later changes find their row. */
@ExtendWith(UpstreamDownstream.class)
class KeylessIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final String[] TABLES = {
        "null_first", "null_index", "dup_index", "dup_rows", "approx", "big_null", "set_empty", "blob_first"
    };

    @Test
    void keylessTablesArriveWholeAndChangesFindTheirRow(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("keyless");
        MariaDbServer up = pair.upstream();
        up.exec(
                "CREATE DATABASE " + db,
                // the snapshot splits on the first column, NULL in some rows
                "CREATE TABLE " + db + ".null_first (a INT NULL, b VARCHAR(10))",
                "INSERT INTO " + db + ".null_first VALUES (NULL, 'n1'), (1, 'x'), (NULL, 'n2'), (2, 'y'), (NULL, 'n3')",
                // on the first column of an index, NULL and duplicates
                "CREATE TABLE " + db + ".null_index (a INT, b VARCHAR(10) NULL, KEY ix_b (b))",
                "INSERT INTO " + db + ".null_index VALUES (1, NULL), (2, NULL), (3, 'p'), (4, 'p'), (5, NULL)",
                "CREATE TABLE " + db + ".dup_index (a INT, b INT NOT NULL, KEY ix_b (b))",
                "INSERT INTO " + db + ".dup_index VALUES (1, 7), (2, 7), (3, 7), (4, 8), (5, 8), (6, 9)",
                "CREATE TABLE " + db + ".dup_rows (a INT, b VARCHAR(10))",
                "INSERT INTO " + db + ".dup_rows VALUES (1, 'a'), (1, 'a'), (1, 'a'), (2, 'b'), (2, 'b')",
                "CREATE TABLE " + db + ".approx (f FLOAT, d DOUBLE, j JSON, t TEXT, n INT)",
                "INSERT INTO " + db + ".approx VALUES (1.1, 2.2, '{\"a\": 1}', 'one', 1), (NULL, 0.1, NULL, NULL, 2), "
                        + "(3.3, NULL, '[1, 2]', 'three', 3)",
                // more rows than one snapshot chunk (8096), NULL in the first column
                "CREATE TABLE " + db + ".big_null (a INT NULL, b INT NOT NULL)",
                "INSERT INTO " + db + ".big_null SELECT IF(seq % 3 = 0, NULL, seq), seq FROM " + db + ".seq_1_to_9000",
                // NOT NULL columns only of types Flink CDC cannot split on: split on the nullable DATETIME, NULL
                // rows kept (differential seed 20261131 split on a LONGBLOB of 9 MB values: "chunkStartVal is null";
                // these small values do not make Flink CDC fail, the seed is the regression case)
                "CREATE TABLE " + db + ".blob_first (b LONGBLOB NOT NULL, d DATETIME NULL, v VARBINARY(8) NOT NULL)",
                // (values alike in their first 1024 bytes, all the server orders BLOBs by)
                "INSERT INTO " + db + ".blob_first VALUES (REPEAT(x'00ff7f', 1000), NULL, x'00'), "
                        + "(x'ff', '2024-01-02 03:04:05', x'01'), (CONCAT(REPEAT(x'00ff7f', 1000), x'01'), NULL, x'02'), "
                        + "(x'', '1999-12-31 23:59:59', x'ff'), (CONCAT(REPEAT(x'00ff7f', 1000), x'02'), NULL, x'03')",
                // the '' member first among a value's members: the server reads ',Q' back as 'Q'
                "CREATE TABLE " + db + ".set_empty (s SET('b', '', 'Q'), n INT)",
                "INSERT INTO " + db + ".set_empty VALUES (',Q', 1), (',Q', 2), ('b,,Q', 3), ('', 4)");

        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            awaitEqual(pair, db, Duration.ofMinutes(2));
            MigrationFixture.awaitBinlogPhase(pair, db, db);

            up.exec(
                    "UPDATE " + db + ".null_first SET b = 'n2x' WHERE b = 'n2'",
                    "DELETE FROM " + db + ".null_first WHERE b = 'n3'",
                    "UPDATE " + db + ".dup_rows SET b = 'c' WHERE a = 1 LIMIT 1",
                    "DELETE FROM " + db + ".dup_rows WHERE a = 2 LIMIT 1",
                    "UPDATE " + db + ".approx SET n = 10 WHERE n = 1",
                    "UPDATE " + db + ".approx SET n = 20 WHERE n = 2",
                    "DELETE FROM " + db + ".approx WHERE n = 3",
                    "UPDATE " + db + ".big_null SET b = -b WHERE a IS NULL AND b < 100",
                    "INSERT INTO " + db + ".set_empty VALUES (',Q', 5), (',Q', 6)",
                    "UPDATE " + db + ".set_empty SET n = 10 WHERE n IN (1, 5)",
                    "DELETE FROM " + db + ".set_empty WHERE n IN (2, 6)");
            awaitEqual(pair, db, Duration.ofMinutes(1));
        }
    }

    /**
     * Debezium takes the first unique key of a table without a primary key as its key, nullable
     * columns or not (and calls them NOT NULL): the snapshot keeps one row per key, so the rows
     * sharing NULL there were merged into one; the binlog's NULLs arrived as 0. Such a table is refused at start, naming it and the key; so is
     * one the chunk bounds would lose NULL rows of.
     */
    @Test
    void startRefusesKeylessTablesThatWouldArriveWrong(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("keyless_uk");
        pair.upstream()
                .exec(
                        "CREATE DATABASE " + db,
                        "CREATE TABLE " + db + ".null_unique (a INT, u INT NULL, UNIQUE KEY uk_u (u))",
                        "INSERT INTO " + db + ".null_unique VALUES (1, NULL), (2, NULL), (3, 5), (4, NULL)",
                        // a unique key of NOT NULL columns besides: Debezium takes that one, and the table is copied
                        "CREATE TABLE " + db
                                + ".two_unique (a INT NOT NULL, u INT NULL, UNIQUE KEY uk_u (u), UNIQUE KEY uk_a (a))",
                        // no NOT NULL column to split on, NULLs, and more than one chunk
                        "CREATE TABLE " + db + ".all_nullable (a INT NULL, b INT NULL)",
                        "INSERT INTO " + db + ".all_nullable SELECT IF(seq % 3 = 0, NULL, seq), seq FROM " + db
                                + ".seq_1_to_9000",
                        // no column of a type Flink CDC's splitter orders as the server does: a warning
                        "CREATE TABLE " + db + ".only_binary (b BLOB NOT NULL, v VARBINARY(8) NULL)",
                        "INSERT INTO " + db + ".only_binary VALUES (x'00', x'01')");
        Exception e = assertThrows(
                Exception.class,
                () -> TestJob.start(TestJob.task(pair, db, "", "")).close());
        assertTrue(
                e.getMessage().contains(db + ".null_unique (its unique key uk_u (u) has nullable columns"),
                e.getMessage());
        assertTrue(e.getMessage().contains(db + ".all_nullable (it has no NOT NULL column"), e.getMessage());
        // A table with no column the splitter orders as the server does is copied, with a warning.
        assertFalse(e.getMessage().contains("only_binary"), e.getMessage());
        assertTrue(
                UpstreamChecks.check(TestJob.task(pair, db, "", "")).warnings().stream()
                        .anyMatch(w -> w.contains(db + ".only_binary has no primary key and no column of a type")),
                "a warning names only_binary");
        assertFalse(e.getMessage().contains("two_unique"), e.getMessage());

        // The binlog alone too: NULL would arrive as 0. Only the snapshot loses rows to chunk bounds.
        TaskConfig incremental = new TaskConfigLoader(k -> null)
                .parse(TestJob.taskYaml(pair, db, "", "").replace("task-mode: all", "task-mode: incremental"));
        e = assertThrows(Exception.class, () -> TestJob.start(incremental).close());
        assertTrue(
                e.getMessage().contains(db + ".null_unique (its unique key uk_u (u) has nullable columns"),
                e.getMessage());
        assertFalse(e.getMessage().contains("all_nullable"), e.getMessage());
        assertFalse(e.getMessage().contains("only_binary"), e.getMessage());
    }

    private static void awaitEqual(UpstreamDownstream.Pair pair, String db, Duration timeout) {
        TableComparison.awaitSame(pair, db, timeout, TABLES);
    }
}
