package io.oscsync.udfs.name;

import io.oscsync.udfs.TableId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DM's case-sensitive: true: every name rule matches names in their exact case; false ignores case. */
class CaseSensitiveNamesTest {
    @Test
    void wildcard() {
        assertTrue(Wildcard.of("Shop_*", false).matches("shop_1"));
        assertFalse(Wildcard.of("Shop_*", true).matches("shop_1"));
        assertTrue(Wildcard.of("Shop_*", true).matches("Shop_1"));
    }

    @Test
    void blockAllowList() {
        BlockAllowList exact =
                new BlockAllowList(List.of("Shop"), List.of(new TableId("Shop", "Orders")), List.of(), List.of(), true);
        assertTrue(exact.allows(new TableId("Shop", "Orders")));
        assertFalse(exact.allows(new TableId("shop", "orders")));
        assertFalse(exact.allowsSchema("shop"));
        // The CDC source's capture list may take both cases (it matches ignoring case); these rules decide.
        BlockAllowList lax = new BlockAllowList(
                List.of("Shop"), List.of(new TableId("Shop", "Orders")), List.of(), List.of(), false);
        assertTrue(lax.allows(new TableId("shop", "orders")));
    }

    @Test
    void routerAndFilter() {
        RouteRule rule = new RouteRule("r", "Shop", "Orders_*", "merged", "orders");
        assertEquals(
                new TableId("merged", "orders"),
                new Router(List.of(rule), true).route(new TableId("Shop", "Orders_1")));
        assertEquals(
                new TableId("shop", "orders_1"),
                new Router(List.of(rule), true).route(new TableId("shop", "orders_1")));
        assertEquals(
                new TableId("merged", "orders"),
                new Router(List.of(rule), false).route(new TableId("shop", "orders_1")));

        EventFilterRule f = new EventFilterRule(
                "f", "Shop", "Orders", List.of("truncate table"), List.of(), EventFilterRule.Action.IGNORE);
        assertTrue(
                new EventFilter(List.of(f), true).ignores(new TableId("Shop", "Orders"), "truncate table", "TRUNCATE"));
        assertFalse(
                new EventFilter(List.of(f), true).ignores(new TableId("shop", "orders"), "truncate table", "TRUNCATE"));
        assertTrue(new EventFilter(List.of(f), false)
                .ignores(new TableId("shop", "orders"), "truncate table", "TRUNCATE"));
    }
}
