package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.GhostReplay;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.PtOsc;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: DM's own {@code dm/tests/online_ddl} scenario (pingcap/tiflow), with DM's task file as
 * it is (only the connections set to the test servers). Two upstreams; gh-ost on four shards and
 * real pt-osc on four shards, merged pessimistically ({@code is-sharding: true}) into
 * {@code gho_t_target} and {@code pt_t_target}; ghost tables of excluded tables present before the
 * start and cut over later; a TaskManager failure while gh-ost's ghost table is being filled.
 * DM's SQL files are replayed statement by statement, each ALTER through the online tool as DM's
 * {@code run_sql_file_online_ddl} does. One change to DM's data: pt_t1..pt_t3 get distinct
 * AUTO_INCREMENT starts (as DM's gho_* tables have), so the merged ids do not collide.
 */
@ExtendWith(UpstreamDownstream.class)
class DmOnlineDdlIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final String DB = "online_ddl"; // DM's name: the task's rules are written for it
    private static final String TASK = "/dm-tasks/online_ddl__dm-task.yaml";
    private static final String COMMENT = "'1  2\n3😊4'";
    private static final Duration WAIT = Duration.ofMinutes(2);

    private static final String CREATE = "(id bigint auto_increment, uid int, name varchar(80), info varchar(100),"
            + " primary key (`id`), unique key(`uid`)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin auto_increment=";

    @Test
    void dmOnlineDdlScenario(UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        MariaDbServer up1 = pair.upstream();
        MariaDbServer down = pair.downstream();
        try (MariaDbServer up2 = MariaDbServer.start("upstream2", upstream2Args())) {
            for (MariaDbServer s : List.of(up1, up2, down)) s.exec("DROP DATABASE IF EXISTS " + DB);
            generalLog(down, true);
            // DM's data/*.prepare.sql
            up1.exec(
                    "CREATE DATABASE " + DB,
                    "USE " + DB,
                    "create table gho_t1 " + CREATE + "100000",
                    "create table gho_t2 " + CREATE + "200000",
                    "insert into gho_t1 (uid, name) values (10001, 'Gabriel García Márquez'),"
                            + " (10002, 'Cien años de soledad')",
                    "insert into gho_t2 (uid, name) values (20001, 'José Arcadio Buendía'), (20002, 'Úrsula Iguarán'),"
                            + " (20003, 'José Arcadio')",
                    "create table pt_t1 " + CREATE + "100000",
                    "create table pt_t2 " + CREATE + "200000",
                    "insert into pt_t1 (uid, name) values (10001, 'Gabriel García Márquez'),"
                            + " (10002, 'Cien años de soledad')",
                    "insert into pt_t2 (uid, name) values (20001, 'José Arcadio Buendía'), (20002, 'Úrsula Iguarán'),"
                            + " (20003, 'José Arcadio')");
            up2.exec(
                    "CREATE DATABASE " + DB,
                    "USE " + DB,
                    "create table gho_t2 " + CREATE + "300000",
                    "create table gho_t3 " + CREATE + "400000",
                    "insert into gho_t2 (uid, name, info) values (40000, 'Remedios Moscote', '{}'),"
                            + " (40001, 'Amaranta', '{\"age\": 0}')",
                    "insert into gho_t3 (uid, name, info) values (30001, 'Aureliano José', '{}'),"
                            + " (30002, 'Santa Sofía de la Piedad', '{}'), (30003, '17 Aurelianos', NULL)",
                    "create table pt_t2 " + CREATE + "300000",
                    "create table pt_t3 " + CREATE + "400000",
                    "insert into pt_t2 (uid, name, info) values (40000, 'Remedios Moscote', '{}'),"
                            + " (40001, 'Amaranta', '{\"age\": 0}')",
                    "insert into pt_t3 (uid, name, info) values (30001, 'Aureliano José', '{}'),"
                            + " (30002, 'Santa Sofía de la Piedad', '{}'), (30003, '17 Aurelianos', NULL)");
            // A migration of an excluded table in flight at the start (DM: *_ignore are not in the allow list).
            up1.exec(
                    "create table " + DB + ".gho_ignore (c int)",
                    "create table " + DB + "._gho_ignore_gho (c int)",
                    "create table " + DB + ".pt_ignore (c int)",
                    "create table " + DB + "._pt_ignore_new (c int)");

            String yaml = dmTask(pair, up2);
            try (TestJob job = TestJob.start(new TaskConfigLoader(k -> null).parse(yaml))) {
                Await.until(
                        "the snapshot of both targets",
                        WAIT,
                        () -> MigrationFixture.count(down, DB + ".gho_t_target") == 10
                                && MigrationFixture.count(down, DB + ".pt_t_target") == 10);
                assertUnion(up1, up2, down);

                // The online ADD COLUMN with a newline and an emoji in its COMMENT, on every shard.
                String addC = "add column c int comment " + COMMENT;
                ghost(up1, "gho_t1", addC);
                ghost(up1, "gho_t2", addC);
                // Crash while gh-ost fills the ghost of up2's gho_t2 (DM: its worker exits after saving the online
                // DDL).
                GhostReplay g = new GhostReplay(up2, DB, "gho_t2");
                g.start(addC);
                String cols = copiedColumns(up2, "gho_t2");
                g.copyRows(cols, cols, 1_000_000, 0, 999_999);
                FlinkRest rest = FlinkRest.of(mini);
                rest.awaitMetric(
                        job.id().toString(),
                        "ghostDdlsRecorded",
                        "the ghost ALTER of up2's gho_t2 recorded",
                        n -> n >= 3,
                        WAIT);
                rest.awaitCheckpointAfterNow(job.id().toString(), WAIT);
                mini.terminateTaskManager(0).get();
                mini.startTaskManager();
                g.syncAndCutOverAtomic(cols);
                ghost(up2, "gho_t3", addC);
                for (String t : List.of("pt_t1", "pt_t2")) ptOsc(up1, t, addC);
                for (String t : List.of("pt_t2", "pt_t3")) ptOsc(up2, t, addC);
                awaitUnion(up1, up2, down);

                // The excluded tables' migrations cut over.
                up1.exec(
                        "rename /* gh-ost */ table online_ddl.gho_ignore to online_ddl._gho_ignore_del,"
                                + " online_ddl._gho_ignore_gho to online_ddl.gho_ignore",
                        "rename table online_ddl.pt_ignore to online_ddl._pt_ignore_old,"
                                + " online_ddl._pt_ignore_new to online_ddl.pt_ignore");

                // DM's data/*.increment.sql, each ALTER through the online tool.
                onlineFile(up1, false, GHO_DB1_INCREMENT);
                onlineFile(up2, false, GHO_DB2_INCREMENT);
                onlineFile(up1, true, GHO_DB1_INCREMENT.replace("gho_", "pt_"));
                onlineFile(up2, true, GHO_DB2_INCREMENT.replace("gho_", "pt_"));
                awaitUnion(up1, up2, down);
                for (String target : List.of("gho_t_target", "pt_t_target")) {
                    assertThat(down.query("SHOW COLUMNS FROM " + DB + "." + target + " LIKE 'info_json'"))
                            .hasSize(1);
                    assertThat(down.query("SHOW INDEX FROM " + DB + "." + target + " WHERE Key_name = 'name'"))
                            .as("the sql-pattern filter keeps the online ADD KEY name from " + target)
                            .isEmpty();
                }

                // DM's data/*.increment2.sql, plain DDL.
                plainFile(up1, GHO_DB1_INCREMENT2);
                plainFile(up2, GHO_DB2_INCREMENT2);
                plainFile(up1, GHO_DB1_INCREMENT2.replace("gho_", "pt_"));
                plainFile(up2, GHO_DB2_INCREMENT2.replace("gho_", "pt_"));
                awaitUnion(up1, up2, down);

                // Not in DM's run.sh: a pt-osc change of a column's CHARACTER SET, COLLATE and COMMENT.
                String modifyName = "modify name varchar(80) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"
                        + " COMMENT 'nombre 😊'";
                for (String t : List.of("pt_t1", "pt_t2")) ptOsc(up1, t, modifyName);
                for (String t : List.of("pt_t2", "pt_t3")) ptOsc(up2, t, modifyName);
                up1.exec("insert into " + DB + ".pt_t1 (uid, name) values (10009, 'after the charset change')");
                awaitUnion(up1, up2, down);

                generalLog(down, false);
                for (String target : List.of("gho_t_target", "pt_t_target")) {
                    String shard = target.replace("_target", "1");
                    assertThat(commentsAndCollations(down, target))
                            .as("column comments and collations of " + target)
                            .isEqualTo(commentsAndCollations(up1, shard))
                            // MariaDB keeps column comments in utf8mb3: the emoji is '?' upstream already.
                            .contains(java.util.Arrays.asList("c", "1  2\n3?4", null));
                    assertThat(indexes(down, target))
                            .as("the indexes of " + target
                                    + ": the sql-pattern filter kept the online ADD KEY name away")
                            .containsExactlyInAnyOrder("PRIMARY", "address", "uid");
                    assertThat(indexes(up1, shard)).contains("name");
                    List<String> alters = down
                            .query(
                                    "SELECT argument FROM mysql.general_log WHERE command_type = 'Query'"
                                            + " AND argument LIKE 'alter%' AND argument LIKE ?",
                                    "%`" + target + "`%")
                            .stream()
                            .map(r -> r.get(0).toLowerCase(java.util.Locale.ROOT))
                            .toList();
                    List<String> clauses = new java.util.ArrayList<>(List.of(
                            "add column c int comment",
                            "add column age int after name",
                            "add column info_json json generated always as (`info`) virtual after name",
                            "add column address varchar(255) after name",
                            "add key address (address)",
                            "drop column age"));
                    if (target.startsWith("pt")) clauses.add("modify name varchar(80) character set utf8mb4");
                    assertThat(alters)
                            .as("each DDL applied to " + target + " once")
                            .hasSize(clauses.size());
                    for (String clause : clauses) {
                        assertThat(alters.stream().filter(a -> a.contains(clause)))
                                .as(clause + " on " + target + " in " + alters)
                                .hasSize(1);
                    }
                }
                TableComparison.assertNoTable(down, DB, "\\_%");
                TableComparison.assertNoTable(down, DB, "%ignore%");
            }
        } finally {
            generalLog(down, false);
            // The name is DM's, not unique: leave the JVM-wide servers without it.
            for (MariaDbServer s : List.of(up1, down)) s.exec("DROP DATABASE IF EXISTS " + DB);
        }
    }

    /** DM's task file, its connections set to the test servers (DM's rules untouched), checkpoints every 500 ms. */
    private static String dmTask(UpstreamDownstream.Pair pair, MariaDbServer up2) throws Exception {
        String dm;
        try (var in = DmOnlineDdlIT.class.getResourceAsStream(TASK)) {
            dm = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String yaml = dm.replace(
                        "  port: 4000\n", "  port: " + pair.downstream().port() + "\n")
                .replace("  user: \"root\"\n  password: \"\"\n", credentials("  "))
                .replace(
                        "port: 3306  # added: connection",
                        "port: " + pair.upstream().port())
                .replace("port: 3307  # added: connection", "port: " + up2.port())
                .replace("    user: root  # added: connection\n", credentials("    "))
                .replace("online-ddl: true\n", "online-ddl: true\ncheckpoint-interval-ms: 500\n");
        assertThat(yaml)
                .doesNotContain("4000", "3306", "3307", "root")
                .contains("tbl-name: \"~^((pt)|(gho))_t[1-3]$\"", "is-sharding: true", "ADD\\\\s+KEY\\\\s+NAME");
        return yaml;
    }

    private static String credentials(String indent) {
        return indent + "user: " + MariaDbServer.USER + "\n" + indent + "password: " + MariaDbServer.PASSWORD + "\n";
    }

    private static List<String> upstream2Args() {
        return UpstreamDownstream.UPSTREAM_ARGS.stream()
                .map(a -> a.startsWith("--server-id=") ? "--server-id=2" : a)
                .toList();
    }

    private static final Pattern ALTER = Pattern.compile("(?is)alter table (\\w+) (.*)");

    /** A DM SQL file, statement by statement; its ALTERs through gh-ost (replayed) or pt-osc. */
    private static void onlineFile(MariaDbServer up, boolean ptOsc, String sql) throws Exception {
        for (String statement : statements(sql)) {
            Matcher m = ALTER.matcher(statement);
            if (!m.matches()) {
                up.exec("USE " + DB, statement);
            } else if (ptOsc) {
                ptOsc(up, m.group(1), m.group(2));
            } else {
                ghost(up, m.group(1), m.group(2));
            }
        }
    }

    private static void plainFile(MariaDbServer up, String sql) {
        for (String statement : statements(sql)) up.exec("USE " + DB, statement);
    }

    private static List<String> statements(String sql) {
        return java.util.Arrays.stream(sql.split(";\n"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** pt-osc as a user with utf8mb4 text runs it (without --charset its connection is latin1: mojibake). */
    private static void ptOsc(MariaDbServer up, String table, String alter) throws Exception {
        PtOsc.run(up, DB, table, alter, "--charset=utf8mb4");
    }

    /** A whole gh-ost run (replayed) on a table of a few rows; ids are below 1,000,000. */
    private static void ghost(MariaDbServer up, String table, String alter) {
        GhostReplay g = new GhostReplay(up, DB, table);
        g.start(alter);
        String cols = copiedColumns(up, table);
        g.copyRows(cols, cols, 1_000_000, 0, 999_999);
        g.syncAndCutOverAtomic(cols);
    }

    /** The columns gh-ost copies: the stored ones (a generated column is computed by the ghost itself). */
    private static String copiedColumns(MariaDbServer up, String table) {
        return String.join(
                ", ",
                up
                        .query(
                                "SELECT CONCAT('`', COLUMN_NAME, '`') FROM information_schema.COLUMNS WHERE"
                                        + " TABLE_SCHEMA = ? AND TABLE_NAME = ? AND IS_GENERATED = 'NEVER'"
                                        + " ORDER BY ORDINAL_POSITION",
                                DB,
                                table)
                        .stream()
                        .map(r -> r.get(0))
                        .toList());
    }

    private static List<ShardFixture.Shard> shards(MariaDbServer up1, MariaDbServer up2, String prefix) {
        return List.of(
                new ShardFixture.Shard(up1, "mysql-replica-01", DB, prefix + "_t1", 0),
                new ShardFixture.Shard(up1, "mysql-replica-01", DB, prefix + "_t2", 0),
                new ShardFixture.Shard(up2, "mysql-replica-02", DB, prefix + "_t2", 0),
                new ShardFixture.Shard(up2, "mysql-replica-02", DB, prefix + "_t3", 0));
    }

    /** Each target holds the union of its shards: the shards' columns (type, nullability, default, order) and rows. */
    private static void assertUnion(MariaDbServer up1, MariaDbServer up2, MariaDbServer down) {
        TableComparison.assertUnion(shards(up1, up2, "gho"), down, DB, "gho_t_target");
        TableComparison.assertUnion(shards(up1, up2, "pt"), down, DB, "pt_t_target");
    }

    private static void awaitUnion(MariaDbServer up1, MariaDbServer up2, MariaDbServer down) {
        Await.until("both targets equal the union of their shards", WAIT, () -> {
            assertUnion(up1, up2, down);
            return true;
        });
    }

    /** [column, comment, collation] in table order. */
    private static List<List<String>> commentsAndCollations(MariaDbServer s, String table) {
        return s.query(
                "SELECT COLUMN_NAME, COLUMN_COMMENT, COLLATION_NAME FROM information_schema.COLUMNS"
                        + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
                DB,
                table);
    }

    private static List<String> indexes(MariaDbServer s, String table) {
        return s
                .query(
                        "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS"
                                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY INDEX_NAME",
                        DB,
                        table)
                .stream()
                .map(r -> r.get(0))
                .toList();
    }

    /** The downstream's general log records every statement the sink sends. */
    private static void generalLog(MariaDbServer down, boolean on) {
        down.exec("SET GLOBAL log_output = 'TABLE'", "SET GLOBAL general_log = " + (on ? 1 : 0));
    }

    // DM's data/gho.db1.increment.sql, gho.db2.increment.sql (the pt_* files are the same with pt_ for gho_).
    private static final String GHO_DB1_INCREMENT = """
            insert into gho_t1 (uid, name) values (10003, 'Buenos Aires');
            update gho_t1 set name = 'Gabriel José de la Concordia García Márquez' where `uid` = 10001;
            update gho_t1 set name = 'One Hundred Years of Solitude' where name = 'Cien años de soledad';
            alter table gho_t1 add column age int after name;
            alter table gho_t2 add column age int after name;
            alter table gho_t2 add key name (name);
            alter table gho_t1 add key name (name);
            insert into gho_t2 (uid, name, age, info) values (20004, 'Colonel Aureliano Buendía', 301, '{}');
            alter table gho_t2 add column info_json json GENERATED ALWAYS AS (`info`) VIRTUAL after name;
            insert into gho_t1 (uid, name, info) values (10004, 'Buenos Aires', '{"age": 10}');
            insert into gho_t2 (uid, name, info) values (20005, 'Buenos Aires', '{"age": 100}');
            insert into gho_t2 (uid, name, info) values (20006, 'Buenos Aires', '{"age": 1000}');
            alter table gho_t1 add column info_json json GENERATED ALWAYS AS (`info`) VIRTUAL after name;
            insert into gho_t1 (uid, name, info) values (10005, 'Buenos Aires', '{"age": 100}');
            insert into gho_t2 (uid, name, info) values (20007, 'Buenos Aires', '{"age": 200}');
            """;
    private static final String GHO_DB2_INCREMENT = """
            delete from gho_t3 where name = 'Santa Sofía de la Piedad';
            alter table gho_t2 add column age int after name;
            update gho_t2 set uid = uid + 10000;
            alter table gho_t3 add column age int after name;
            update gho_t3 set age = 1;
            alter table gho_t2 add key name (name);
            alter table gho_t3 add key name (name);
            alter table gho_t2 add column info_json json GENERATED ALWAYS AS (`info`) VIRTUAL after name;
            update gho_t3 set age = age + 10;
            alter table gho_t3 add column info_json json GENERATED ALWAYS AS (`info`) VIRTUAL after name;
            update gho_t2 set age = age + 10;
            """;
    // DM's data/gho.db1.increment2.sql, gho.db2.increment2.sql.
    private static final String GHO_DB1_INCREMENT2 = """
            insert into gho_t1 (uid, name, info) values (10006, 'name of 10006', '{"age": 10006}');
            insert into gho_t2 (uid, name, info) values (20008, 'name of 20008', '{"age": 20008}');
            alter table gho_t1 add column address varchar(255) after name;
            alter table gho_t2 add column address varchar(255) after name;
            alter table gho_t1 add key address (address);
            alter table gho_t2 add key address (address);
            insert into gho_t2 (uid, name, info, address) values (20009, 'name of 20009', '{"age": 20009}', 'address of 20009');
            insert into gho_t1 (uid, name, info, address) values (10007, 'name of 10007', '{"age": 10007}', 'address of 10007');
            alter table gho_t2 drop column age;
            alter table gho_t1 drop column age;
            insert into gho_t1 (uid, name, info, address) values (10008, 'name of 10008', '{"age": 10008}', 'address of 10008');
            insert into gho_t2 (uid, name, info, address) values (20010, 'name of 20010', '{"age": 20010}', 'address of 20010');
            """;
    private static final String GHO_DB2_INCREMENT2 = """
            insert into gho_t3 (uid, name, info) values (30004, 'name of 30004', '{"age": 30004}');
            insert into gho_t2 (uid, name, info) values (50002, 'name of 50002', '{"age": 50002}');
            alter table gho_t3 add column address varchar(255) after name;
            alter table gho_t2 add column address varchar(255) after name;
            alter table gho_t2 add key address (address);
            alter table gho_t3 add key address (address);
            insert into gho_t2 (uid, name, info, address) values (50003, 'name of 50003', '{"age": 50003}', 'address of 50003');
            insert into gho_t3 (uid, name, info, address) values (30005, 'name of 30005', '{"age": 30005}', 'address of 30005');
            alter table gho_t2 drop column age;
            alter table gho_t3 drop column age;
            insert into gho_t3 (uid, name, info, address) values (30006, 'name of 30006', '{"age": 30006}', 'address of 30006');
            insert into gho_t2 (uid, name, info, address) values (50004, 'name of 50004', '{"age": 50004}', 'address of 50004');
            """;
}
