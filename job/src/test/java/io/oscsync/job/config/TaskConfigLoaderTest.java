package io.oscsync.job.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class TaskConfigLoaderTest {

    /** A minimal valid task; bad-file tests change one thing in it. */
    private static final String MINIMAL = """
            name: minimal
            target-database:
              host: 127.0.0.1
              port: 4000
              user: root
            mysql-instances:
              - source-id: mysql-01
                host: 127.0.0.1
                port: 3306
                user: repl
                server-id: 5401
              - source-id: mysql-02
                host: 127.0.0.2
                port: 3306
                user: repl
                server-id: 5402-5404
            """;

    private static final String FULL = """
            name: full-task
            task-mode: incremental
            shard-mode: pessimistic
            meta-schema: osc_meta
            online-ddl: false
            shadow-table-rules: ["^_(.+)_(?:new|gho)$"]
            trash-table-rules: ["^_(.+)_(?:old|del)$"]
            checkpoint-interval-ms: 5000
            # DM-only fields: accepted and ignored
            is-sharding: true
            case-sensitive: false
            mydumpers:
              global:
                threads: 4
            syncers:
              global:
                worker-count: 16

            target-database:
              host: tidb.example
              port: 4000
              user: osc
              password: "${TIDB_PASSWORD}"
              dialect: mysql

            mysql-instances:
              - source-id: mysql-01
                host: db1.example
                port: 3306
                user: repl
                password: "${MYSQL_PASSWORD:-fallback-pw}"
                server-id: 5401-5404
                server-time-zone: "+03:00"
                block-allow-list: bal-1
                route-rules: [orders-route, users-route]
                filter-rules: [no-drop-db]
                meta:
                  binlog-name: mysql-bin.000042
                  binlog-pos: 1234
                mydumper-config-name: global
                syncer-thread: 8
              - source-id: mysql-02
                host: db2.example
                port: 3307
                user: repl
                server-id: "5405"

            block-allow-list:
              bal-1:
                do-dbs: ["shop_*", "crm"]
                do-tables:
                  - db-name: "shop_*"
                    tbl-name: "orders_*"
                ignore-dbs: [mysql, sys]
                ignore-tables:
                  - db-name: crm
                    tbl-name: tmp_~

            routes:
              orders-route:
                schema-pattern: "shop_*"
                table-pattern: "orders_*"
                target-schema: shop
                target-table: orders
              users-route:
                schema-pattern: crm
                target-schema: crm_copy

            filters:
              no-drop-db:
                schema-pattern: "*"
                events: ["drop database"]
                sql-pattern: ["^DROP\\\\s+DATABASE"]
                action: Ignore
            """;

    private static final Map<String, String> ENV = Map.of("TIDB_PASSWORD", "tidb-pw");

    private static TaskConfig parse(String yaml) {
        return new TaskConfigLoader(ENV::get).parse(yaml);
    }

    /** Parses and expects a ConfigException whose message contains every fragment. */
    private static String fails(String yaml, String... fragments) {
        return failsWith(new TaskConfigLoader(ENV::get), yaml, fragments);
    }

    private static String failsWith(TaskConfigLoader loader, String yaml, String... fragments) {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml));
        String msg = e.getMessage();
        for (String f : fragments) {
            assertTrue(msg.contains(f), () -> "message should contain '" + f + "' but was: " + msg);
        }
        return msg;
    }

    private static String replace(String yaml, String from, String to) {
        assertTrue(yaml.contains(from), "test setup: '" + from + "' not in the YAML");
        return yaml.replace(from, to);
    }

    // ---------------------------------------------------------------- valid files

    @Test
    void fullTaskBindsEveryField() {
        TaskConfig c = parse(FULL);
        assertEquals("full-task", c.name());
        assertEquals(TaskConfig.TaskMode.INCREMENTAL, c.taskMode());
        assertFalse(c.taskMode().snapshot());
        assertTrue(c.taskMode().binlog());
        assertEquals(TaskConfig.ShardMode.PESSIMISTIC, c.shardMode());
        assertEquals("osc_meta", c.metaSchema());
        assertEquals(false, c.onlineDdl());
        assertEquals(List.of("^_(.+)_(?:new|gho)$"), c.shadowTableRules());
        assertEquals(List.of("^_(.+)_(?:old|del)$"), c.trashTableRules());
        assertEquals(5000L, c.checkpointIntervalMs());

        TaskConfig.Database t = c.targetDatabase();
        assertEquals("tidb.example", t.host());
        assertEquals(4000, t.port());
        assertEquals("osc", t.user());
        assertEquals("tidb-pw", t.password().reveal());
        assertEquals(TaskConfig.Dialect.MYSQL, t.dialect());
        assertNull(t.security());
        assertEquals("tidb.example:4000", t.address());

        assertEquals(2, c.mysqlInstances().size());
        TaskConfig.Instance i0 = c.mysqlInstances().get(0);
        assertEquals("mysql-01", i0.sourceId());
        assertEquals("db1.example", i0.host());
        assertEquals(3306, i0.port());
        assertEquals("repl", i0.user());
        assertEquals("fallback-pw", i0.password().reveal());
        assertEquals("5401-5404", i0.serverId());
        assertEquals(4, i0.snapshotThreads(), "mydumpers.global.threads");
        assertEquals("+03:00", i0.serverTimeZone());
        assertEquals("bal-1", i0.blockAllowList());
        assertEquals(List.of("orders-route", "users-route"), i0.routeRules());
        assertEquals(List.of("no-drop-db"), i0.filterRules());
        assertEquals(new TaskConfig.BinlogMeta("mysql-bin.000042", 1234L), i0.meta());
        assertEquals("db1.example:3306", i0.connection().address());

        TaskConfig.Instance i1 = c.mysqlInstances().get(1);
        assertEquals("mysql-02", i1.sourceId());
        assertEquals(3307, i1.port());
        assertEquals("5405", i1.serverId());
        assertEquals(1, i1.snapshotThreads(), "one server id: one snapshot reader");
        assertEquals(8, c.applyWorkers(), "the largest: mysql-01's syncer-thread");
        assertTrue(i1.password().isEmpty(), "a missing password defaults to empty");
        assertNull(i1.blockAllowList());
        assertEquals(List.of(), i1.routeRules());
        assertEquals(List.of(), i1.filterRules());
        assertNull(i1.meta());
        assertNull(i1.serverTimeZone());

        TaskConfig.BlockAllowRule bal = c.blockAllowList().get("bal-1");
        assertEquals(List.of("shop_*", "crm"), bal.doDbs());
        assertEquals(List.of(new TaskConfig.TablePattern("shop_*", "orders_*")), bal.doTables());
        assertEquals(List.of("mysql", "sys"), bal.ignoreDbs());
        assertEquals(List.of(new TaskConfig.TablePattern("crm", "tmp_~")), bal.ignoreTables());

        assertEquals(
                List.of("orders-route", "users-route"), List.copyOf(c.routes().keySet()));
        assertEquals(
                new TaskConfig.RouteRuleConfig("shop_*", "orders_*", "shop", "orders"),
                c.routes().get("orders-route"));
        assertEquals(
                new TaskConfig.RouteRuleConfig("crm", null, "crm_copy", null),
                c.routes().get("users-route"));

        TaskConfig.FilterRuleConfig f = c.filters().get("no-drop-db");
        assertEquals("*", f.schemaPattern());
        assertNull(f.tablePattern());
        assertEquals(List.of("drop database"), f.events());
        assertEquals(List.of("^DROP\\s+DATABASE"), f.sqlPattern());
        assertEquals(TaskConfig.FilterAction.IGNORE, f.action());
    }

    @Test
    void defaultsAreApplied() {
        TaskConfig c = parse(MINIMAL);
        assertEquals(TaskConfig.TaskMode.ALL, c.taskMode());
        assertTrue(c.taskMode().snapshot());
        assertTrue(c.taskMode().binlog());
        assertEquals(TaskConfig.ShardMode.NONE, c.shardMode());
        assertEquals("dm_meta", c.metaSchema());
        assertEquals(true, c.onlineDdl());
        assertEquals(TaskConfig.Dialect.TIDB, c.targetDatabase().dialect());
        assertEquals(Secret.EMPTY, c.targetDatabase().password());
        assertEquals(2_000L, c.checkpointIntervalMs());
        assertEquals(List.of(), c.shadowTableRules());
        assertEquals(List.of(), c.trashTableRules());
        assertEquals(Map.of(), c.blockAllowList());
        assertEquals(Map.of(), c.routes());
        assertEquals(Map.of(), c.filters());
        assertEquals(Secret.EMPTY, c.mysqlInstances().get(0).password());
        assertEquals("5401", c.mysqlInstances().get(0).serverId());
        assertEquals(1, c.mysqlInstances().get(0).snapshotThreads(), "one server id: one reader");
        assertEquals(3, c.mysqlInstances().get(1).snapshotThreads(), "as many readers as ids, at most 4");
        assertEquals(TaskDefaults.APPLY_WORKERS, c.applyWorkers());
        assertEquals(
                4,
                parse(replace(MINIMAL, "server-id: 5402-5404", "server-id: 5402-5409"))
                        .mysqlInstances()
                        .get(1)
                        .snapshotThreads(),
                "DM's default of 4 threads caps the default");
    }

    // ---------------------------------------------------------------- S and K, DM's names and precedence

    /** MINIMAL's second instance (5402-5404, room for 3 readers) with these fields; the blocks go first. */
    private static TaskConfig withThreads(String topLevel, String instanceFields) {
        return parse(withThreadsYaml(topLevel, instanceFields));
    }

    private static final String BLOCKS = """
            mydumpers:
              two: {threads: 2}
              three: {threads: 3}
            syncers:
              six: {worker-count: 6}
              nine: {worker-count: 9}
            """;

    @Test
    void snapshotThreadsFromDmNamesWithDmPrecedence() {
        assertEquals(
                2,
                withThreads(BLOCKS, "mydumper-config-name: two")
                        .mysqlInstances()
                        .get(1)
                        .snapshotThreads());
        assertEquals(
                3,
                withThreads("", "mydumper: {threads: 3}")
                        .mysqlInstances()
                        .get(1)
                        .snapshotThreads());
        assertEquals(
                1, withThreads("", "mydumper-thread: 1").mysqlInstances().get(1).snapshotThreads());
        // DM: a non-zero mydumper-thread wins over the block's threads; a named block over an inline one.
        assertEquals(
                1,
                withThreads(BLOCKS, "mydumper-config-name: three\nmydumper-thread: 1")
                        .mysqlInstances()
                        .get(1)
                        .snapshotThreads());
        assertEquals(
                2,
                withThreads(BLOCKS, "mydumper-config-name: two\nmydumper: {threads: 3}")
                        .mysqlInstances()
                        .get(1)
                        .snapshotThreads());
        // DM reads 0 as unset: the block's count applies.
        assertEquals(
                3,
                withThreads(BLOCKS, "mydumper-config-name: three\nmydumper-thread: 0")
                        .mysqlInstances()
                        .get(1)
                        .snapshotThreads());
    }

    @Test
    void applyWorkersFromDmNamesWithDmPrecedenceLargestOverInstances() {
        assertEquals(6, withThreads(BLOCKS, "syncer-config-name: six").applyWorkers());
        assertEquals(9, withThreads("", "syncer: {worker-count: 9}").applyWorkers());
        // syncer-thread wins over worker-count (9); the other instance's default (4) is then the largest.
        assertEquals(
                4,
                withThreads(BLOCKS, "syncer-config-name: nine\nsyncer-thread: 2")
                        .applyWorkers());
        assertEquals(12, withThreads("", "syncer-thread: 12").applyWorkers());
        assertEquals(
                6,
                withThreads(BLOCKS, "syncer-config-name: six\nsyncer: {worker-count: 9}")
                        .applyWorkers());
    }

    @Test
    void threadCountsRefusedNamingTheField() {
        fails(
                withThreadsYaml(BLOCKS, "mydumper-config-name: four"),
                "mysql-instances[1].mydumper-config-name",
                "no 'four' under mydumpers",
                "known: two, three");
        fails(withThreadsYaml("", "syncer-config-name: six"), "mysql-instances[1].syncer-config-name", "no 'six'");
        fails(
                withThreadsYaml("mydumpers:\n  z: {threads: 0}\n", "mydumper-config-name: z"),
                "mydumpers.z.threads",
                "from 1 to 128");
        fails(withThreadsYaml("", "mydumper-thread: -2"), "mysql-instances[1].mydumper-thread", "(0: unset)");
        fails(withThreadsYaml("", "syncer-thread: lots"), "mysql-instances[1].syncer-thread", "whole number");
        fails(withThreadsYaml("", "syncer: {worker-count: 500}"), "mysql-instances[1].syncer.worker-count", "128");
    }

    @Test
    void snapshotThreadsCappedAtTheServerIds() {
        // Each snapshot reader is a binlog client with its own server id: 5402-5404 holds three.
        assertEquals(
                3, withThreads("", "mydumper-thread: 8").mysqlInstances().get(1).snapshotThreads());
        assertEquals(
                1,
                parse(replace(MINIMAL, "server-id: 5401", "server-id: 5401\n    mydumper-thread: 4"))
                        .mysqlInstances()
                        .get(0)
                        .snapshotThreads());
    }

    private static String withThreadsYaml(String topLevel, String instanceFields) {
        return topLevel
                + replace(
                        MINIMAL,
                        "server-id: 5402-5404",
                        "server-id: 5402-5404\n    " + instanceFields.replace("\n", "\n    "));
    }

    @Test
    void shardModeEmptyStringAndOptimistic() {
        assertEquals(
                TaskConfig.ShardMode.NONE, parse("shard-mode: \"\"\n" + MINIMAL).shardMode());
        assertEquals(
                TaskConfig.ShardMode.OPTIMISTIC,
                parse("shard-mode: optimistic\n" + MINIMAL).shardMode());
        assertEquals(
                TaskConfig.TaskMode.FULL, parse("task-mode: full\n" + MINIMAL).taskMode());
    }

    @Test
    void readsFromFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("task.yaml");
        Files.writeString(file, MINIMAL);
        assertEquals("minimal", new TaskConfigLoader(ENV::get).read(file).name());
    }

    @Test
    void missingFileNamesTheFile(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> new TaskConfigLoader(ENV::get).read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("--task"), e.getMessage());
    }

    @Test
    void errorFromFileNamesTheFileAndField(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, replace(MINIMAL, "port: 4000", "port: 0"));
        ConfigException e = assertThrows(ConfigException.class, () -> new TaskConfigLoader(ENV::get).read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("target-database.port"), e.getMessage());
    }

    // ---------------------------------------------------------------- environment substitution

    @Test
    void environmentVariablesAreSubstituted() {
        Map<String, String> env = new HashMap<>();
        env.put("TIDB_HOST", "tidb.internal");
        env.put("TIDB_PORT", "4001");
        env.put("PW", "pa$$w0rd\\with}odd{chars");
        env.put("SUFFIX", "eu");
        String yaml = replace(
                replace(
                        replace(
                                replace(
                                        MINIMAL,
                                        "host: 127.0.0.1\n  port: 4000",
                                        "host: ${TIDB_HOST}\n  port: ${TIDB_PORT}"),
                                "user: root",
                                "user: root\n  password: ${PW}"),
                        "name: minimal",
                        "name: task-${SUFFIX}"),
                "source-id: mysql-02",
                "source-id: mysql-${SUFFIX}-${SUFFIX}");
        TaskConfig c = new TaskConfigLoader(env::get).parse(yaml);
        assertEquals("tidb.internal", c.targetDatabase().host());
        assertEquals(4001, c.targetDatabase().port());
        assertEquals("pa$$w0rd\\with}odd{chars", c.targetDatabase().password().reveal());
        assertEquals("task-eu", c.name());
        assertEquals("mysql-eu-eu", c.mysqlInstances().get(1).sourceId());
    }

    @Test
    void defaultSyntaxIsUsedOnlyWhenTheVariableIsUnset() {
        String yaml = replace(MINIMAL, "user: root", "user: ${TIDB_USER:-admin}\n  password: ${TIDB_PW:-}");
        TaskConfig unset = new TaskConfigLoader(name -> null).parse(yaml);
        assertEquals("admin", unset.targetDatabase().user());
        assertTrue(unset.targetDatabase().password().isEmpty());

        TaskConfig set = new TaskConfigLoader(Map.of("TIDB_USER", "osc", "TIDB_PW", "x")::get).parse(yaml);
        assertEquals("osc", set.targetDatabase().user());
        assertEquals("x", set.targetDatabase().password().reveal());
    }

    @Test
    void missingVariableNamesFieldAndVariable() {
        String yaml = replace(
                MINIMAL,
                "    user: repl\n    server-id: 5402-5404",
                "    user: repl\n    password: ${MYSQL02_PASSWORD}\n    server-id: 5402-5404");
        String msg = failsWith(
                new TaskConfigLoader(name -> null),
                yaml,
                "mysql-instances[1].password",
                "MYSQL02_PASSWORD",
                "${MYSQL02_PASSWORD:-");
        assertTrue(msg.contains("not set"), msg);
    }

    @Test
    void dollarWithoutBracesIsLeftAlone() {
        String yaml = replace(MINIMAL, "user: root", "user: root\n  password: a$b$");
        assertEquals("a$b$", parse(yaml).targetDatabase().password().reveal());
    }

    // ---------------------------------------------------------------- bad files

    @Test
    void unknownTopLevelField() {
        fails("nmae: typo\n" + MINIMAL, "unknown field 'nmae'", "known fields here", "mysql-instances");
    }

    @Test
    void unknownNestedFieldInSecondInstance() {
        fails(
                replace(MINIMAL, "server-id: 5402-5404", "server-id: 5402-5404\n    sever-time-zone: UTC"),
                "mysql-instances[1]",
                "unknown field 'sever-time-zone'",
                "server-time-zone");
    }

    @Test
    void unknownFieldInTargetDatabase() {
        fails(
                replace(MINIMAL, "user: root", "user: root\n  passwd: x"),
                "target-database",
                "unknown field 'passwd'",
                "password");
    }

    @Test
    void wrongTypeForPort() {
        fails(replace(MINIMAL, "port: 4000", "port: four-thousand"), "target-database.port", "integer");
        fails(replace(MINIMAL, "port: 4000", "port: [4000]"), "target-database.port", "integer");
    }

    @Test
    void portOutOfRange() {
        fails(replace(MINIMAL, "port: 4000", "port: 70000"), "target-database.port", "1 to 65535");
        fails(replace(MINIMAL, "port: 4000", "port: 99999999999"), "target-database.port", "out of range", "integer");
    }

    @Test
    void badTaskMode() {
        fails("task-mode: everything\n" + MINIMAL, "task-mode", "'all', 'full', 'incremental'");
    }

    @Test
    void badShardMode() {
        fails("shard-mode: eventual\n" + MINIMAL, "shard-mode", "'pessimistic'", "'optimistic'");
    }

    @Test
    void badFilterAction() {
        fails(
                "filters:\n  f:\n    schema-pattern: a\n    action: Drop\n" + MINIMAL,
                "filters.f.action",
                "'Ignore', 'Do'");
    }

    @Test
    void badDialect() {
        fails(
                replace(MINIMAL, "user: root", "user: root\n  dialect: postgres"),
                "target-database.dialect",
                "'tidb', 'mysql'");
    }

    @Test
    void missingName() {
        fails(replace(MINIMAL, "name: minimal\n", ""), "name");
        fails(replace(MINIMAL, "name: minimal\n", "name: ~\n"), "name");
        fails(replace(MINIMAL, "name: minimal\n", "name: \"bad name!\"\n"), "name", "letters, digits");
    }

    @Test
    void missingTargetDatabase() {
        String noTarget = "name: t\nmysql-instances:\n  - {source-id: a, host: h, port: 3306, user: u, server-id: 1}\n";
        fails(noTarget, "target-database");
        fails("target-database: ~\n" + noTarget, "target-database", "host");
    }

    @Test
    void missingFieldInsideTarget() {
        fails(replace(MINIMAL, "  user: root\n", ""), "target-database", "user");
    }

    @Test
    void emptyMysqlInstances() {
        String head = MINIMAL.substring(0, MINIMAL.indexOf("mysql-instances:"));
        fails(head + "mysql-instances: []\n", "mysql-instances", "at least one instance");
        fails(head, "mysql-instances");
    }

    @Test
    void mysqlInstancesNotAList() {
        String head = MINIMAL.substring(0, MINIMAL.indexOf("mysql-instances:"));
        fails(head + "mysql-instances: db1\n", "mysql-instances", "a list");
    }

    @Test
    void nullInstanceIsAnErrorNotACrash() {
        String head = MINIMAL.substring(0, MINIMAL.indexOf("mysql-instances:"));
        fails(head + "mysql-instances:\n  - ~\n", "mysql-instances[0]");
    }

    @Test
    void duplicateSourceId() {
        fails(
                replace(MINIMAL, "source-id: mysql-02", "source-id: mysql-01"),
                "mysql-instances[1].source-id",
                "not used by another instance");
    }

    @Test
    void overlappingServerIdRanges() {
        fails(
                replace(MINIMAL, "server-id: 5402-5404", "server-id: 5400-5401"),
                "mysql-instances[1].server-id",
                "not used by another instance");
        fails(
                replace(MINIMAL, "server-id: 5402-5404", "server-id: 5401"),
                "mysql-instances[1].server-id",
                "not used by another instance");
    }

    @Test
    void hugeServerIdRangeIsCheckedQuickly() {
        // A range this wide must not be enumerated id by id.
        String yaml = replace(
                replace(MINIMAL, "server-id: 5401\n", "server-id: 1-4000000000\n"),
                "server-id: 5402-5404",
                "server-id: 4000000001-4294967295");
        assertEquals("1-4000000000", parse(yaml).mysqlInstances().get(0).serverId());
        fails(
                replace(MINIMAL, "server-id: 5402-5404", "server-id: 1-4294967295"),
                "mysql-instances[1].server-id",
                "not used by another instance");
    }

    @Test
    void badServerIdText() {
        for (String bad : List.of(
                "abc",
                "5401-",
                "-5",
                "5401..5404",
                "\"\"",
                "0",
                "5404-5401",
                "4294967296",
                "99999999999999999999999",
                "1-99999999999999999999999")) {
            fails(replace(MINIMAL, "server-id: 5402-5404", "server-id: " + bad), "mysql-instances[1].server-id");
        }
        fails(
                replace(MINIMAL, "server-id: 5402-5404", "server-id: abc"),
                "mysql-instances[1].server-id",
                "a number such as 5401, or a range such as 5401-5404");
    }

    @Test
    void missingServerId() {
        fails(replace(MINIMAL, "    server-id: 5402-5404\n", ""), "mysql-instances[1]", "server-id");
    }

    @Test
    void undefinedBlockAllowListReference() {
        fails(
                replace(MINIMAL, "server-id: 5402-5404", "server-id: 5402-5404\n    block-allow-list: nope"),
                "mysql-instances[1].block-allow-list",
                "'nope'",
                "block-allow-list");
    }

    @Test
    void undefinedRouteReference() {
        String yaml = "routes:\n  r1: {schema-pattern: a, target-schema: b}\n"
                + replace(MINIMAL, "server-id: 5401\n", "server-id: 5401\n    route-rules: [r1, r2]\n");
        fails(yaml, "mysql-instances[0].route-rules", "'r2'", "routes", "r1");
    }

    @Test
    void undefinedFilterReference() {
        fails(
                replace(MINIMAL, "server-id: 5401\n", "server-id: 5401\n    filter-rules: [drop-db]\n"),
                "mysql-instances[0].filter-rules",
                "'drop-db'",
                "filters");
    }

    @Test
    void nullRuleDefinition() {
        fails("routes:\n  r1:\n" + MINIMAL, "routes.r1", "mapping");
    }

    @Test
    void routeWithoutTargetSchema() {
        fails("routes:\n  r1: {schema-pattern: a}\n" + MINIMAL, "routes.r1", "target-schema");
    }

    @Test
    void doTablesEntryWithoutTableName() {
        fails(
                "block-allow-list:\n  b:\n    do-tables:\n      - db-name: a\n" + MINIMAL,
                "block-allow-list.b.do-tables[0]",
                "tbl-name");
    }

    @Test
    void shadowRuleWithoutCaptureGroup() {
        fails("shadow-table-rules: [\"^_.+_new$\"]\n" + MINIMAL, "shadow-table-rules[0]", "exactly one capture group");
        fails(
                "trash-table-rules: [\"^_(.+)_(old|del)$\"]\n" + MINIMAL,
                "trash-table-rules[0]",
                "exactly one capture group");
    }

    @Test
    void unanchoredRule() {
        fails(
                "shadow-table-rules: [\"^_(.+)_new$\", \"_(.+)_gho\"]\n" + MINIMAL,
                "shadow-table-rules[1]",
                "anchored",
                "^...$");
        fails("trash-table-rules: [\"^_(.+)_old\"]\n" + MINIMAL, "trash-table-rules[0]", "anchored");
    }

    @Test
    void badRegex() {
        fails("shadow-table-rules: [\"^_(.+_new$\"]\n" + MINIMAL, "shadow-table-rules[0]", "not a valid regex");
    }

    @Test
    void nullRuleEntryIsAnErrorNotACrash() {
        fails("shadow-table-rules: [~]\n" + MINIMAL, "shadow-table-rules[0]");
        fails(
                replace(MINIMAL, "server-id: 5401\n", "server-id: 5401\n    route-rules: [~]\n"),
                "mysql-instances[0].route-rules");
    }

    @Test
    void rulesNotAList() {
        fails("shadow-table-rules: {a: b}\n" + MINIMAL, "shadow-table-rules", "a list");
    }

    @Test
    void unreadableSslCa(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing-ca.pem");
        fails(
                replace(MINIMAL, "user: root", "user: root\n  security:\n    ssl-ca: " + missing),
                "target-database.security.ssl-ca",
                "readable PEM file",
                missing.toString());

        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        fails(
                replace(
                        MINIMAL,
                        "server-id: 5402-5404",
                        "server-id: 5402-5404\n    security:\n      ssl-ca: " + ca + "\n      ssl-cert: " + ca),
                "mysql-instances[1].security",
                "ssl-cert and ssl-key together");
        TaskConfig ok = parse(replace(MINIMAL, "user: root", "user: root\n  security:\n    ssl-ca: " + ca));
        assertEquals(ca.toString(), ok.targetDatabase().security().sslCa());
        // DM's empty security block (dmctl prints one) means no TLS, as in DM.
        assertNull(parse(replace(MINIMAL, "user: root", "user: root\n  security: {}"))
                .targetDatabase()
                .security());
        fails(
                replace(MINIMAL, "user: root", "user: root\n  security: {ssl-cert: " + ca + "}"),
                "target-database.security.ssl-ca");
    }

    @Test
    void badServerTimeZone() {
        fails(
                replace(MINIMAL, "server-id: 5401\n", "server-id: 5401\n    server-time-zone: Mars/Olympus\n"),
                "mysql-instances[0].server-time-zone",
                "'UTC'");
    }

    @Test
    void badMeta() {
        fails(
                replace(
                        MINIMAL,
                        "server-id: 5401\n",
                        "server-id: 5401\n    meta: {binlog-name: mysql-bin.000001, binlog-pos: 2}\n"),
                "mysql-instances[0].meta.binlog-pos",
                "at least 4");
        fails(
                replace(MINIMAL, "server-id: 5401\n", "server-id: 5401\n    meta: {binlog-name: mysql-bin.000001}\n"),
                "mysql-instances[0].meta",
                "binlog-pos");
        fails(
                replace(
                        MINIMAL,
                        "server-id: 5401\n",
                        "server-id: 5401\n    meta: {binlog-name: mysql-bin.000001, binlog-pos: x}\n"),
                "mysql-instances[0].meta.binlog-pos");
    }

    @Test
    void badMetaSchemaAndCheckpointInterval() {
        fails("meta-schema: \"dm-meta\"\n" + MINIMAL, "meta-schema", "letters, digits and '_'");
        fails("checkpoint-interval-ms: 10\n" + MINIMAL, "checkpoint-interval-ms", "at least 100");
        fails("checkpoint-interval-ms: soon\n" + MINIMAL, "checkpoint-interval-ms");
    }

    @Test
    void badBoolean() {
        fails("online-ddl: maybe\n" + MINIMAL, "online-ddl");
    }

    @Test
    void invalidYamlSyntax() {
        fails("name: [unclosed\n" + MINIMAL.substring(MINIMAL.indexOf('\n') + 1), "not valid YAML", "line");
        fails("name: a\n\tport: 1\n", "not valid YAML");
    }

    @Test
    void nonMappingDocument() {
        fails("- a\n- b\n", "expected a YAML mapping", "name", "target-database", "mysql-instances");
        fails("just a string\n", "expected a YAML mapping");
        fails("", "expected a YAML mapping");
        fails("~\n", "expected a YAML mapping");
    }

    // ---------------------------------------------------------------- secrets

    private static final String SECRET = "s3cr3t-xyz";
    private static final List<String> NUMERIC_SECRETS = List.of("98765432109876", "98765432109876543210987");

    @Test
    void secretsNeverAppearInMessages() {
        Map<String, String> env = Map.of("PW", SECRET);
        TaskConfigLoader loader = new TaskConfigLoader(env::get);
        List<String> bad = List.of(
                // the secret as a value of the wrong type, literally and via the environment
                replace(MINIMAL, "port: 4000", "port: \"" + SECRET + "\""),
                replace(MINIMAL, "port: 4000", "port: ${PW}"),
                replace(MINIMAL, "server-id: 5401\n", "server-id: \"" + SECRET + "\"\n"),
                replace(MINIMAL, "server-id: 5401\n", "server-id: ${PW}\n"),
                "task-mode: " + SECRET + "\n" + MINIMAL,
                "online-ddl: " + SECRET + "\n" + MINIMAL,
                "checkpoint-interval-ms: " + SECRET + "\n" + MINIMAL,
                // a numeric secret in a field too small for it
                replace(MINIMAL, "port: 4000", "port: 98765432109876"),
                "checkpoint-interval-ms: 98765432109876543210987\n" + MINIMAL,
                // the secret as a password, with something else wrong
                replace(MINIMAL, "user: root", "user: root\n  password: " + SECRET + "\n  dialect: nope"),
                replace(MINIMAL, "user: root", "user: root\n  password: ${PW}\n  port2: 1"),
                replace(MINIMAL, "user: root", "user: root\n  password: [" + SECRET + "]"),
                replace(MINIMAL, "user: root", "user: root\n  password: {" + SECRET + ": 1}"),
                replace(MINIMAL, "user: root", "user: root\n  password: " + SECRET + "\n  port: 0"),
                // the secret where YAML syntax breaks: parsers like to quote the offending line
                replace(MINIMAL, "user: root", "user: root\n  password: \"" + SECRET),
                replace(MINIMAL, "user: root", "user: root\n  password: " + SECRET + ": x: y"),
                replace(MINIMAL, "user: root", "user: root\n  password: [" + SECRET),
                replace(MINIMAL, "user: root", "user: root\n\tpassword: " + SECRET),
                replace(MINIMAL, "user: root", "user: root\n  password: &" + SECRET + " &" + SECRET + " v"));
        for (String yaml : bad) {
            ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml), yaml);
            assertNoSecret(e, yaml);
        }
    }

    private static void assertNoSecret(Throwable e, String yaml) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains(SECRET) || NUMERIC_SECRETS.stream().anyMatch(m::contains)) {
                fail("secret leaked in " + t.getClass().getSimpleName() + ": " + m + "\n--- for ---\n" + yaml);
            }
            if (t.getCause() == t) break;
        }
    }

    @Test
    void secretsNeverAppearInToString() {
        String yaml = replace(
                replace(MINIMAL, "user: root", "user: root\n  password: " + SECRET),
                "server-id: 5401\n",
                "server-id: 5401\n    password: ${PW}\n");
        TaskConfig c = new TaskConfigLoader(Map.of("PW", SECRET)::get).parse(yaml);
        assertEquals(SECRET, c.targetDatabase().password().reveal());
        assertEquals(SECRET, c.mysqlInstances().get(0).password().reveal());
        assertFalse(c.toString().contains(SECRET), c.toString());
        assertFalse(c.targetDatabase().toString().contains(SECRET));
        assertFalse(c.mysqlInstances().get(0).connection().toString().contains(SECRET));
        assertTrue(c.toString().contains("******"), c.toString());
    }
}
