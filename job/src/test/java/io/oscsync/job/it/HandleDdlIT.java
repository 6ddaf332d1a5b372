package io.oscsync.job.it;

import io.oscsync.job.cli.SavepointInspector;
import io.oscsync.job.cli.StateDirs;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.sink.handle.DdlDecisions;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.GhostReplay;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.ShardFixture;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --handle-ddl}: a job stopped on a DDL the target refused prints the statement's
 * fingerprint; resumed from its latest checkpoint with {@code FINGERPRINT=skip} or
 * {@code FINGERPRINT=replace:FILE}, it gets past that one statement, every row before and after
 * arrives, and the statement (or its replacement) runs downstream once. Refused by the writer's
 * dialect check (plain DDL, a gh-ost cut-over's recorded DDL, a pessimistic shard lock's DDL) and
 * by the downstream in the committer (a drifted table).
 */
@ExtendWith(UpstreamDownstream.class)
class HandleDdlIT {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final Pattern FINGERPRINT = Pattern.compile("DDL fingerprint ([0-9a-f]{12})");
    /** The IT's log (log4j2-osc-test.properties): where a user reads the decision's WARN line. */
    private static final Path LOG = Path.of("target/test.log");

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    @BeforeEach
    void generalLog(UpstreamDownstream.Pair pair) {
        pair.downstream().exec("SET GLOBAL log_output = 'TABLE'", "SET GLOBAL general_log = 1");
    }

    @Test
    void aPlainDdlTheDialectRefusesIsSkippedOnceAndNotAskedForAgain(UpstreamDownstream.Pair pair, @TempDir Path dir)
            throws Exception {
        String db = MigrationFixture.seed(pair, "hd_skip", 100);
        TaskConfig task = TestJob.task(pair, db, "", "");
        String failure;
        try (TestJob job = TestJob.start(task, null, TestJob.retainedCheckpoints(dir.resolve("1")))) {
            awaitSnapshotAndBinlog(pair, db, 100);
            pair.upstream()
                    .exec(
                            "INSERT INTO " + db + ".t (id, a, b) VALUES (1001, 1, 'before')",
                            "ALTER TABLE " + db + ".t ADD FULLTEXT INDEX ft (b)",
                            "INSERT INTO " + db + ".t (id, a, b) VALUES (1002, 2, 'after')");
            failure = job.awaitFailure();
        }
        assertThat(failure)
                .contains("TiDB does not support FULLTEXT")
                .containsPattern("--handle-ddl [0-9a-f]{12}=skip")
                .containsPattern("--handle-ddl [0-9a-f]{12}=replace:FILE");
        String f = fingerprint(failure);

        String checkpoint =
                StateDirs.newestRestorePoint(dir.resolve("1")).orElseThrow().toString();
        String later;
        try (TestJob job = TestJob.start(task, checkpoint, new Configuration(), decisions(f + "=skip"))) {
            pair.upstream().exec("INSERT INTO " + db + ".t (id, a, b) VALUES (1003, 3, 'after the skip')");
            awaitRow(pair, db + ".t", 1003);
            TableComparison.assertSameTable(pair.upstream(), db, "t", pair.downstream(), db, "t");
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
            later = job.stopWithSavepoint(dir.resolve("savepoints"));
        }
        assertThat(indexes(pair, db, "t", "ft"))
                .as("the skipped FULLTEXT index downstream")
                .isEmpty();
        assertThat(logLines("--handle-ddl " + f + "=skip used (in the sink writer)"))
                .as("the decision, logged once")
                .isEqualTo(1);

        // Resumed without the flag from a savepoint after the skip: nothing to ask, the state knows.
        assertThat(inspect(later))
                .contains("--handle-ddl " + f + "=skip used on: ALTER TABLE `" + db + "`.`t` ADD FULLTEXT INDEX ft (b)")
                .contains("handled_ddl=1");
        try (TestJob job = TestJob.start(task, later)) {
            pair.upstream().exec("INSERT INTO " + db + ".t (id, a, b) VALUES (1004, 4, 'later')");
            awaitRow(pair, db + ".t", 1004);
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        }
        assertThat(logLines("--handle-ddl " + f + "=skip was used before this restart"))
                .as("the writer's state keeps the decision used")
                .isGreaterThanOrEqualTo(1);
        assertThat(ddlRuns(pair, db, "%FULLTEXT%"))
                .as("FULLTEXT statements sent downstream")
                .isZero();
    }

