package io.oscsync.job.it;

import io.oscsync.job.testing.Await;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routes to another schema and table: rows and plain DDL (ALTER, CREATE, TRUNCATE, DROP) follow the route. */
@ExtendWith(UpstreamDownstream.class)
class RoutingIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    @Test
    void rowsAndDdlFollowTheRoutes(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("route_src");
        String target = UpstreamDownstream.uniqueDatabase("route_dst");
        MariaDbServer up = pair.upstream();
        MariaDbServer down = pair.downstream();
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".items (id INT PRIMARY KEY, name VARCHAR(20))",
                "CREATE TABLE " + db + ".other (id INT PRIMARY KEY, v INT)",
                "INSERT INTO " + db + ".items VALUES (1, 'one'), (2, 'two')",
                "INSERT INTO " + db + ".other VALUES (1, 10)");
        String routes = """
                routes:
                  items-to-goods:
                    schema-pattern: "%1$s"
                    table-pattern: "items"
                    target-schema: "%2$s"
                    target-table: "goods"
                  schema:
                    schema-pattern: "%1$s"
                    target-schema: "%2$s"
                """.formatted(db, target);
        try (TestJob job = TestJob.start(TestJob.task(pair, db, "route-rules: [items-to-goods, schema]", routes))) {
            Await.until(
                    "snapshot routed",
                    Duration.ofMinutes(2),
                    () -> MigrationFixture.count(down, target + ".goods") == 2
                            && MigrationFixture.count(down, target + ".other") == 1);
            MigrationFixture.awaitBinlogPhase(pair, db, target);

            up.exec(
                    "ALTER TABLE " + db + ".items ADD COLUMN price DECIMAL(8,2) NOT NULL DEFAULT 0",
                    "INSERT INTO " + db + ".items VALUES (3, 'three', 3.50)",
                    "UPDATE " + db + ".items SET name = 'uno' WHERE id = 1",
                    "CREATE TABLE " + db + ".later (id INT PRIMARY KEY, note TEXT)",
                    "INSERT INTO " + db + ".later VALUES (1, 'created after start')",
                    "TRUNCATE TABLE " + db + ".other",
                    "INSERT INTO " + db + ".other VALUES (7, 70)",
                    "CREATE TABLE " + db + ".swap_a (id INT PRIMARY KEY)",
                    "CREATE TABLE " + db + ".swap_b (id INT PRIMARY KEY, b INT)",
                    "RENAME TABLE " + db + ".later TO " + db + ".later2, " + db + ".swap_a TO " + db + ".swap_tmp, "
                            + db + ".swap_b TO " + db + ".swap_a, " + db + ".swap_tmp TO " + db + ".swap_b",
                    "INSERT INTO " + db + ".swap_a VALUES (1, 2)",
                    "INSERT INTO " + db + ".later2 VALUES (2, 'after rename')");

            Await.until("routed tables equal", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(up, db, "items", down, target, "goods");
                TableComparison.assertSameTable(up, db, "other", down, target, "other");
                TableComparison.assertSameTable(up, db, "later2", down, target, "later2");
                TableComparison.assertSameTable(up, db, "swap_a", down, target, "swap_a");
                TableComparison.assertSameTable(up, db, "swap_b", down, target, "swap_b");
                return true;
            });
            up.exec("DROP TABLE " + db + ".later2");
            // Absent by name, the routed schema and its other tables still there (binlog_probe is
            // awaitBinlogPhase's): not any query that fails.
            Await.until("drop routed", Duration.ofMinutes(1), () -> {
                assertEquals(
                        List.of(
                                List.of("binlog_probe"),
                                List.of("goods"),
                                List.of("other"),
                                List.of("swap_a"),
                                List.of("swap_b")),
                        down.query(
                                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                                        + "ORDER BY TABLE_NAME",
                                target));
                return true;
            });
            assertTrue(
                    down.query("SHOW DATABASES LIKE '" + db + "'").isEmpty(),
                    "nothing written under the upstream schema name");
            TableComparison.assertNoTable(down, target, "items");
        }
    }
}
