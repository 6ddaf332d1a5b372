package io.oscsync.job.shard;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.coordinator.Coordinator;
import io.oscsync.job.coordinator.CoordinatorState;
import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.event.SinkOp;
import io.oscsync.job.event.SinkOpSerializer;
import io.oscsync.job.route.InstanceRules;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shard coordination in the real coordinator operator, event by event, with its state kept across a restore. */
class ShardCoordinatorHarnessTest {
    private static final TableId TARGET = new TableId("shop", "orders");
    private static final String S1 = "up1:shop_1.orders";
    private static final String S2 = "up1:shop_2.orders";
    private KeyedOneInputStreamOperatorTestHarness<String, ChangeEvent, SinkOp> harness;
    private long pos = 4;

    @AfterEach
    void close() throws Exception {
        if (harness != null) harness.close();
    }

    private void open(String mode, OperatorSubtaskState restore) throws Exception {
        TaskConfig task = new TaskConfigLoader(k -> null).parse("""
                name: shards
                shard-mode: %s
                target-database: {host: 127.0.0.1, port: 4000, user: u}
                mysql-instances:
                  - {source-id: up1, host: 127.0.0.1, port: 3306, user: u, server-id: 1, route-rules: [merge]}
                routes:
                  merge: {schema-pattern: "shop_*", table-pattern: orders, target-schema: shop, target-table: orders}
                """.formatted(mode));
        InstanceRules rules = InstanceRules.of(task, task.mysqlInstances().get(0));
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new Coordinator(
                        Map.of("up1", rules),
                        task.shardMode(),
                        Map.of(Coordinator.key(TARGET), List.of(S1, S2)),
                        Map.of())),
                e -> Coordinator.key(e.target()),
                Types.STRING);
        harness.setup(SinkOpSerializer.INSTANCE);
        if (restore != null) harness.initializeState(restore);
        harness.open();
    }

    private void ddl(String schema, String sql) throws Exception {
        harness.processElement(new StreamRecord<>(
                ChangeEvent.ddl("up1", new TableId(schema, ""), sql, "[]", "mysql-bin.000001", pos++, 0)
                        .routedTo(TARGET, DdlStatement.parse(sql))));
    }

    private void row(String schema, int id) throws Exception {
        harness.processElement(new StreamRecord<>(ChangeEvent.row(
                        "up1",
                        new TableId(schema, "orders"),
                        ChangeEvent.Kind.INSERT,
                        new String[] {"id"},
                        null,
                        new Object[] {(long) id},
                        "mysql-bin.000001",
                        pos++,
                        0)
                .routedTo(TARGET)));
    }

    private List<String> out() {
        return harness.extractOutputValues().stream()
                .map(op -> op.kind() == SinkOp.Kind.DDL ? op.ddl() : "row " + op.after()[0])
                .toList();
    }

    /** Why each DDL op runs downstream. */
    private List<String> reasons() {
        return harness.extractOutputValues().stream()
                .filter(op -> op.kind() == SinkOp.Kind.DDL)
                .map(SinkOp::reason)
                .toList();
    }

    @Test
    void pessimisticHoldsTheFirstShardUntilAllReachTheSameDdlThenRunsItOnce() throws Exception {
        open("pessimistic", null);
        row("shop_1", 1);
        ddl("shop_1", "ALTER TABLE orders ADD COLUMN c INT");
        row("shop_1", 2); // held: shard 1 has the new column, the target not yet
        row("shop_2", 3); // shard 2 goes on with the old schema
        assertThat(out()).containsExactly("row 1", "row 3");

        // A gh-ost cut-over on shard 2 reaches the lock as the plain ALTER it recorded.
        ddl("shop_2", "create table `shop_2`.`_orders_gho` like `shop_2`.`orders`");
        ddl("shop_2", "alter table `shop_2`.`_orders_gho` add column c int");
        ddl("shop_2", "alter /* gh-ost */ table `shop_2`.`_orders_gho` AUTO_INCREMENT=100000"); // not compared
        ddl("shop_2", "rename table `shop_2`.`_orders_gho` to `shop_2`.`orders`");
        assertThat(out()).containsExactly("row 1", "row 3", "ALTER TABLE `shop`.`orders` ADD COLUMN c INT", "row 2");
        assertThat(reasons())
                .containsExactly(
                        "shard lock resolved: every shard of [" + S1 + ", " + S2 + "] ran it (first " + S1 + ")");
        row("shop_1", 4);
        assertThat(out()).endsWith("row 4");
    }

    @Test
    void aLockPendingAcrossARestoreLosesNothing() throws Exception {
        open("pessimistic", null);
        ddl("shop_1", "ALTER TABLE orders ADD COLUMN c INT");
        row("shop_1", 2);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        open("pessimistic", snapshot);
        row("shop_1", 5);
        ddl("shop_2", "ALTER TABLE `shop_2`.`orders` ADD COLUMN `c` INT");
        assertThat(out()).containsExactly("ALTER TABLE `shop`.`orders` ADD COLUMN c INT", "row 2", "row 5");
    }

    @Test
    void aShadowBuiltByCreateTableAloneStopsTheMergeSayingWhatToDo() throws Exception {
        for (String mode : List.of("pessimistic", "optimistic")) {
            open(mode, null);
            ddl("shop_1", "CREATE TABLE `shop_1`.`_orders_new` (id BIGINT PRIMARY KEY, c INT)");
            assertThatThrownBy(() -> ddl(
                            "shop_1",
                            "RENAME TABLE `shop_1`.`orders` TO `shop_1`.`_orders_old`, "
                                    + "`shop_1`.`_orders_new` TO `shop_1`.`orders`"))
                    .rootCause()
                    .hasMessageContaining("the ghost was built by CREATE TABLE")
                    .hasMessageContaining("With a shard-mode");
            assertThat(out()).isEmpty();
            harness.close();
        }
        harness = null;
    }

    @Test
    void differentDdlsOnTwoShardsFailNamingBoth() throws Exception {
        open("pessimistic", null);
        ddl("shop_1", "ALTER TABLE orders ADD COLUMN c INT");
        assertThatThrownBy(() -> ddl("shop_2", "ALTER TABLE orders ADD COLUMN d INT"))
                .rootCause()
                .hasMessageContaining(S1)
                .hasMessageContaining(S2)
                .hasMessageContaining("ADD COLUMN c INT")
                .hasMessageContaining("ADD COLUMN d INT");
    }

    @Test
    void optimisticAddsAtOnceOnceAndDropsWhenAllShardsDropped() throws Exception {
        open("optimistic", null);
        ddl("shop_1", "ALTER TABLE orders ADD COLUMN c INT NULL, ADD INDEX ic (c)");
        ddl("shop_2", "ALTER TABLE orders ADD COLUMN c INT NULL");
        ddl("shop_2", "ALTER TABLE orders ADD INDEX ic (c)");
        assertThat(out())
                .containsExactly(
                        "ALTER TABLE `shop`.`orders` ADD COLUMN c INT NULL",
                        "ALTER TABLE `shop`.`orders` ADD INDEX ic (c)");
        ddl("shop_1", "ALTER TABLE orders DROP COLUMN c");
        row("shop_1", 1); // rows are never held
        assertThat(out()).endsWith("row 1");
        ddl("shop_2", "ALTER TABLE orders DROP COLUMN c");
        assertThat(out()).endsWith("ALTER TABLE `shop`.`orders` DROP COLUMN c");
        assertThat(reasons())
                .containsExactly(
                        "plain DDL, first by shard " + S1 + " (optimistic)",
                        "plain DDL, first by shard " + S1 + " (optimistic)",
                        "optimistic drop: no shard of the target has c any more");
        assertThat(harness.numKeyedStateEntries())
                .as("the shards agree: only the members remain")
                .isEqualTo(1);
    }

    @Test
    void optimisticSameShardModifiesAColumnTwiceWithDifferentTypes() throws Exception {
        open("optimistic", null);
        ddl("shop_1", "ALTER TABLE orders MODIFY COLUMN v BIGINT");
        ddl("shop_1", "ALTER TABLE orders MODIFY COLUMN v VARCHAR(20)");
        ddl("shop_2", "ALTER TABLE orders MODIFY COLUMN v varchar(20)");
        assertThat(out())
                .containsExactly(
                        "ALTER TABLE `shop`.`orders` MODIFY COLUMN v BIGINT",
                        "ALTER TABLE `shop`.`orders` MODIFY COLUMN v VARCHAR(20)");
        assertThat(harness.numKeyedStateEntries())
                .as("the shards agree: only the members remain")
                .isEqualTo(1);
    }

    @Test
    void shardsAreComparedWithoutAlgorithmAndLockInEitherMode() throws Exception {
        for (String mode : List.of("pessimistic", "optimistic")) {
            open(mode, null);
            ddl("shop_1", "ALTER TABLE orders ADD COLUMN c INT NULL, ALGORITHM=INSTANT");
            ddl("shop_2", "ALTER TABLE orders ADD COLUMN c INT NULL, ALGORITHM=INPLACE, LOCK=NONE");
            ddl("shop_2", "ALTER TABLE orders ALGORITHM=COPY"); // a rebuild: nothing to coordinate or run
            assertThat(out()).as(mode).containsExactly("ALTER TABLE `shop`.`orders` ADD COLUMN c INT NULL");
            harness.close();
            harness = null;
        }
    }

    @Test
    void optimisticSameAddFromTwoShardsRunsOnceADifferentOneConflicts() throws Exception {
        open("optimistic", null);
        ddl("shop_1", "ALTER TABLE orders ADD COLUMN c INT NULL DEFAULT 1");
        ddl("shop_2", "ALTER TABLE `shop_2`.`orders` ADD COLUMN `c` int null default 1");
        assertThat(out()).containsExactly("ALTER TABLE `shop`.`orders` ADD COLUMN c INT NULL DEFAULT 1");
        ddl("shop_1", "ALTER TABLE orders ADD COLUMN d INT NULL");
        assertThatThrownBy(() -> ddl("shop_2", "ALTER TABLE orders ADD COLUMN d BIGINT NULL"))
                .rootCause()
                .hasMessageContaining(S1)
                .hasMessageContaining(S2)
                .hasMessageContaining("[int null]")
                .hasMessageContaining("[bigint null]");
    }

    @Test
    void optimisticIndexAddedDroppedAndAddedAgain() throws Exception {
        open("optimistic", null);
        ddl("shop_1", "ALTER TABLE orders ADD INDEX ia (a)");
        ddl("shop_2", "CREATE INDEX ia ON orders (a)");
        ddl("shop_1", "ALTER TABLE orders DROP INDEX ia");
        assertThat(out())
                .as("the drop waits for shard 2")
                .containsExactly("ALTER TABLE `shop`.`orders` ADD INDEX ia (a)");
        ddl("shop_2", "DROP INDEX ia ON orders");
        ddl("shop_1", "ALTER TABLE orders ADD INDEX ia (a)");
        ddl("shop_2", "ALTER TABLE orders ADD INDEX ia (a)");
        assertThat(out())
                .containsExactly(
                        "ALTER TABLE `shop`.`orders` ADD INDEX ia (a)",
                        "DROP INDEX ia ON `shop`.`orders`",
                        "ALTER TABLE `shop`.`orders` ADD INDEX ia (a)");
        assertThat(harness.numKeyedStateEntries())
                .as("the shards agree: only the members remain")
                .isEqualTo(1);
    }

    @Test
    void optimisticStateStaysCompactOverManyChanges() throws Exception {
        open("optimistic", null);
        for (int i = 0; i < 20; i++) {
            for (String shard : List.of("shop_1", "shop_2")) {
                ddl(shard, "ALTER TABLE orders ADD COLUMN c" + i + " INT NULL, MODIFY v VARCHAR(" + (10 + i) + ")");
            }
            for (String shard : List.of("shop_1", "shop_2")) ddl(shard, "ALTER TABLE orders DROP COLUMN c" + i);
        }
        assertThat(out()).hasSize(60).endsWith("ALTER TABLE `shop`.`orders` DROP COLUMN c19");
        assertThat(harness.numKeyedStateEntries())
                .as("nothing grows: only the members remain")
                .isEqualTo(1);
    }

    @Test
    void optimisticDropWaitingOnlyForAShardThatLeavesRunsWhenItLeaves() throws Exception {
        open("optimistic", null);
        ddl("shop_1", "ALTER TABLE orders DROP COLUMN v");
        assertThat(out()).as("shard 2 still has v").isEmpty();
        ddl("shop_2", "DROP TABLE orders");
        assertThat(out()).containsExactly("ALTER TABLE `shop`.`orders` DROP COLUMN v");
        assertThat(harness.numKeyedStateEntries()).as("only the members remain").isEqualTo(1);
    }

    @Test
    void optimisticStateOfEarlierReleasesIsConvertedOnTheNextDdl() throws Exception {
        open("optimistic", null);
        harness.getOperator().setCurrentKey(Coordinator.key(TARGET));
        MapState<String, PessimisticLock> legacy = harness.getOperator()
                .getKeyedStateBackend()
                .getPartitionedState(
                        VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, CoordinatorState.SHARD_CHANGES);
        String modify = "ALTER TABLE `shop`.`orders` MODIFY COLUMN v BIGINT";
        legacy.put(
                "modify_column v",
                new PessimisticLock(
                        List.of(DdlStatement.parse(modify)), List.of(modify.toLowerCase()), S1, "x", List.of(S1)));
        String drop = "ALTER TABLE `shop`.`orders` DROP COLUMN w";
        legacy.put(
                "drop_column w",
                new PessimisticLock(
                        List.of(DdlStatement.parse(drop)), List.of(drop.toLowerCase()), S1, "x", List.of(S1)));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        open("optimistic", snapshot);
        assertThatThrownBy(() -> ddl("shop_2", "ALTER TABLE orders MODIFY COLUMN v INT"))
                .as("shard 1's applied BIGINT is remembered")
                .rootCause()
                .hasMessageContaining(S1);
        ddl("shop_1", "ALTER TABLE orders MODIFY COLUMN v VARCHAR(5)"); // shard 1's own column: applied
        ddl("shop_2", "ALTER TABLE orders DROP COLUMN w"); // the drop shard 1 waited on
        ddl("shop_2", "ALTER TABLE orders MODIFY COLUMN v VARCHAR(5)");
        assertThat(out())
                .containsExactly(
                        "ALTER TABLE `shop`.`orders` MODIFY COLUMN v VARCHAR(5)",
                        "ALTER TABLE `shop`.`orders` DROP COLUMN w");
        assertThat(harness.numKeyedStateEntries())
                .as("converted, then agreed: only the members remain")
                .isEqualTo(1);
    }

    @Test
    void optimisticConflictingChangesFailNamingBoth() throws Exception {
        open("optimistic", null);
        ddl("shop_1", "ALTER TABLE orders MODIFY COLUMN v BIGINT");
        assertThatThrownBy(() -> ddl("shop_2", "ALTER TABLE orders MODIFY COLUMN v VARCHAR(20)"))
                .rootCause()
                .hasMessageContaining(S1)
                .hasMessageContaining(S2);
    }

    @Test
    void aShardsTruncateAndDropNeverReachTheMergedTarget() throws Exception {
        open("pessimistic", null);
        ddl("shop_1", "TRUNCATE TABLE orders");
        ddl("shop_1", "DROP TABLE orders");
        assertThat(out()).isEmpty();
        ddl("shop_2", "ALTER TABLE orders ADD COLUMN c INT"); // shard 2 is now the only member: no wait
        assertThat(out()).containsExactly("ALTER TABLE `shop`.`orders` ADD COLUMN c INT");
    }
}