    /**
     * The downstream's column b was renamed by hand; the upstream widens b: the downstream refuses
     * the MODIFY in the committer (unknown column: no restart gets past it). The operator replaces
     * it with a statement that renames the column back and widens it.
     */
    @Test
    void aDdlTheDriftedDownstreamRefusesInTheCommitterIsReplaced(UpstreamDownstream.Pair pair, @TempDir Path dir)
            throws Exception {
        String db = MigrationFixture.seed(pair, "hd_repl", 100);
        TaskConfig task = TestJob.task(pair, db, "", "");
        String failure;
        try (TestJob job = TestJob.start(task, null, TestJob.retainedCheckpoints(dir))) {
            awaitSnapshotAndBinlog(pair, db, 100);
            pair.downstream().exec("ALTER TABLE " + db + ".t CHANGE b b_old VARCHAR(40)"); // by hand, downstream only
            pair.upstream()
                    .exec(
                            "ALTER TABLE " + db + ".t MODIFY b VARCHAR(80)",
                            "INSERT INTO " + db + ".t (id, a, b) VALUES (1001, 1, 'after')");
            failure = job.awaitFailure();
        }
        assertThat(failure)
                .contains("refused a DDL on table " + db + ".t")
                .contains("Unknown column 'b'")
                .containsPattern("--handle-ddl [0-9a-f]{12}=replace:FILE");
        String f = fingerprint(failure);

        // A replacement the downstream refuses too stops the job naming the decision and its file.
        Path wrong = Files.writeString(dir.resolve("wrong.sql"), "ALTER TABLE t MODIFY b VARCHAR(80)");
        String checkpoint = StateDirs.newestRestorePoint(dir).orElseThrow().toString();
        try (TestJob job = TestJob.start(task, checkpoint, new Configuration(), decisions(f + "=replace:" + wrong))) {
            assertThat(job.awaitFailure())
                    .contains("Unknown column 'b'")
                    .contains("The statement ran for --handle-ddl " + f + "=replace:" + wrong + ": fix " + wrong);
        }
        // The refused batch is still in the checkpoint: the same restart with a statement that works.
        Path file = Files.writeString(
                dir.resolve("instead.sql"),
                "-- b was renamed downstream by hand: name it back, as wide as upstream\n"
                        + "ALTER TABLE t CHANGE b_old b VARCHAR(80);\n");
        checkpoint = StateDirs.newestRestorePoint(dir).orElseThrow().toString();
        try (TestJob job = TestJob.start(task, checkpoint, new Configuration(), decisions(f + "=replace:" + file))) {
            awaitRow(pair, db + ".t", 1001);
            pair.upstream().exec("INSERT INTO " + db + ".t (id, a, b) VALUES (1002, 2, 'later')");
            awaitRow(pair, db + ".t", 1002);
            TableComparison.assertSameTable(pair.upstream(), db, "t", pair.downstream(), db, "t");
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        }
        assertThat(pair.downstream()
                        .query(
                                "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? "
                                        + "AND TABLE_NAME = 't' AND COLUMN_NAME = 'b'",
                                db))
                .as("b as the replacement made it")
                .containsExactly(List.of("varchar(80)"));
        assertThat(logLines("--handle-ddl " + f + "=replace:" + file + " used (in the committer"))
                .isEqualTo(1);
        assertThat(ddlRuns(pair, db, "%CHANGE b_old b VARCHAR(80)%"))
                .as("the replacement, run once")
                .isEqualTo(1);
        assertThat(ddlRuns(pair, db, "%`t` MODIFY b VARCHAR(80)%"))
                .as("the refused statement, tried in the first run, and the wrong replacement; not again")
                .isEqualTo(2);
    }

