package io.oscsync.job.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DM's older and DM-only task fields: mapped to DM's meaning, accepted as no-ops, or refused by name. */
class DmTaskFieldsTest {
    private static final String TARGET = """
            target-database:
              host: 127.0.0.1
              port: 4000
              user: root
            """;
    private static final String INSTANCE = """
            mysql-instances:
              - source-id: mysql-01
                host: 127.0.0.1
                port: 3306
                user: repl
                server-id: 5401
            """;
    private static final String TASK = "name: t\n" + TARGET + INSTANCE;

    private static TaskConfig parse(String yaml) {
        return new TaskConfigLoader(Map.of("PW", "from-env")::get).parse(yaml);
    }

    private static void refused(String yaml, String... words) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), () -> "'" + w + "' not in: " + e.getMessage());
        }
    }

    /** TASK with one more line in the instance (indented to its fields). */
    private static String withInstanceField(String lines) {
        return TASK + lines.indent(4);
    }

    private static String withTargetField(String lines) {
        return "name: t\n" + TARGET + lines.indent(2) + INSTANCE;
    }

    @Test
    void isShardingWithoutShardModeIsPessimisticAndShardModeWins() {
        assertEquals(
                TaskConfig.ShardMode.PESSIMISTIC,
                parse("is-sharding: true\n" + TASK).shardMode());
        assertEquals(
                TaskConfig.ShardMode.PESSIMISTIC,
                parse("is-sharding: true\nshard-mode: \"\"\n" + TASK).shardMode());
        assertEquals(
                TaskConfig.ShardMode.OPTIMISTIC,
                parse("is-sharding: true\nshard-mode: optimistic\n" + TASK).shardMode());
        // DM: a shard-mode enables sharding whatever is-sharding says.
        assertEquals(
                TaskConfig.ShardMode.OPTIMISTIC,
                parse("is-sharding: false\nshard-mode: optimistic\n" + TASK).shardMode());
        assertEquals(
                TaskConfig.ShardMode.NONE, parse("is-sharding: false\n" + TASK).shardMode());
        refused("is-sharding: maybe\n" + TASK, "is-sharding", "true or false");
    }

    @Test
    void blackWhiteListIsTheOlderNameOfBlockAllowList() {
        String list = "black-white-list:\n  bal:\n    do-dbs: [shop]\n";
        TaskConfig c = parse(list + withInstanceField("black-white-list: bal"));
        assertEquals("bal", c.mysqlInstances().get(0).blockAllowList());
        assertEquals(java.util.List.of("shop"), c.blockAllowList().get("bal").doDbs());
        // dmctl prints the unused one empty.
        c = parse("black-white-list: {}\nblock-allow-list:\n  bal:\n    do-dbs: [shop]\n"
                + withInstanceField("black-white-list: \"\"\nblock-allow-list: bal"));
        assertEquals("bal", c.mysqlInstances().get(0).blockAllowList());
        refused(
                list + "block-allow-list:\n  other:\n    do-dbs: [crm]\n" + TASK,
                "black-white-list is the older name of block-allow-list, and both are set");
        refused(
                list + withInstanceField("black-white-list: bal\nblock-allow-list: bal"),
                "mysql-instances[0].black-white-list is the older name of block-allow-list");
    }

    @Test
    void onlineDdlSchemeTurnsOnlineDdlOn() {
        assertTrue(
                parse("online-ddl: false\nonline-ddl-scheme: gh-ost\n" + TASK).onlineDdl());
        assertTrue(parse("online-ddl: false\nonline-ddl-scheme: pt\n" + TASK).onlineDdl());
        assertFalse(parse("online-ddl: false\nonline-ddl-scheme: \"\"\n" + TASK).onlineDdl());
        refused("online-ddl-scheme: lhm\n" + TASK, "online-ddl-scheme", "'pt' or 'gh-ost'");
    }

    @Test
    void columnMappingsOnlyWhenEmpty() {
        parse("column-mappings: {}\n" + withInstanceField("column-mapping-rules: []"));
        refused(
                "column-mappings:\n  m:\n    schema-pattern: a\n    table-pattern: b\n" + TASK,
                "column-mappings",
                "not supported");
        refused(withInstanceField("column-mapping-rules: [m]"), "mysql-instances[0].column-mapping-rules");
    }

    @Test
    void dmOnlyTuningIsAccepted() {
        parse("ansi-quotes: true\nexperimental:\n  async-checkpoint-flush: true\n"
                + withInstanceField("validator-config-name: v\nexpression-filters: []"));
        assertNull(parse(withTargetField("max-allowed-packet: null"))
                .targetDatabase()
                .session()
                .get("x"));
        parse(withTargetField("max-allowed-packet: 67108864"));
        refused(withTargetField("max-allowed-packet: lots"), "target-database.max-allowed-packet");
    }

    @Test
    void sessionVariablesAreReadAndChecked() {
        TaskConfig c = parse(withTargetField("session:\n  sql_mode: \"STRICT_TRANS_TABLES,NO_ZERO_DATE\"\n"
                + "  tidb_retry_limit: 10\n  tidb_disable_txn_auto_retry: off\n  time_zone: \"+08:00\""));
        assertEquals(
                Map.of(
                        "sql_mode", "STRICT_TRANS_TABLES,NO_ZERO_DATE",
                        "tidb_retry_limit", "10",
                        "tidb_disable_txn_auto_retry", "OFF",
                        "time_zone", "+08:00"),
                c.targetDatabase().session());
        assertEquals(
                java.util.List.of("sql_mode", "tidb_retry_limit", "tidb_disable_txn_auto_retry", "time_zone"),
                java.util.List.copyOf(c.targetDatabase().session().keySet()));
        refused(withTargetField("session:\n  sql_mode: \"'; DROP TABLE x; --\""), "target-database.session.sql_mode");
        refused(withTargetField("session:\n  \"a = 1; DROP TABLE x\": 1"), "target-database.session.a = 1");
        refused(withTargetField("session:\n  sql_mode:"), "target-database.session.sql_mode");
    }

    @Test
    void yamlAnchorsAliasesAndMergeKeys() {
        TaskConfig c = parse("""
                name: t
                target-database: &db
                  host: 127.0.0.1
                  port: 4000
                  user: root
                mysql-instances:
                  - &inst
                    source-id: mysql-01
                    <<: *db
                    port: 3306
                    server-id: 5401
                    route-rules: &rr [r]
                  - <<: *inst
                    source-id: mysql-02
                    server-id: 5402
                routes:
                  r:
                    schema-pattern: shop
                    target-schema: &target merged
                """);
        assertEquals(4000, c.targetDatabase().port());
        TaskConfig.Instance second = c.mysqlInstances().get(1);
        assertEquals("127.0.0.1", second.host());
        assertEquals(3306, second.port()); // the explicit key wins over the merged one
        assertEquals("root", second.user());
        assertEquals("mysql-02", second.sourceId());
        assertEquals(java.util.List.of("r"), second.routeRules());
        assertEquals("merged", c.routes().get("r").targetSchema());
        // An unquoted password starting with '*' is an alias: refused without echoing it.
        ConfigException e = assertThrows(
                ConfigException.class, () -> parse(TASK.replace("user: root", "user: root\n  password: *s3cret")));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
        assertThrows(ConfigException.class, () -> parse("name: &n [*n]\n" + TASK.replace("name: t\n", "")));
        assertThrows(ConfigException.class, () -> parse("x: &s text\n<<: *s\n" + TASK));
    }

    @Test
    void caseSensitiveIsRead() {
        assertTrue(parse("case-sensitive: true\n" + TASK).caseSensitive());
        assertFalse(parse(TASK).caseSensitive());
    }

    @Test
    void fieldsThatWouldChangeResultsAreRefusedByName() {
        parse("collation_compatible: loose\ntimezone: \"\"\n" + TASK);
        refused("collation_compatible: strict\n" + TASK, "collation_compatible", "'strict' is not supported");
        refused("timezone: \"+08:00\"\n" + TASK, "timezone", "not supported", "server-time-zone");
        refused(
                "routes:\n  r:\n    schema-pattern: s\n    table-pattern: t\n    target-schema: m\n"
                        + "    extract-table:\n      table-regexp: \"t_(.*)\"\n      target-column: c\n"
                        + withInstanceField("route-rules: [r]"),
                "routes.r.extract-table",
                "extended columns");
        parse("strict-optimistic-shard-mode: false\nmydumpers:\n  g: {threads: 4, where: \"\"}\n" + TASK);
        refused("strict-optimistic-shard-mode: true\nshard-mode: optimistic\n" + TASK, "strict-optimistic-shard-mode");
        refused("mydumpers:\n  g: {where: \"id > 10\"}\n" + TASK, "mydumpers.g.where", "not supported");
        refused(withInstanceField("mydumper: {where: \"id > 10\"}"), "mysql-instances[0].mydumper.where");
    }

    @Test
    void gtidStartPositionsAreRefusedAndBinlogPositionsKept() {
        refused(
                withInstanceField("meta:\n  binlog-gtid: \"3ccc475b-2343-11e7-be21-6c0b84d59f30:1-7\""),
                "mysql-instances[0].meta.binlog-gtid",
                "GTID start positions are not supported");
        TaskConfig c = parse(
                withInstanceField("meta:\n  binlog-name: mysql-bin.000002\n  binlog-pos: 4\n  binlog-gtid: \"\""));
        assertEquals("mysql-bin.000002", c.mysqlInstances().get(0).meta().binlogName());
    }

    @Test
    void dmctlEncryptedPasswordsAreRefused() {
        // dmctl encrypt's shape: base64 of a 16-byte IV, '@', the ciphertext.
        byte[] raw = new byte[24];
        raw[16] = '@';
        String encrypted = java.util.Base64.getEncoder().encodeToString(raw);
        assertTrue(DmTaskFields.looksEncrypted(encrypted));
        assertFalse(DmTaskFields.looksEncrypted("correct-horse-battery-staple"));
        refused(
                withTargetField("password: \"" + encrypted + "\""),
                "target-database.password",
                "dmctl encrypt",
                "${ENV_VAR}");
        refused(withInstanceField("password: \"" + encrypted + "\""), "mysql-instances[0].password");
        parse(withTargetField("password: \"${PW}\""));
    }

    @Test
    void dmSecurityAsDmctlPrintsIt() {
        TaskConfig c = parse(withTargetField("security:\n  ssl-ca: \"\"\n  ssl-cert: \"\"\n  ssl-key: \"\"\n"
                + "  cert-allowed-cn: []\n  ssl-ca-bytes: []\n  ssl-ca-base64: \"\""));
        assertNull(c.targetDatabase().security());
        refused(withTargetField("security:\n  cert-allowed-cn: [dm]"), "target-database.security.cert-allowed-cn");
        refused(withTargetField("security:\n  ssl-ca-base64: \"LS0t\""), "target-database.security.ssl-ca-base64");
    }
}
