package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.GhostReplay;
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

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13: a DM task's name regexes and event filters mean what they mean in DM. */
@ExtendWith(UpstreamDownstream.class)
class DmTaskRulesIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final int ROWS = 500;

    /** DM's {@code tbl-name: "~^t_[\\d]+"} is a regular expression: t_1 and t_2 are replicated, the others not. */
    @Test
    void regexTableNamesReplicateTheTablesTheyMatch(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("dm_regex");
        MariaDbServer up = pair.upstream();
        MariaDbServer down = pair.downstream();
        up.exec("CREATE DATABASE " + db);
        for (String t : new String[] {"t_1", "t_2", "t_x", "tt_1", "other"}) {
            up.exec(
                    "CREATE TABLE " + db + "." + t + " (id INT PRIMARY KEY, v VARCHAR(20))",
                    "INSERT INTO " + db + "." + t + " VALUES (1, 'before start'), (2, 'x')");
        }
        String yaml = TestJob.taskYaml(pair, db, "", "")
                .replace(
                        "do-dbs: [\"" + db + "\"]",
                        "do-tables:\n      - db-name: \"" + db + "\"\n        tbl-name: \"~^t_[\\\\d]+\"");
        assertThat(yaml).contains("tbl-name: \"~^t_[\\\\d]+\"");
        try (TestJob job = TestJob.start(new TaskConfigLoader(k -> null).parse(yaml))) {
            Await.until(
                    "t_1 and t_2 snapshotted",
                    Duration.ofMinutes(2),
                    () -> MigrationFixture.count(down, db + ".t_1") == 2
                            && MigrationFixture.count(down, db + ".t_2") == 2);
            for (String t : new String[] {"t_1", "t_2", "t_x", "tt_1", "other"}) {
                up.exec(
                        "INSERT INTO " + db + "." + t + " VALUES (3, 'from the binlog')",
                        "DELETE FROM " + db + "." + t + " WHERE id = 2");
            }
            // Created last: once its row is downstream, every earlier event has been through the filter.
            up.exec(
                    "CREATE TABLE " + db + ".t_3 (id INT PRIMARY KEY, v VARCHAR(20))",
                    "INSERT INTO " + db + ".t_3 VALUES (1, 'created later')");
            Await.until("t_3 replicated", Duration.ofMinutes(2), () -> MigrationFixture.count(down, db + ".t_3") == 1);
            Await.until("the matching tables equal", Duration.ofMinutes(1), () -> {
                for (String t : new String[] {"t_1", "t_2", "t_3"})
                    TableComparison.assertSameTable(up, db, t, down, db, t);
                return true;
            });
            for (String t : new String[] {"t_x", "tt_1", "other"}) TableComparison.assertNoTable(down, db, t);
        }
    }

    /**
     * DM compiles sql-pattern case-insensitively: a rule written upper-case keeps gh-ost's
     * lower-case {@code add key} from the target while the migration goes on. And DM filters an
     * ALTER clause by clause: a "drop index" rule drops the DROP INDEX of a later migration (the
     * index is not downstream) and keeps its ADD COLUMN.
     */
    @Test
    void filtersDropGhostIndexesAndKeepTheRest(UpstreamDownstream.Pair pair) throws Exception {
        String db = MigrationFixture.seed(pair, "dm_filter", ROWS);
        MariaDbServer up = pair.upstream();
        MariaDbServer down = pair.downstream();
        String filters = """
                filters:
                  no-add-key:
                    schema-pattern: "%1$s"
                    sql-pattern: ["ALTER\\\\s.*TABLE[\\\\s\\\\S]*ADD\\\\s+KEY"]
                    action: Ignore
                  no-drop-index:
                    schema-pattern: "%1$s"
                    table-pattern: "t"
                    events: ["drop index"]
                    action: Ignore
                """.formatted(db);
        var task = TestJob.task(pair, db, "filter-rules: [no-add-key, no-drop-index]", filters);
        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, task, ROWS)) {
            GhostReplay ghost = new GhostReplay(up, db, "t");
            ghost.start("add key ix_a (a)");
            ghost.copyRows(MigrationFixture.COLUMNS, 100, ROWS);
            up.exec("INSERT INTO " + db + ".t VALUES (" + (ROWS + 1) + ", 1, 'during the first migration')");
            ghost.syncAndCutOverAtomic(MigrationFixture.COLUMNS);
            Await.until("t equal after the first migration", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(up, db, "t", down, db, "t");
                return true;
            });
            assertThat(up.query("SHOW INDEX FROM " + db + ".t WHERE Key_name = 'ix_a'"))
                    .isNotEmpty();
            assertThat(down.query("SHOW INDEX FROM " + db + ".t WHERE Key_name = 'ix_a'"))
                    .as("the filtered index never reaches the target")
                    .isEmpty();

            ghost.start("ADD COLUMN c3 INT NULL, DROP INDEX ix_a");
            ghost.copyRows(MigrationFixture.COLUMNS, 100, ROWS + 1);
            up.exec("INSERT INTO " + db + ".t VALUES (" + (ROWS + 2) + ", 2, 'during the second migration')");
            ghost.syncAndCutOverAtomic(MigrationFixture.COLUMNS);
            up.exec("UPDATE " + db + ".t SET c3 = id WHERE id % 5 = 0");

            Await.until("t equal downstream", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(up, db, "t", down, db, "t");
                return true;
            });
            assertThat(down.query("SHOW INDEX FROM " + db + ".t WHERE Key_name = 'ix_a'"))
                    .isEmpty();
            assertThat(down.query("SHOW COLUMNS FROM " + db + ".t LIKE 'c3'")).hasSize(1);
            TableComparison.assertNoTable(down, db, "\\_%");
        }
    }
}