    @Test
    void aGhostCutOversRecordedDdlIsReplaced(UpstreamDownstream.Pair pair, @TempDir Path dir) throws Exception {
        String db = MigrationFixture.seed(pair, "hd_gho", 100);
        TaskConfig task = TestJob.task(pair, db, "", "");
        String failure;
        try (TestJob job = TestJob.start(task, null, TestJob.retainedCheckpoints(dir))) {
            awaitSnapshotAndBinlog(pair, db, 100);
            GhostReplay ghost = new GhostReplay(pair.upstream(), db, "t");
            ghost.start("ADD FULLTEXT INDEX ft (b)");
            ghost.copyRows(MigrationFixture.COLUMNS, 50, 100);
            pair.upstream().exec("INSERT INTO " + db + ".t (id, a, b) VALUES (1001, 1, 'during')");
            ghost.syncAndCutOverAtomic(MigrationFixture.COLUMNS);
            pair.upstream().exec("INSERT INTO " + db + ".t (id, a, b) VALUES (1002, 2, 'after')");
            failure = job.awaitFailure();
        }
        assertThat(failure).contains("TiDB does not support FULLTEXT").contains("ADD FULLTEXT INDEX ft");
        String f = fingerprint(failure);
        // A replacement TiDB cannot run either is refused before it enters a checkpoint: fix the file.
        Path still = Files.writeString(dir.resolve("still-fulltext.sql"), "ALTER TABLE t ADD FULLTEXT INDEX ft (b)");
        String checkpoint = StateDirs.newestRestorePoint(dir).orElseThrow().toString();
        try (TestJob job = TestJob.start(task, checkpoint, new Configuration(), decisions(f + "=replace:" + still))) {
            assertThat(job.awaitFailure())
                    .contains("TiDB does not support FULLTEXT")
                    .contains("replacement of DDL " + f + " (statement 1 of 1 in " + still + "): fix that file");
        }
        // What a user would do for TiDB: a plain index where the upstream has a FULLTEXT one.
        Path file = Files.writeString(dir.resolve("plain-index.sql"), "ALTER TABLE t ADD INDEX ft (b)");

        checkpoint = StateDirs.newestRestorePoint(dir).orElseThrow().toString();
        try (TestJob job = TestJob.start(task, checkpoint, new Configuration(), decisions(f + "=replace:" + file))) {
            awaitRow(pair, db + ".t", 1002);
            TableComparison.assertSameTable(pair.upstream(), db, "t", pair.downstream(), db, "t");
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        }
        assertThat(indexes(pair, db, "t", "ft"))
                .as("ft downstream, as the replacement made it")
                .containsExactly("BTREE");
        assertThat(ddlRuns(pair, db, "%ADD INDEX ft%"))
                .as("the replacement, run once")
                .isEqualTo(1);
        assertThat(logLines("--handle-ddl " + f + "=replace:" + file + " used (in the sink writer)"))
                .isEqualTo(1);
        TableComparison.assertNoTable(pair.downstream(), db, "\\_t\\_%");
    }

