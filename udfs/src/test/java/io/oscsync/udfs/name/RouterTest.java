package io.oscsync.udfs.name;

import io.oscsync.udfs.SerializationSupport;
import io.oscsync.udfs.TableId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouterTest {

    private static final RouteRule ORDERS = new RouteRule("orders", "shop_*", "orders_*", "shop", "orders");
    private static final RouteRule SHOP_SCHEMA = new RouteRule("shop-schema", "shop_*", null, "shop", null);

    @Test
    void tableRuleWinsOverSchemaRule() {
        Router router = new Router(List.of(SHOP_SCHEMA, ORDERS));
        assertEquals(new TableId("shop", "orders"), router.route(new TableId("shop_1", "orders_7")));
    }

    @Test
    void schemaRuleKeepsTheTableName() {
        Router router = new Router(List.of(SHOP_SCHEMA, ORDERS));
        assertEquals(new TableId("shop", "customers"), router.route(new TableId("shop_2", "customers")));
    }

    @Test
    void unmatchedTableIsUnchanged() {
        Router router = new Router(List.of(SHOP_SCHEMA, ORDERS));
        TableId other = new TableId("crm", "orders_1");
        assertEquals(other, router.route(other));
    }

    @Test
    void tableRuleWithoutTargetTableKeepsTheName() {
        Router router = new Router(List.of(new RouteRule("r", "a", "t*", "b", null)));
        assertEquals(
                new TableId("b", "T9"), router.route(new TableId("A", "T9")), "patterns ignore case, names keep it");
        assertEquals(new TableId("b", "t9"), router.route(new TableId("a", "t9")));
    }

    @Test
    void twoMatchingTableRulesAreAConflictNamingBoth() {
        Router router = new Router(List.of(ORDERS, new RouteRule("all-of-shop1", "shop_1", "*", "x", "y")));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> router.route(new TableId("shop_1", "orders_1")));
        assertTrue(e.getMessage().contains("'orders'") && e.getMessage().contains("'all-of-shop1'"), e.getMessage());
        assertDoesNotThrow(() -> router.route(new TableId("shop_2", "orders_1")));
    }

    @Test
    void twoMatchingSchemaRulesAreAConflictNamingBoth() {
        Router router = new Router(List.of(SHOP_SCHEMA, new RouteRule("s1", "shop_1", null, "s1", null)));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> router.route(new TableId("shop_1", "t")));
        assertTrue(e.getMessage().contains("shop-schema") && e.getMessage().contains("s1"), e.getMessage());
    }

    @Test
    void routeSchemaUsesSchemaRulesOnly() {
        Router router = new Router(List.of(SHOP_SCHEMA, ORDERS, new RouteRule("t", "crm", "*", "c2", null)));
        assertEquals("shop", router.routeSchema("shop_4"));
        assertEquals("crm", router.routeSchema("crm"));
    }

    @Test
    void validateNamesTheRuleWithABlankTargetSchema() {
        List<RouteRule> rules = List.of(ORDERS, new RouteRule("broken", "x", null, " ", null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Router.validate(rules));
        assertTrue(e.getMessage().contains("broken") && e.getMessage().contains("target-schema"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Router(rules));
    }

    @Test
    void validateRejectsMissingSchemaPatternAndTargetTableOnASchemaRule() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Router.validate(List.of(new RouteRule("nopattern", "", null, "x", null))));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Router.validate(List.of(new RouteRule("odd", "a", null, "x", "t"))));
        assertTrue(e.getMessage().contains("odd"), e.getMessage());
        assertDoesNotThrow(() -> Router.validate(List.of(ORDERS, SHOP_SCHEMA)));
    }

    @Test
    void survivesJavaSerialization() {
        Router router = SerializationSupport.roundTrip(new Router(List.of(SHOP_SCHEMA, ORDERS)));
        assertEquals(new TableId("shop", "orders"), router.route(new TableId("shop_1", "orders_7")));
    }
}
