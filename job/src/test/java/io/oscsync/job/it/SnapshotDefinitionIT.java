package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.GhostReplay;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.PtOsc;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Downstream tables are made from the definition the snapshot reads, in the job: a schema change
 * right after start-up is not lost, nor after a start that committed nothing; foreign keys do not
 * stop the start; ghost and trash tables are never read by the snapshot; and a table the target
 * cannot create is refused like any DDL.
 */
@ExtendWith(UpstreamDownstream.class)
class SnapshotDefinitionIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    @Test
    void aSchemaChangeRightAfterStartUpReachesTheDownstreamDefinition(UpstreamDownstream.Pair pair) throws Exception {
        String db = seedWithDefaults(pair, "defpoint");
        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            // Start-up is over (checks done, job submitted); the snapshot has not read t yet.
            pair.upstream()
                    .exec(
                            "ALTER TABLE " + db + ".t DROP COLUMN c1, ADD COLUMN c1 INT NOT NULL DEFAULT 47",
                            "INSERT INTO " + db + ".t (id, c2) VALUES (1001, 5)");
            awaitSame(pair, db, "t");
        }
    }

    @Test
    void aSchemaChangeAfterAStartThatCommittedNothingReachesTheDownstreamDefinition(UpstreamDownstream.Pair pair)
            throws Exception {
        String db = seedWithDefaults(pair, "defrestart");
        Configuration noCheckpoint = new Configuration();
        noCheckpoint.set(ExecutionCheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofHours(1));
        try (TestJob first = TestJob.start(TestJob.task(pair, db, "", ""), null, noCheckpoint)) {
            Await.until("the first job's snapshot read", Duration.ofMinutes(1), () -> running(first));
        } // cancelled before its first checkpoint: nothing of it reached the downstream
        pair.upstream().exec("ALTER TABLE " + db + ".t DROP COLUMN c1, ADD COLUMN c1 INT NOT NULL DEFAULT 47");
        try (TestJob second = TestJob.start(TestJob.task(pair, db, "", ""))) {
            pair.upstream().exec("INSERT INTO " + db + ".t (id, c2) VALUES (1001, 5)");
            awaitSame(pair, db, "t");
        }
    }

    @Test
    void foreignKeysStartAndSurviveOnlineSchemaChanges(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("fk");
        MariaDbServer up = pair.upstream();
        // The child sorts first: start-up used to create it before its parent.
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".z_parent (id INT PRIMARY KEY, name VARCHAR(20))",
                "CREATE TABLE " + db + ".a_child (id INT PRIMARY KEY, pid INT, "
                        + "CONSTRAINT fk_parent FOREIGN KEY (pid) REFERENCES z_parent (id))",
                "INSERT INTO " + db + ".z_parent VALUES " + values(50, "(%d, 'p%d')"),
                "INSERT INTO " + db + ".a_child VALUES " + values(50, "(%d, %d)"));
        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            awaitSame(pair, db, "z_parent");
            awaitSame(pair, db, "a_child");
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            PtOsc.run(up, db, "a_child", "ADD COLUMN note VARCHAR(10) DEFAULT 'n'");
            PtOsc.run(
                    up,
                    db,
                    "z_parent",
                    "ADD COLUMN rank INT NOT NULL DEFAULT 3",
                    "--alter-foreign-keys-method=rebuild_constraints");
            up.exec(
                    "INSERT INTO " + db + ".z_parent (id, name) VALUES (51, 'p51')",
                    "INSERT INTO " + db + ".a_child (id, pid) VALUES (51, 51)",
                    "DELETE FROM " + db + ".a_child WHERE pid = 7",
                    "DELETE FROM " + db + ".z_parent WHERE id = 7");
            awaitSame(pair, db, "z_parent");
            awaitSame(pair, db, "a_child");
            TableComparison.assertNoTable(pair.downstream(), db, "\\_%");
            assertThat(foreignKeys(pair.downstream(), db))
                    .isEqualTo(foreignKeys(up, db))
                    .isNotEmpty();

            // A key whose action changes rows the binlog never shows stops the job, naming it.
            up.exec("ALTER TABLE " + db + ".a_child ADD CONSTRAINT fk_cascade FOREIGN KEY (pid) REFERENCES " + db
                    + ".z_parent (id) ON DELETE SET NULL");
            assertThat(job.awaitFailure())
                    .contains("table " + db + ".a_child gets a foreign key with ON DELETE SET NULL")
                    .contains("RESTRICT or NO ACTION");
        }
    }

    @Test
    void theSnapshotNeverReadsGhostOrTrashTables(UpstreamDownstream.Pair pair) throws Exception {
        String db = MigrationFixture.seed(pair, "ghostsnap", 300);
        MariaDbServer up = pair.upstream();
        GhostReplay ghost = new GhostReplay(up, db, "t");
        ghost.start("ADD COLUMN c INT NOT NULL DEFAULT 9");
        ghost.copyRows(MigrationFixture.COLUMNS, 100, 300);
        up.exec(
                "CREATE TABLE " + db + ".`_t_del` LIKE " + db + ".t", // a trash table left by an earlier migration
                "INSERT INTO " + db + ".`_t_del` SELECT * FROM " + db + ".t");
        up.exec("SET GLOBAL userstat = 1", "FLUSH TABLE_STATISTICS");
        // (the trash table is dropped before the cut-over below, which makes its own)
        // The job starts mid-migration: it derives the cut-over's change from the definitions.
        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", "online-ddl-derive-missing: true"))) {
            Await.until(
                    "the snapshot",
                    Duration.ofMinutes(2),
                    () -> MigrationFixture.count(pair.downstream(), db + ".t") == 300);
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            assertThat(up.query(
                            "SELECT TABLE_NAME, ROWS_READ FROM information_schema.TABLE_STATISTICS "
                                    + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN ('_t_gho', '_t_del') AND ROWS_READ > 0",
                            db))
                    .as("rows the snapshot read from ghost and trash tables")
                    .isEmpty();
            up.exec("SET GLOBAL userstat = 0", "DROP TABLE " + db + ".`_t_del`");
            up.exec("UPDATE " + db + ".t SET a = a + 1 WHERE id <= 10");
            ghost.syncAndCutOverAtomic(MigrationFixture.COLUMNS);
            awaitSame(pair, db, "t");
            TableComparison.assertNoTable(pair.downstream(), db, "\\_%");
        } finally {
            up.exec("SET GLOBAL userstat = 0");
        }
    }

    @Test
    void aTableTheTargetCannotCreateIsRefusedAndATableMadeByHandIsUsed(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("refusedtable");
        MariaDbServer up = pair.upstream();
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".docs (id INT PRIMARY KEY, body TEXT, FULLTEXT KEY ft_body (body))",
                "INSERT INTO " + db + ".docs VALUES " + values(20, "(%d, 'text %d')"));
        TaskConfig task = TestJob.task(pair, db, "", "");
        try (TestJob job = TestJob.start(task)) {
            assertThat(job.awaitFailure())
                    .contains("cannot run this DDL on table " + db + ".docs")
                    .contains("FULLTEXT")
                    .contains("create the table downstream yourself");
        }
        assertThat(MigrationFixture.count(pair.downstream(), db + ".docs"))
                .as("docs downstream")
                .isEqualTo(-1);

        pair.downstream()
                .exec(
                        "CREATE DATABASE IF NOT EXISTS " + db,
                        "CREATE TABLE " + db + ".docs (id INT PRIMARY KEY, body TEXT)");
        try (TestJob job = TestJob.start(task)) {
            up.exec("INSERT INTO " + db + ".docs VALUES (21, 'after')");
            awaitSame(pair, db, "docs");
        }
    }

    @Test
    void aTableWhoseCreateTheJobNeverReadsIsCreatedBeforeItsFirstRow(UpstreamDownstream.Pair pair) throws Exception {
        // Flink CDC reads a table created while the snapshot ends without its CREATE TABLE; an
        // incremental task that starts after a table's CREATE shows the same, deterministically.
        String db = UpstreamDownstream.uniqueDatabase("late");
        MariaDbServer up = pair.upstream();
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".u (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL DEFAULT 'd', w INT NULL)",
                "INSERT INTO " + db + ".u VALUES (1, 'before', 1)");
        List<String> at = up.query("SHOW MASTER STATUS").get(0);
        TaskConfig task = new TaskConfigLoader(k -> null)
                .parse(TestJob.taskYaml(
                                pair, db, "meta: {binlog-name: %s, binlog-pos: %s}".formatted(at.get(0), at.get(1)), "")
                        .replace("task-mode: all", "task-mode: incremental"));
        try (TestJob job = TestJob.start(task)) {
            up.exec(
                    "INSERT INTO " + db + ".u (id, w) VALUES (2, NULL), (3, 3)",
                    "UPDATE " + db + ".u SET w = 9 WHERE id = 2");
            Await.until(
                    "u downstream",
                    Duration.ofMinutes(2),
                    () -> MigrationFixture.count(pair.downstream(), db + ".u") == 2);
            up.exec("DELETE FROM " + db + ".u WHERE id = 1"); // never downstream: it came before the start position
            assertThat(TableComparison.columnNames(pair.downstream(), db, "u")).containsExactly("id", "v", "w");
            awaitSame(pair, db, "u");
        }
    }

    @Test
    void timestampDefaultsKeepTheirInstantAcrossTimeZones(UpstreamDownstream.Pair pair) throws Exception {
        // Upstream +03:00, downstream -07:00: a TIMESTAMP default literal means the zone of the session that ran it.
        String db = UpstreamDownstream.uniqueDatabase("tsdefault");
        MariaDbServer up = pair.upstream();
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".snap (id INT PRIMARY KEY, "
                        + "ts TIMESTAMP(6) NOT NULL DEFAULT '2002-04-26 12:46:58.333950')",
                "INSERT INTO " + db + ".snap (id) VALUES (1)");
        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            awaitSame(pair, db, "snap");
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            up.exec(
                    "CREATE TABLE " + db
                            + ".live (id INT PRIMARY KEY, ts TIMESTAMP NOT NULL DEFAULT '2020-01-01 00:00:00')",
                    "ALTER TABLE " + db + ".snap ADD COLUMN ts2 TIMESTAMP NULL DEFAULT '1999-12-31 23:59:59'",
                    "INSERT INTO " + db + ".live (id) VALUES (1)",
                    "INSERT INTO " + db + ".snap (id) VALUES (2)");
            awaitSame(pair, db, "snap");
            awaitSame(pair, db, "live");
        }
    }

    /** Table t with nullable columns that have defaults, and rows. */
    private static String seedWithDefaults(UpstreamDownstream.Pair pair, String prefix) {
        String db = UpstreamDownstream.uniqueDatabase(prefix);
        pair.upstream()
                .exec(
                        "CREATE DATABASE " + db,
                        "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, c1 VARCHAR(10) NULL DEFAULT 'x', c2 INT)",
                        "INSERT INTO " + db + ".t VALUES " + values(50, "(%d, 'v%d', 1)"));
        return db;
    }

    private static String values(int rows, String format) {
        StringJoiner v = new StringJoiner(", ");
        for (int i = 1; i <= rows; i++) v.add(format.formatted(i, i));
        return v.toString();
    }

    private static void awaitSame(UpstreamDownstream.Pair pair, String db, String table) {
        TableComparison.awaitSame(pair, db, Duration.ofMinutes(2), table);
    }

    private static boolean running(TestJob job) {
        try {
            return job.status() == JobStatus.RUNNING;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<List<String>> foreignKeys(MariaDbServer s, String db) {
        // By name too: pt-osc renames a child's keys on its new table (fk -> _fk), and later DDL uses the new names.
        return s.query(
                "SELECT TABLE_NAME, CONSTRAINT_NAME, REFERENCED_TABLE_NAME, UPDATE_RULE, DELETE_RULE "
                        + "FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? "
                        + "ORDER BY TABLE_NAME, CONSTRAINT_NAME",
                db);
    }
}