    @Test
    void aPessimisticShardLocksDdlIsSkipped(UpstreamDownstream.Pair pair, @TempDir Path dir) throws Exception {
        try (ShardFixture shards = ShardFixture.start(pair, "hd_shard", 10)) {
            TaskConfig task = shards.task("pessimistic", "");
            String target = shards.targetDb();
            List<ShardFixture.Shard> all = shards.shards();
            String failure;
            try (TestJob job = TestJob.start(task, null, TestJob.retainedCheckpoints(dir))) {
                Await.until(
                        "the snapshot of every shard",
                        WAIT,
                        () -> MigrationFixture.count(pair.downstream(), target + "." + ShardFixture.TABLE) == 40);
                for (ShardFixture.Shard s : all.subList(0, 3)) {
                    alter(s, "ADD FULLTEXT INDEX ft (b)");
                    insert(s, s.base() + 101);
                }
                // A checkpoint in which the lock waits for the last shard only: the job resumes from there.
                for (ShardFixture.Shard s : List.of(all.get(0), all.get(2))) {
                    s.server()
                            .exec(
                                    "CREATE TABLE `" + s.db() + "`.binlog_probe (id INT PRIMARY KEY)",
                                    "INSERT INTO `" + s.db() + "`.binlog_probe VALUES (1)");
                    Await.until(
                            "the probe of " + s.db(),
                            WAIT,
                            () -> MigrationFixture.count(pair.downstream(), "`" + s.db() + "`.binlog_probe") == 1);
                }
                alter(all.get(3), "ADD FULLTEXT INDEX ft (b)");
                insert(all.get(3), all.get(3).base() + 101);
                failure = job.awaitFailure();
            }
            assertThat(failure)
                    .contains("TiDB does not support FULLTEXT")
                    .contains("shard lock resolved")
                    .containsPattern("binlog lock\\[up1@[^,]+, up1@[^,]+, up2@[^,]+, up2@[^\\]]+\\]#0");
            String f = fingerprint(failure);

            String checkpoint = StateDirs.newestRestorePoint(dir).orElseThrow().toString();
            try (TestJob job = TestJob.start(task, checkpoint, new Configuration(), decisions(f + "=skip"))) {
                Await.until("the target equal to the union of the shards", WAIT, () -> {
                    TableComparison.assertUnion(all, pair.downstream(), target, ShardFixture.TABLE);
                    return true;
                });
                assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
            }
            assertThat(indexes(pair, target, ShardFixture.TABLE, "ft")).isEmpty();
            assertThat(logLines("--handle-ddl " + f + "=skip used (in the sink writer)"))
                    .isEqualTo(1);
            assertThat(ddlRuns(pair, target, "%FULLTEXT%")).isZero();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** As the CLI reads its --handle-ddl flags. */
    private static DdlDecisions decisions(String... flags) {
        return DdlDecisions.parse(List.of(flags));
    }

    private static void awaitSnapshotAndBinlog(UpstreamDownstream.Pair pair, String db, int rows) {
        Await.until("the snapshot", WAIT, () -> MigrationFixture.count(pair.downstream(), db + ".t") == rows);
        MigrationFixture.awaitBinlogPhase(pair, db, db);
    }

    private static String fingerprint(String failure) {
        Matcher m = FINGERPRINT.matcher(failure);
        assertThat(m.find()).as("a fingerprint in: " + failure).isTrue();
        return m.group(1);
    }

    private static void awaitRow(UpstreamDownstream.Pair pair, String table, int id) {
        Await.until(
                "row " + id + " in " + table,
                WAIT,
                () -> !pair.downstream()
                        .query("SELECT 1 FROM " + table + " WHERE id = " + id)
                        .isEmpty());
    }

    private static List<String> indexes(UpstreamDownstream.Pair pair, String db, String table, String index) {
        return pair
                .downstream()
                .query(
                        "SELECT DISTINCT INDEX_TYPE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? "
                                + "AND TABLE_NAME = ? AND INDEX_NAME = ?",
                        db,
                        table,
                        index)
                .stream()
                .map(r -> r.get(0))
                .toList();
    }

    /** ALTER statements on {@code db} the downstream received, matching {@code like}. */
    private static long ddlRuns(UpstreamDownstream.Pair pair, String db, String like) {
        return Long.parseLong(pair.downstream()
                .query(
                        "SELECT COUNT(*) FROM mysql.general_log WHERE command_type = 'Query' AND argument LIKE 'alter%' "
                                + "AND argument LIKE ? AND argument LIKE ?",
                        "%" + db + "%", like)
                .get(0)
                .get(0));
    }

    private static String inspect(String savepoint) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SavepointInspector.run(savepoint, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static long logLines(String text) throws Exception {
        return Files.readAllLines(LOG).stream().filter(l -> l.contains(text)).count();
    }

    private static void alter(ShardFixture.Shard s, String clause) {
        s.server().exec("ALTER TABLE `" + s.db() + "`.`" + s.table() + "` " + clause);
    }

    private static void insert(ShardFixture.Shard s, int id) {
        s.server().exec("INSERT INTO `" + s.db() + "`.`" + s.table() + "` (id, a, b) VALUES (" + id + ", 1, 'after')");
    }
}
