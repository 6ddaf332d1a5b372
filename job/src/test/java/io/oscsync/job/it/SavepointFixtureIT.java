package io.oscsync.job.it;

import io.oscsync.job.Uids;
import io.oscsync.job.cli.SavepointInspector;
import io.oscsync.job.cli.StateDirs;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.sink.handle.DdlDecisions;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.GhostReplay;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrade safety: savepoints committed under {@code src/test/resources/savepoints/<format>},
 * one per state format osc-sync has written, each holding a gh-ost migration in flight (its
 * recorded ALTER), a pessimistic shard lock reached by one of two shards, and an event held by
 * it. This build must restore each and finish both, so a change that breaks state (a
 * serializer, a state name, a uid) fails here. {@code v1}: the first release (DDL kept as text);
 * {@code v2}: DDL kept parsed; {@code v3}: ghost records with their CREATE, DDL ops with their mode, the route stage's state;
 * {@code v4}: events and ops with their cross-key barrier, taken at keyed parallelism 2 (so restoring it at 1 rescales);
 * {@code v5}: DDL ops with their binlog origin, shard locks with each shard's event, and the sink writer's state (a
 * {@code --handle-ddl} skip used), at 2. {@code -Dosc.fixture.write=true} writes {@link #CURRENT} anew; for
 * a deliberate format change, add a new format directory instead and keep the old ones.
 *
 * <p>The binlog offsets in the source's state belong to servers that are gone, so the restore
 * drops the source operators' state (with the State Processor API) and the job re-reads the
 * recreated upstream; everything osc-sync keeps itself is restored as written.
 */
@ExtendWith(UpstreamDownstream.class)
class SavepointFixtureIT {
    private static final Path FIXTURES =
            Path.of(System.getProperty("osc.repoRoot", "..")).resolve("job/src/test/resources/savepoints");
    /** The format this build writes. */
    private static final String CURRENT = "v5";
    /** The keyed parallelism the current format is written at. */
    private static final int WRITTEN_AT = 2;

    private static final String DB = "fx_osc";
    private static final String S1 = "fx_shard_1";
    private static final String S2 = "fx_shard_2";
    private static final String MERGED = "fx_merged";
    private static final String COLUMNS = MigrationFixture.COLUMNS;

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    @ParameterizedTest(name = "savepoint format {0}")
    @ValueSource(strings = {"v1", "v2", "v3", "v4", "v5"})
    void restoresTheCommittedSavepointAndFinishesTheMigrationAndTheShardLock(
            String format, UpstreamDownstream.Pair pair, @TempDir Path dir) throws Exception {
        Path fixture = FIXTURES.resolve(format);
        assertThat(fixture.resolve("_metadata")).as("the committed savepoint").exists();
        assertThat(inspect(fixture.toString()))
                .contains("migration in flight: fx_osc.t via ghost fx_osc._t_gho (source fx), 2 recorded DDL(s):")
                .contains("ADD COLUMN fx_col INT NOT NULL DEFAULT 3")
                .contains("shard lock pending: [ALTER TABLE `fx_merged`.`orders` ADD COLUMN fx_shard INT NULL]")
                .contains("waiting for [fx:fx_shard_2.orders]")
                .contains("held events: 1")
                .contains("summary: migrations_in_flight=1 shard_locks_pending=1 held_events=1");

        if (format.compareTo("v5") >= 0) {
            assertThat(inspect(fixture.toString()))
                    .containsPattern("--handle-ddl [0-9a-f]{12}=skip used on: ALTER TABLE `fx_osc`.`t` ADD FULLTEXT "
                            + "INDEX fx_ft \\(b\\)")
                    .contains("handled_ddl=1");
        }
        Path restorable = withoutSourceState(fixture, dir.resolve("restorable"));
        MariaDbServer up = pair.upstream();
        recreate(pair);
        // The world as it was when the savepoint was taken: the ghost has the new column, shard 1 too.
        up.exec(
                "CREATE TABLE " + DB + "._t_ghc (id BIGINT AUTO_INCREMENT PRIMARY KEY, last_update TIMESTAMP NOT NULL "
                        + "DEFAULT CURRENT_TIMESTAMP, hint VARCHAR(64) NOT NULL UNIQUE, value VARCHAR(4096) NOT NULL)",
                "CREATE TABLE " + DB + "._t_gho LIKE " + DB + ".t",
                "ALTER TABLE " + DB + "._t_gho ADD COLUMN fx_col INT NOT NULL DEFAULT 3",
                "ALTER TABLE " + S1 + ".orders ADD COLUMN fx_shard INT NULL");
        // Downstream, the tables the job had created (from v2 on, its state says they were created).
        pair.downstream()
                .exec(
                        "CREATE DATABASE " + MERGED,
                        "CREATE TABLE " + MERGED + ".orders (id INT PRIMARY KEY, a INT, b VARCHAR(40))",
                        "CREATE DATABASE " + DB,
                        "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY, a INT, b VARCHAR(40))");

        try (TestJob job = TestJob.start(task(pair), restorable.toString())) {
            Await.until(
                    "the snapshot",
                    Duration.ofMinutes(2),
                    () -> MigrationFixture.count(pair.downstream(), DB + ".t") == 10);
            MigrationFixture.awaitBinlogPhase(pair, DB, DB);
            new GhostReplay(up, DB, "t").syncAndCutOverAtomic(COLUMNS);
            up.exec("ALTER TABLE " + S2 + ".orders ADD COLUMN fx_shard INT NULL");
            Await.until("fx_osc.t equal downstream", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(up, DB, "t", pair.downstream(), DB, "t");
                return true;
            });
            Await.until(
                    "the held event released",
                    Duration.ofMinutes(2),
                    () -> pair.downstream()
                            .query("SELECT b, fx_shard FROM " + MERGED + ".orders WHERE id = 1001")
                            .equals(List.of(List.of("held-in-savepoint", "7"))));
            pair.downstream().exec("DELETE FROM " + MERGED + ".orders WHERE id = 1001"); // its world is gone
            Await.until(
                    "merged equal to the union of the shards",
                    Duration.ofMinutes(1),
                    () -> pair.downstream()
                            .query("SELECT id, a, b, fx_shard FROM " + MERGED + ".orders ORDER BY id")
                            .equals(up.query(
                                    "SELECT id, a, b, fx_shard FROM " + S1 + ".orders UNION ALL SELECT id, a, b, "
                                            + "fx_shard FROM " + S2 + ".orders ORDER BY id")));
            TableComparison.assertNoTable(pair.downstream(), DB, "\\_%");
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "osc.fixture.write", matches = "true")
    void writeFixture(UpstreamDownstream.Pair pair, @TempDir Path dir) throws Exception {
        MariaDbServer up = pair.upstream();
        recreate(pair);
        String savepoint;
        // A DDL TiDB refuses, skipped with --handle-ddl: the sink writer's state keeps the decision.
        Configuration retained = new Configuration();
        retained.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        retained.set(
                ExecutionCheckpointingOptions.EXTERNALIZED_CHECKPOINT,
                CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        String refusal;
        try (TestJob job = TestJob.start(task(pair, WRITTEN_AT), null, retained)) {
            Await.until(
                    "the snapshot",
                    Duration.ofMinutes(2),
                    () -> MigrationFixture.count(pair.downstream(), DB + ".t") == 10);
            MigrationFixture.awaitBinlogPhase(pair, DB, DB);
            up.exec("ALTER TABLE " + DB + ".t ADD FULLTEXT INDEX fx_ft (b)");
            refusal = job.awaitFailure();
        }
        java.util.regex.Matcher f = java.util.regex.Pattern.compile("DDL fingerprint ([0-9a-f]{12})")
                .matcher(refusal);
        assertThat(f.find()).as(refusal).isTrue();
        String checkpoint = StateDirs.newestRestorePoint(dir.resolve("checkpoints"))
                .orElseThrow()
                .toString();
        try (TestJob job = TestJob.start(
                task(pair, WRITTEN_AT),
                checkpoint,
                new Configuration(),
                DdlDecisions.parse(List.of(f.group(1) + "=skip")))) {
            up.exec("INSERT INTO " + DB + ".t VALUES (11, 11, 'after the skip')");
            Await.until(
                    "the row after the skipped DDL",
                    Duration.ofMinutes(2),
                    () -> MigrationFixture.count(pair.downstream(), DB + ".t") == 11);
            new GhostReplay(up, DB, "t").start("ADD COLUMN fx_col INT NOT NULL DEFAULT 3");
            up.exec(
                    "ALTER TABLE " + S1 + ".orders ADD COLUMN fx_shard INT NULL",
                    "INSERT INTO " + S1 + ".orders VALUES (1001, 1, 'held-in-savepoint', 7)");
            Thread.sleep(3000); // every change checkpointed and committed: no batch pending in the savepoint
            savepoint = job.stopWithSavepoint(dir);
        }
        Path fixture = FIXTURES.resolve(CURRENT);
        deleteTree(fixture);
        Path from = Path.of(java.net.URI.create(savepoint));
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = fixture.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
    }

    private static TaskConfig task(UpstreamDownstream.Pair pair) {
        return task(pair, 1);
    }

    private static TaskConfig task(UpstreamDownstream.Pair pair, int parallelism) {
        return new TaskConfigLoader(k -> null).parse("""
                name: savepoint-fixture
                parallelism: %d
                task-mode: all
                shard-mode: pessimistic
                checkpoint-interval-ms: 500
                target-database: {host: 127.0.0.1, port: %d, user: %s, password: %s}
                mysql-instances:
                  - {source-id: fx, host: 127.0.0.1, port: %d, user: %s, password: %s, server-id: 5990,
                     block-allow-list: fx, route-rules: [shards]}
                block-allow-list:
                  fx: {do-dbs: ["fx_osc", "fx_shard_*"]}
                routes:
                  shards: {schema-pattern: "fx_shard_*", table-pattern: orders, target-schema: fx_merged, target-table: orders}
                """.formatted(
                        parallelism,
                        pair.downstream().port(),
                        MariaDbServer.USER,
                        MariaDbServer.PASSWORD,
                        pair.upstream().port(),
                        MariaDbServer.USER,
                        MariaDbServer.PASSWORD));
    }

    /** The fixture's tables with their first rows (fixed names: the fixture's state refers to them). */
    private static void recreate(UpstreamDownstream.Pair pair) {
        for (MariaDbServer s : List.of(pair.upstream(), pair.downstream())) {
            for (String db : List.of(DB, S1, S2, MERGED)) s.exec("DROP DATABASE IF EXISTS " + db);
        }
        pair.upstream()
                .exec(
                        "CREATE DATABASE " + DB,
                        "CREATE DATABASE " + S1,
                        "CREATE DATABASE " + S2,
                        "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY, a INT, b VARCHAR(40))",
                        "INSERT INTO " + DB + ".t VALUES " + rows(1, 10, "row"),
                        "CREATE TABLE " + S1 + ".orders (id INT PRIMARY KEY, a INT, b VARCHAR(40))",
                        "CREATE TABLE " + S2 + ".orders LIKE " + S1 + ".orders",
                        "INSERT INTO " + S1 + ".orders VALUES " + rows(1, 5, "one"),
                        "INSERT INTO " + S2 + ".orders VALUES " + rows(101, 105, "two"));
    }

    private static String rows(int from, int to, String b) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i <= to; i++)
            sb.append(i == from ? "" : ", ")
                    .append("(")
                    .append(i)
                    .append(", ")
                    .append(i)
                    .append(", '")
                    .append(b)
                    .append("')");
        return sb.toString();
    }

    private static Path withoutSourceState(Path fixture, Path to) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SavepointWriter.fromExistingSavepoint(env, fixture.toString())
                .removeOperator(OperatorIdentifier.forUid(Uids.source("fx")))
                .write(to.toString());
        env.execute("drop the source state from the fixture");
        return to;
    }

    private static String inspect(String savepoint) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SavepointInspector.run(savepoint, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
