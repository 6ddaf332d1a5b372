package io.oscsync.job.route;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.event.ChangeEventSerializer;
import io.oscsync.udfs.TableId;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Classify and route, event by event: what reaches the keyBy, under which target. */
class ClassifyAndRouteTest {
    private static final String[] COLS = {"id"};

    private static OneInputStreamOperatorTestHarness<ChangeEvent, ChangeEvent> harness() throws Exception {
        return harness("[]", "");
    }

    private static OneInputStreamOperatorTestHarness<ChangeEvent, ChangeEvent> harness(
            String filterRules, String filters) throws Exception {
        return harness(filterRules, filters, null);
    }

    private static OneInputStreamOperatorTestHarness<ChangeEvent, ChangeEvent> harness(
            String filterRules, String filters, OperatorSubtaskState restore) throws Exception {
        TaskConfig task = new TaskConfigLoader(k -> null).parse("""
                name: route-test
                target-database: {host: 127.0.0.1, port: 4000, user: u}
                mysql-instances:
                  - {source-id: up1, host: 127.0.0.1, port: 3306, user: u, server-id: 1,
                     block-allow-list: shop, route-rules: [to-dw], filter-rules: %s}
                block-allow-list:
                  shop: {do-dbs: [shop]}
                routes:
                  to-dw: {schema-pattern: shop, target-schema: dw}
                %s
                """.formatted(filterRules, filters));
        var h = new OneInputStreamOperatorTestHarness<ChangeEvent, ChangeEvent>(
                new ProcessOperator<>(new ClassifyAndRoute(
                        InstanceRules.of(task, task.mysqlInstances().get(0)))));
        h.setup(ChangeEventSerializer.INSTANCE);
        if (restore != null) h.initializeState(restore);
        h.open();
        return h;
    }

    private static ChangeEvent row(String db, String table) {
        return ChangeEvent.row(
                "up1", new TableId(db, table), ChangeEvent.Kind.INSERT, COLS, null, new Object[] {1L}, "f", 4, 0);
    }

    private static ChangeEvent ddl(String sql, String tableChanges) {
        return ChangeEvent.ddl("up1", new TableId("shop", ""), sql, tableChanges, "f", 4, 0);
    }

