package io.oscsync.udfs.name;

import io.oscsync.udfs.SerializationSupport;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.name.EventFilterRule.Action;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventFilterTest {
    private static final TableId ORDERS = new TableId("shop_1", "orders");
    private static final TableId LOG = new TableId("shop_1", "log");
    private static final TableId CRM = new TableId("crm", "users");

    private static EventFilterRule rule(
            String name, String schema, String table, List<String> events, List<String> sql, Action action) {
        return new EventFilterRule(name, schema, table, events, sql, action);
    }

    @Test
    void noRulesIgnoreNothing() {
        assertFalse(new EventFilter(List.of()).ignores(ORDERS, "delete", null));
    }

    @Test
    void ignoreRuleDropsMatchingEventsOfItsTablesOnly() {
        EventFilter f = new EventFilter(List.of(
                rule("no-deletes", "shop_*", "orders", List.of("delete", "truncate table"), List.of(), Action.IGNORE)));
        assertTrue(f.ignores(ORDERS, "delete", null));
        assertTrue(f.ignores(ORDERS, "truncate table", "TRUNCATE orders"));
        assertFalse(f.ignores(ORDERS, "insert", null));
        assertFalse(f.ignores(LOG, "delete", null));
        assertFalse(f.ignores(CRM, "delete", null));
    }

    @Test
    void schemaLevelRuleCoversEveryTableOfTheSchema() {
        EventFilter f =
                new EventFilter(List.of(rule("no-ddl", "shop_*", null, List.of("all ddl"), List.of(), Action.IGNORE)));
        assertTrue(f.ignores(LOG, "alter table", "ALTER TABLE log ADD c INT"));
        assertTrue(f.ignores(ORDERS, "create view", "CREATE VIEW v AS SELECT 1"));
        assertFalse(f.ignores(ORDERS, "update", null));
    }

    @Test
    void doRuleDropsEverythingItDoesNotMatch() {
        EventFilter f = new EventFilter(
                List.of(rule("only-inserts", "shop_1", "orders", List.of("insert"), List.of(), Action.DO)));
        assertFalse(f.ignores(ORDERS, "insert", null));
        assertTrue(f.ignores(ORDERS, "update", null));
        assertTrue(f.ignores(ORDERS, "alter table", "ALTER TABLE orders ADD c INT"));
        assertFalse(f.ignores(LOG, "update", null), "a Do rule of another table does not apply");
    }

    @Test
    void ignoreWinsOverDo() {
        EventFilter f = new EventFilter(List.of(
                rule("do-dml", "shop_1", "*", List.of("all dml"), List.of(), Action.DO),
                rule("no-delete", "shop_1", "orders", List.of("delete"), List.of(), Action.IGNORE)));
        assertTrue(f.ignores(ORDERS, "delete", null));
        assertFalse(f.ignores(ORDERS, "insert", null));
        assertFalse(f.ignores(LOG, "delete", null));
    }

    @Test
    void sqlPatternsMatchStatementText() {
        EventFilter f = new EventFilter(
                List.of(rule("no-drop-column", "*", null, List.of(), List.of("(?i)drop\\s+column"), Action.IGNORE)));
        assertTrue(f.ignores(ORDERS, "alter table", "ALTER TABLE orders DROP COLUMN x"));
        assertFalse(f.ignores(ORDERS, "alter table", "ALTER TABLE orders ADD COLUMN x INT"));
        assertFalse(f.ignores(ORDERS, "delete", null));
    }

    @Test
    void groupsAreReadInOrderLikeDm() {
        EventFilter allButDdl =
                new EventFilter(List.of(rule("r", "*", null, List.of("none ddl", "all"), List.of(), Action.IGNORE)));
        assertFalse(allButDdl.ignores(ORDERS, "alter table", "ALTER TABLE orders ADD c INT"));
        assertTrue(allButDdl.ignores(ORDERS, "insert", null));
        EventFilter none =
                new EventFilter(List.of(rule("r", "*", null, List.of("none", "insert"), List.of(), Action.IGNORE)));
        assertFalse(none.ignores(ORDERS, "insert", null));
        EventFilter keepNothing = new EventFilter(List.of(rule("r", "*", null, List.of("none"), List.of(), Action.DO)));
        assertTrue(keepNothing.ignores(ORDERS, "insert", null));
    }

    @Test
    void eventNamesAreCaseAndSpaceInsensitive() {
        EventFilterRule r = rule("r", "*", null, List.of("ALL  DML", "Create Table"), List.of(), Action.IGNORE);
        assertEquals(List.of("all dml", "create table"), r.events());
        assertTrue(new EventFilter(List.of(r)).ignores(ORDERS, "CREATE TABLE", "x"));
    }

    @Test
    void unknownEventIsRejectedWithTheValidList() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> rule("typo", "*", null, List.of("inserts"), List.of(), Action.IGNORE));
        assertTrue(
                e.getMessage().contains("inserts")
                        && e.getMessage().contains("typo")
                        && e.getMessage().contains("truncate table"),
                e.getMessage());
    }

    @Test
    void badSqlPatternIsRejectedNamingTheRule() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> rule("bad-regex", "*", null, List.of(), List.of("drop ("), Action.IGNORE));
        assertTrue(e.getMessage().contains("bad-regex"), e.getMessage());
    }

    @Test
    void missingSchemaPatternOrActionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> rule("r", " ", null, List.of("all"), List.of(), Action.DO));
        assertThrows(IllegalArgumentException.class, () -> rule("r", "*", null, List.of("all"), List.of(), null));
    }

    @Test
    void survivesJavaSerialization() {
        EventFilter f = SerializationSupport.roundTrip(
                new EventFilter(List.of(rule("r", "*", null, List.of(), List.of("(?i)drop"), Action.IGNORE))));
        assertTrue(f.ignores(ORDERS, "alter table", "alter table orders DROP c"));
        assertFalse(f.ignores(ORDERS, "alter table", "alter table orders ADD c int"));
    }
}
