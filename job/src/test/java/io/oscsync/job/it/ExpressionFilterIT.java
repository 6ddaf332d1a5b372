package io.oscsync.job.it;

import io.oscsync.job.source.PreconditionException;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DM's expression-filter: binlog inserts, updates and deletes matching their rule's expression are
 * not replicated, the rest are; snapshot rows are not filtered (DM filters incremental changes only).
 */
@ExtendWith(UpstreamDownstream.class)
class ExpressionFilterIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    @Test
    void matchingRowChangesAreDropped(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("exprf");
        MariaDbServer up = pair.upstream();
        MariaDbServer down = pair.downstream();
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, c INT, name VARCHAR(20))",
                "INSERT INTO " + db + ".t VALUES (1, 1, 'a'), (2, 2, 'b'), (30, 30, 'keep-me'), (40, 40, 'x')");
        String rules = """
                expression-filter:
                  even_c:
                    schema: "%1$s"
                    table: "t"
                    insert-value-expr: "c %% 2 = 0"
                  keep_deleted:
                    schema: "%1$s"
                    table: "t"
                    delete-value-expr: "id = 30 OR name LIKE 'keep%%'"
                  one_to_hundred:
                    schema: "%1$s"
                    table: "t"
                    update-old-value-expr: "c = 1"
                    update-new-value-expr: "c = 100"
                  name_cleared:
                    schema: "%1$s"
                    table: "t"
                    update-new-value-expr: "name IS NULL"
                """.formatted(db);
        String instance = "expression-filters: [even_c, keep_deleted, one_to_hundred, name_cleared]";
        try (TestJob job = TestJob.start(TestJob.task(pair, db, instance, rules))) {
            Await.until(
                    "snapshot, not filtered",
                    Duration.ofMinutes(2),
                    () -> MigrationFixture.count(down, db + ".t") == 4);
            MigrationFixture.awaitBinlogPhase(pair, db, db);

            up.exec(
                    "INSERT INTO " + db + ".t VALUES (3, 3, 'c'), (4, 4, 'd')", // 4 dropped
                    "UPDATE " + db + ".t SET c = 100 WHERE id = 1", // old c = 1 and new c = 100: dropped
                    "UPDATE " + db + ".t SET c = 41 WHERE id = 40", // applied
                    "UPDATE " + db + ".t SET name = NULL WHERE id = 2", // new name IS NULL: dropped
                    "DELETE FROM " + db + ".t WHERE id = 30", // dropped
                    "DELETE FROM " + db + ".t WHERE id = 3", // applied
                    "INSERT INTO " + db + ".t VALUES (999, 999, 'end')"); // the last change: odd, replicated
            Await.until(
                    "the last change",
                    Duration.ofMinutes(2),
                    () -> MigrationFixture.count(down, db + ".t WHERE id = 999") == 1);
            assertEquals(
                    List.of(
                            List.of("1", "1", "a"),
                            List.of("2", "2", "b"),
                            List.of("30", "30", "keep-me"),
                            List.of("40", "41", "x"),
                            List.of("999", "999", "end")),
                    down.query("SELECT id, c, COALESCE(name, 'NULL') FROM " + db + ".t ORDER BY id"));
        }
    }

    /** A column the table does not have: refused at start when the table exists, else at its first row. */
    @Test
    void aColumnTheTableLacksIsRefused(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("exprcol");
        MariaDbServer up = pair.upstream();
        up.exec("CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, c INT)");
        String rule = """
                expression-filter:
                  typo:
                    schema: "%s"
                    table: "%s"
                    insert-value-expr: "cc > 1"
                """;
        String instance = "expression-filters: [typo]";
        PreconditionException e = assertThrows(
                PreconditionException.class,
                () -> TestJob.start(TestJob.task(pair, db, instance, rule.formatted(db, "t"))));
        assertTrue(
                e.getMessage()
                        .contains("expression-filter typo: \"cc > 1\" names [cc], which " + db + ".t does not have"),
                e.getMessage());

        try (TestJob job = TestJob.start(TestJob.task(pair, db, instance, rule.formatted(db, "later")))) {
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            up.exec(
                    "CREATE TABLE " + db + ".later (id INT PRIMARY KEY, c INT)",
                    "INSERT INTO " + db + ".later VALUES (1, 2)");
            String failure = job.awaitFailure();
            assertTrue(
                    failure.contains(
                            "expression-filter typo on " + db + ".later: \"cc > 1\": the table has no column cc"),
                    failure);
        }
    }
}