    @Test
    void ghostAndTrashRowsNeverPassRealRowsAreRouted() throws Exception {
        var h = harness();
        h.processElement(row("shop", "t"), 0);
        h.processElement(row("shop", "_t_gho"), 0);
        h.processElement(row("shop", "__t_new"), 0);
        h.processElement(row("shop", "_t_ghc"), 0);
        h.processElement(row("other", "t"), 0);
        List<ChangeEvent> out = h.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).target()).isEqualTo(new TableId("dw", "t"));
    }

    @Test
    void aShadowWhoseNameSaysNoTableWaitsAcrossARestoreForTheCutOverThatSays() throws Exception {
        String shadow = "`shop`.`_vt_vrp_0123456789abcdef0123456789abcdef_20261130230000_`";
        String hold = "`shop`.`_vt_hld_fedcba9876543210fedcba9876543210_20261130230500_`";
        var h = harness("[]", "online-ddl-preset: vitess");
        h.processElement(ddl("CREATE TABLE " + shadow + " (id INT PRIMARY KEY)", "[]"), 0);
        h.processElement(ddl("ALTER TABLE " + shadow + " ADD COLUMN c INT", "[]"), 0);
        h.processElement(row("shop", shadow.replace("`shop`.", "").replace("`", "")), 0);
        assertThat(h.extractOutputValues()).isEmpty();
        var restored = harness("[]", "online-ddl-preset: vitess", h.snapshot(1, 1));
        h.close();
        // One pair per event, as the binlog reader hands a multi-pair RENAME over.
        restored.processElement(ddl("RENAME TABLE `shop`.`t` TO " + hold, "[]"), 0);
        restored.processElement(ddl("RENAME TABLE " + shadow + " TO `shop`.`t`", "[]"), 0);
        restored.processElement(ddl("RENAME TABLE " + hold + " TO " + shadow, "[]"), 0);
        assertThat(restored.extractOutputValues())
                .extracting(e -> e.target() + " " + e.statement().kind())
                .containsExactly(
                        "dw.t RENAME_TABLE",
                        "dw.t CREATE_TABLE",
                        "dw.t ALTER_TABLE",
                        "dw.t RENAME_TABLE",
                        "dw.t RENAME_TABLE");
        // Later its table GC renames the old table (now under the shadow's name) away, and drops it.
        restored.processElement(ddl("RENAME TABLE " + shadow + " TO " + hold, "[]"), 0);
        restored.processElement(ddl("DROP TABLE IF EXISTS " + hold, "[]"), 0);
        assertThat(restored.extractOutputValues())
                .extracting(e -> e.target() + " " + e.statement().kind())
                .hasSize(6)
                .endsWith("dw.t RENAME_TABLE");
        restored.close();
    }

    @Test
    void aDdlSpanningTargetTablesIsBracketedForTheOwnerAndJoinedByEachOtherTable() throws Exception {
        var h = harness();
        h.processElement(ddl("RENAME TABLE `shop`.`a` TO `shop`.`b`", "[]"), 0);
        h.processElement(ddl("CREATE TABLE `shop`.`c` LIKE `shop`.`a`", "[]"), 0);
        h.processElement(ddl("DROP TABLE `shop`.`c`, `shop`.`d`, `other`.`x`", "[]"), 0);
        h.processElement(
                ddl("ALTER TABLE `shop`.`child` ADD FOREIGN KEY (p) REFERENCES `shop`.`parent` (id)", "[]"), 0);
        assertThat(h.extractOutputValues())
                .extracting(e -> e.kind() + " " + e.target() + " "
                        + (e.barrier() == null
                                ? "-"
                                : e.barrier().role() + " " + e.barrier().participants()))
                .containsExactly(
                        "DDL dw.a AWAIT [dw.b]",
                        "BARRIER dw.b JOIN []",
                        "DDL dw.c AWAIT [dw.a]",
                        "BARRIER dw.a JOIN []",
                        // `other` is not replicated: no key to wait for
                        "DDL dw.c AWAIT [dw.d]",
                        "BARRIER dw.d JOIN []",
                        "DDL dw.child AWAIT [dw.parent]",
                        "BARRIER dw.parent JOIN []");
        List<ChangeEvent> out = h.extractOutputValues();
        assertThat(out.get(0).barrier().id()).isEqualTo(out.get(1).barrier().id());
        assertThat(out.get(0).barrier().id()).isNotEqualTo(out.get(2).barrier().id());
    }

    @Test
    void aToolsCutOverStaysOnItsTablesKeyWithoutABarrier() throws Exception {
        var h = harness();
        h.processElement(ddl("RENAME TABLE `shop`.`t` TO `shop`.`_t_del`", "[]"), 0);
        h.processElement(ddl("RENAME TABLE `shop`.`_t_gho` TO `shop`.`t`", "[]"), 0);
        h.processElement(ddl("CREATE TABLE `shop`.`_t_gho` LIKE `shop`.`t`", "[]"), 0);
        h.processElement(ddl("ALTER TABLE `shop`.`t` ADD COLUMN c INT", "[]"), 0);
        assertThat(h.extractOutputValues()).allSatisfy(e -> {
            assertThat(e.barrier()).isNull();
            assertThat(e.target()).isEqualTo(new TableId("dw", "t"));
        });
    }

    @Test
    void ghostDdlIsKeyedByItsOriginsTarget() throws Exception {
        var h = harness();
        h.processElement(ddl("alter /* gh-ost */ table `shop`.`_t_gho` add column c int", "[]"), 0);
        h.processElement(ddl("RENAME TABLE `shop`.`_t_new` TO `shop`.`t`", "[]"), 0);
        assertThat(h.extractOutputValues())
                .extracting(ChangeEvent::target)
                .containsExactly(new TableId("dw", "t"), new TableId("dw", "t"));
    }

    @Test
    void unreadableDdlOnAnotherSchemaIsSkippedButOnAReplicatedTableStopsTheJob() throws Exception {
        var h = harness();
        h.processElement(ddl("CREATE TABLE other.x AS SELECT 1 AS a", "[{\"id\":\"\\\"other\\\".\\\"x\\\"\"}]"), 0);
        assertThat(h.extractOutputValues()).isEmpty();
        assertThatThrownBy(() -> h.processElement(
                        ddl("CREATE TABLE shop.x AS SELECT 1 AS a", "[{\"id\":\"\\\"shop\\\".\\\"x\\\"\"}]"), 0))
                .hasStackTraceContaining("cannot read DDL");
    }

    @Test
    void keywordsThatAreNotReservedAreColumnAndTableNames() throws Exception {
        var h = harness();
        // The gh-ost migration that stopped a job (issue 11): EXCHANGE is a keyword, not a reserved word.
        h.processElement(
                ddl("alter /* gh-ost */ table `shop`.`_t_gho` add column exchange double comment 'rate'", "[]"), 0);
        h.processElement(
                ddl("ALTER TABLE shop.status ADD COLUMN type INT, ADD INDEX action (type), DROP comment", "[]"), 0);
        h.processElement(ddl("RENAME TABLE shop.position TO shop.exchange", "[]"), 0);
        assertThat(h.extractOutputValues())
                .filteredOn(e -> e.kind() == ChangeEvent.Kind.DDL)
                .extracting(ChangeEvent::target)
                .containsExactly(new TableId("dw", "t"), new TableId("dw", "status"), new TableId("dw", "position"));
    }

    @Test
    void anErrorFilterStopsTheJobNamingRuleStatementAndWhatToDo() throws Exception {
        var h = harness("[stop-drops]", """
                filters:
                  stop-drops: {schema-pattern: shop, events: [drop column, delete], action: Error}
                """);
        h.processElement(ddl("ALTER TABLE shop.t ADD COLUMN c INT", "[]"), 0);
        assertThat(h.extractOutputValues()).hasSize(1);
        assertThatThrownBy(() -> h.processElement(ddl("alter table shop.t add column d int, drop column c", "[]"), 0))
                .isInstanceOf(SuppressRestartsException.class)
                .hasStackTraceContaining("filter 'stop-drops' (action: Error)")
                .hasStackTraceContaining("alter table shop.t add column d int, drop column c")
                .hasStackTraceContaining("resume from the latest checkpoint");
        ChangeEvent delete = ChangeEvent.row(
                "up1", new TableId("shop", "t"), ChangeEvent.Kind.DELETE, COLS, new Object[] {1L}, null, "f", 4, 0);
        assertThatThrownBy(() -> h.processElement(delete, 0))
                .hasStackTraceContaining("filter 'stop-drops' (action: Error) matches a delete row event");
    }

    /** DM skips a statement it cannot parse when a sql-pattern of a filter matches it. */
    @Test
    void anUnreadableStatementASqlPatternIgnoresIsSkipped() throws Exception {
        var h = harness("[skip-ctas]", """
                filters:
                  skip-ctas: {schema-pattern: "*", sql-pattern: ['^CREATE\\s+TABLE\\s+\\S+\\s+AS\\s'], action: Ignore}
                """);
        h.processElement(ddl("create table shop.x as select 1 as a", "[{\"id\":\"\\\"shop\\\".\\\"x\\\"\"}]"), 0);
        assertThat(h.extractOutputValues()).isEmpty();
    }
}
