package io.oscsync.job.route;

import io.oscsync.job.config.ConfigException;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.udfs.TableId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The task file's names and filters, built as DM reads them, or refused naming instance, rule and field. */
class InstanceRulesTest {
    private static InstanceRules rules(String instanceRules, String sections) {
        TaskConfig task = new TaskConfigLoader(k -> null).parse("""
                name: rules-test
                target-database: {host: 127.0.0.1, port: 4000, user: u}
                mysql-instances:
                  - {source-id: up1, host: 127.0.0.1, port: 3306, user: u, server-id: 1, %s}
                %s
                """.formatted(instanceRules, sections));
        return InstanceRules.of(task, task.mysqlInstances().get(0));
    }

    @Test
    void regexNamesFromADmTaskFile() {
        InstanceRules r = rules("block-allow-list: bal, route-rules: [merge]", """
                block-allow-list:
                  bal:
                    do-tables:
                      - db-name: "~^shop_[0-9]+$"
                        tbl-name: "~^t_[\\\\d]+"
                routes:
                  merge: {schema-pattern: "~^shop_", table-pattern: "~^t_", target-schema: all, target-table: t}
                """);
        assertThat(r.blockAllowList().allows(new TableId("shop_1", "t_1"))).isTrue();
        assertThat(r.blockAllowList().allows(new TableId("shop_1", "T_22"))).isTrue();
        assertThat(r.blockAllowList().allows(new TableId("shop_1", "u_1"))).isFalse();
        assertThat(r.blockAllowList().allows(new TableId("shop_x", "t_1"))).isFalse();
        assertThat(r.router().route(new TableId("shop_1", "t_1"))).isEqualTo(new TableId("all", "t"));
    }

    @Test
    void vitessShadowsWithShardModeAreRefused() {
        assertThatThrownBy(() -> rules("route-rules: []", "online-ddl-preset: vitess\nshard-mode: pessimistic"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("without their table (Vitess)");
        assertThat(rules("route-rules: []", "online-ddl-preset: vitess")
                        .classify(new TableId("s", "_vt_vrp_0123456789abcdef0123456789abcdef_20261130230000_"))
                        .originInName())
                .isFalse();
    }

    @Test
    void badPatternsAreRefusedNamingInstanceRuleAndField() {
        assertThatThrownBy(() -> rules("block-allow-list: bal", """
                        block-allow-list:
                          bal: {do-tables: [{db-name: shop, tbl-name: "~^t_(?!tmp)"}]}
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mysql-instances[source-id=up1]")
                .hasMessageContaining("block-allow-list 'bal': do-tables tbl-name")
                .hasMessageContaining("lookaround");
        assertThatThrownBy(() -> rules("filter-rules: [f]", """
                        filters:
                          f: {schema-pattern: "~^shop", events: [all dml], action: Ignore}
                        """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("filter 'f': schema-pattern '~^shop'");
    }

    @Test
    void errorActionIsRead() {
        InstanceRules r = rules("filter-rules: [stop]", """
                filters:
                  stop: {schema-pattern: shop, events: [drop table], action: Error}
                """);
        assertThat(r.filter()
                        .decide(new TableId("shop", "t"), "drop table", "DROP TABLE t")
                        .error())
                .isTrue();
    }

    /** pt-osc's --history table is trash in its own schema only, and is not snapshotted when everything is allowed. */
    @Test
    void ptOscHistoryTableIsNeitherReplicatedNorSnapshotted() {
        InstanceRules r = rules("server-id: 2", "");
        assertThat(r.classify(new TableId("percona", "pt_osc_history")).isReal())
                .isFalse();
        assertThat(r.classify(new TableId("app", "pt_osc_history")).isReal()).isTrue();
        java.util.regex.Pattern snapshot =
                java.util.regex.Pattern.compile(r.snapshotRegex(java.util.List.of("app", "percona")));
        assertThat(snapshot.matcher("percona.pt_osc_history").matches()).isFalse();
        assertThat(snapshot.matcher("percona.checksums").matches()).isTrue();
        assertThat(snapshot.matcher("app.pt_osc_history").matches()).isTrue();
        assertThat(snapshot.matcher("app._t_new").matches()).isFalse();
    }
}
