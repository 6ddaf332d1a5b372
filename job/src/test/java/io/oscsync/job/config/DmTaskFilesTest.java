package io.oscsync.job.config;

import io.oscsync.job.config.TaskConfig.ShardMode;
import io.oscsync.job.config.TaskConfig.TaskMode;
import io.oscsync.job.route.InstanceRules;
import io.oscsync.udfs.TableId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DM's own task files (pingcap/tiflow dm/tests, each file's header says which), with only their
 * sources' connections added: each loads with DM's meaning, or is refused naming the DM feature.
 * The README's list of these files and their outcomes follows this test.
 */
class DmTaskFilesTest {
    private static final Path DIR = Path.of("src/test/resources/dm-tasks");

    /** File -> what loading it must give: a check of the loaded task, or a refusal's words. */
    private static final Map<String, Consumer<String>> OUTCOMES = new LinkedHashMap<>();

    static {
        // is-sharding: true without shard-mode is DM's pessimistic mode.
        for (String f : List.of(
                "online_ddl__dm-task.yaml",
                "sharding__dm-task.yaml",
                "sharding2__dm-task.yaml",
                "sequence_sharding__dm-task.yaml",
                "safe_mode__dm-task.yaml",
                "dmctl_basic__dm-task6.yaml", // shard-mode: "" counts as unset
                "dmctl_basic__get_task.yaml",
                "downstream_diff_index__dm-task.yaml")) {
            loads(f, c -> assertEquals(ShardMode.PESSIMISTIC, c.shardMode()));
        }
        // shard-mode wins over is-sharding.
        loads("sequence_sharding_optimistic__dm-task.yaml", c -> assertEquals(ShardMode.OPTIMISTIC, c.shardMode()));
        loads("dmctl_basic__dm-task4.yaml", c -> assertEquals(ShardMode.OPTIMISTIC, c.shardMode()));
        loads("dmctl_basic__dm-task5.yaml", c -> assertEquals(ShardMode.PESSIMISTIC, c.shardMode()));

        for (String f : List.of(
                "all_mode__dm-task-no-gtid.yaml",
                "async_checkpoint_flush__dm-task.yaml",
                "dmctl_command__dm-task.yaml",
                "gbk__dm-task.yaml",
                "ha_cases__dm-task.yaml",
                "many_tables__dm-task-2.yaml",
                "retry_cancel__dm-task.yaml",
                "sql_mode__dm-task.yaml",
                "validator_basic__dm-task-standalone.yaml",
                "lightning_mode__dm-task.yaml",
                "full_mode__dm-task.yaml",
                "adjust_gtid__dm-task.yaml",
                "downstream_more_column__dm-task-incremental.yaml",
                "mariadb_source__dm-task.yaml",
                "tls__dm-task-no-tls.yaml",
                "foreign_key_multi_worker__dm-task.yaml")) {
            loads(f, c -> assertEquals(ShardMode.NONE, c.shardMode()));
        }
        // Online DDL is on (DM's default too), and the filter keeping online ADD KEY from the target is read.
        loads("online_ddl__dm-task.yaml", c -> {
            assertTrue(c.onlineDdl());
            assertEquals(
                    List.of("ALTER\\s.*TABLE[\\s\\S]*ADD\\s+KEY\\s+NAME", "ALTER\\s.*TABLE[\\s\\S]*DROP\\s+KEY"),
                    c.filters().get("filter-rule-index").sqlPattern());
            // tbl-name "~^((pt)|(gho))_t[1-3]$" is a regular expression, as in DM.
            var allow = rules(c, 0).blockAllowList();
            assertTrue(allow.allows(new io.oscsync.udfs.TableId("online_ddl", "gho_t2")));
            assertTrue(allow.allows(new io.oscsync.udfs.TableId("online_ddl", "pt_t3")));
            assertTrue(!allow.allows(new io.oscsync.udfs.TableId("online_ddl", "gho_t4")));
            assertTrue(!allow.allows(new io.oscsync.udfs.TableId("online_ddl", "t1")));
        });
        // black-white-list is block-allow-list's older name, top level and per instance.
        for (String f : List.of("all_mode__dm-task-no-gtid.yaml", "mariadb_source__dm-task.yaml")) {
            loads(f, c -> {
                InstanceRules r = rules(c, 0);
                assertTrue(r.blockAllowList().allows(new TableId("all_mode", "t1"))
                        ^ r.blockAllowList().allows(new TableId("mariadb_source", "t1")));
                assertFalse(r.blockAllowList().allows(new TableId("other", "t1")));
            });
        }
        loads("case_sensitive__dm-task.yaml", c -> {
            assertTrue(c.caseSensitive());
            InstanceRules r = rules(c, 0);
            assertTrue(r.blockAllowList().allows(new TableId("Upper_DB", "Do_Table1")));
            assertFalse(r.blockAllowList().allows(new TableId("upper_db", "do_table1")));
            assertEquals(
                    new TableId("UPPER_DB_ROUTE", "do_table_route"),
                    r.router().route(new TableId("Upper_DB", "Do_Table")));
            assertEquals(new TableId("upper_db", "do_table"), r.router().route(new TableId("upper_db", "do_table")));
            assertTrue(r.filter().ignores(new TableId("Upper_DB", "Do_Table1"), "truncate table", "TRUNCATE x"));
            assertFalse(r.filter().ignores(new TableId("Upper_DB", "do_table1"), "truncate table", "TRUNCATE x"));
        });
        // target-database.session, booleans as servers spell them; max-allowed-packet and dmctl's nulls accepted.
        loads(
                "lightning_mode__dm-task.yaml",
                c -> assertEquals(
                        Map.of(
                                "tidb_skip_utf8_check",
                                "1",
                                "tidb_disable_txn_auto_retry",
                                "OFF",
                                "tidb_retry_limit",
                                "10"),
                        c.targetDatabase().session()));
        loads(
                "dmctl_basic__get_task.yaml",
                c -> assertEquals(
                        Map.of("tidb_txn_mode", "optimistic"),
                        c.targetDatabase().session()));
        loads(
                "foreign_key_multi_worker__dm-task.yaml",
                c -> assertEquals(
                        Map.of("foreign_key_checks", "1"), c.targetDatabase().session()));
        loads(
                "tls__dm-task-no-tls.yaml",
                c -> assertEquals(null, c.targetDatabase().security()));
        loads("full_mode__dm-task.yaml", c -> assertEquals(TaskMode.FULL, c.taskMode()));
        // binlog-name/pos with an empty binlog-gtid (as adjust_gtid's run.sh writes it): the position.
        loads("adjust_gtid__dm-task.yaml", c -> {
            assertEquals(TaskMode.INCREMENTAL, c.taskMode());
            assertEquals(4L, c.mysqlInstances().get(1).meta().binlogPos());
        });

        refused("all_mode__dm-task.yaml", "timezone", "not supported");
        refused("sync_collation__dm-task.yaml", "collation_compatible", "'strict' is not supported");
        refused("incremental_mode__dm-task.yaml", "meta.binlog-gtid", "GTID start positions are not supported");
        refused("extend_column__dm-task.yaml", "extract-table", "extended columns", "not supported");
        refused("sequence_safe_mode__dm-task.yaml", "extract-table", "extended columns", "not supported");
        // DM refuses these two as well: a first YAML document without a task, and a meta with no position.
        refused("dmctl_basic__dm-task2.yaml", "missing required field 'name'");
        refused("dmctl_basic__dm-task7.yaml", "meta.binlog-name", "missing required field");
        // DM's binlog filter action Error: it stops the job on a matching statement.
        loads(
                "incompatible_ddl_changes__dm-task.yaml",
                c -> assertEquals(
                        TaskConfig.FilterAction.ERROR,
                        c.filters().get("filter-01").action()));
    }

    private static void loads(String file, Consumer<TaskConfig> check) {
        OUTCOMES.merge(
                file, f -> check.accept(new TaskConfigLoader(k -> null).read(DIR.resolve(f))), Consumer::andThen);
    }

    private static void refused(String file, String... words) {
        OUTCOMES.put(file, f -> {
            ConfigException e =
                    assertThrows(ConfigException.class, () -> new TaskConfigLoader(k -> null).read(DIR.resolve(f)));
            for (String w : words) {
                assertTrue(e.getMessage().contains(w), () -> f + ": '" + w + "' not in: " + e.getMessage());
            }
        });
    }

    private static InstanceRules rules(TaskConfig c, int instance) {
        return InstanceRules.of(c, c.mysqlInstances().get(instance));
    }

    @Test
    void everyDmTaskFileHasItsOutcome() throws IOException {
        List<String> files;
        try (Stream<Path> list = Files.list(DIR)) {
            files = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(files, OUTCOMES.keySet().stream().sorted().toList(), "every file listed, every listed file there");
        for (String f : files) OUTCOMES.get(f).accept(f);
    }
}
