package io.oscsync.udfs.name;

import io.oscsync.udfs.SerializationSupport;
import io.oscsync.udfs.TableId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockAllowListTest {

    private static TableId t(String schema, String table) {
        return new TableId(schema, table);
    }

    private static final List<TableId> SAMPLES = List.of(
            t("shop_1", "orders"),
            t("shop_1", "orders_old"),
            t("shop_1", "log"),
            t("shop_2", "orders"),
            t("crm", "users"),
            t("crm", "audit"),
            t("tmp", "x"),
            t("mysql", "user"),
            t("SYS", "x"),
            t("information_schema", "tables"),
            t("performance_schema", "threads"),
            t("Shop_3", "Orders"),
            t("a,b", "c"),
            t("shop_12", "orders_x"),
            t("shop_1x", "orders"),
            t("other", "orders"));

    static Stream<BlockAllowList> lists() {
        return Stream.of(
                BlockAllowList.allowAll(),
                new BlockAllowList(List.of("shop_*"), List.of(), List.of(), List.of()),
                new BlockAllowList(List.of(), List.of(), List.of("tmp", "crm"), List.of()),
                new BlockAllowList(List.of(), List.of(t("shop_*", "orders")), List.of(), List.of()),
                new BlockAllowList(
                        List.of("shop_*"), List.of(t("shop_*", "orders*")), List.of(), List.of(t("*", "orders_old"))),
                new BlockAllowList(List.of(), List.of(), List.of("tmp"), List.of(t("crm", "audit"), t("*", "~_old$"))),
                new BlockAllowList(List.of(), List.of(t("~^shop_[\\d]+$", "~^ORDERS")), List.of(), List.of()),
                new BlockAllowList(List.of("~^(shop|crm)"), List.of(), List.of(), List.of(t("~.", "~^a"))),
                new BlockAllowList(List.of(), List.of(), List.of("~^s.s$", "~,"), List.of()),
                new BlockAllowList(List.of("a,b"), List.of(), List.of(), List.of()),
                new BlockAllowList(List.of("crm"), List.of(), List.of("crm"), List.of()));
    }

    @ParameterizedTest
    @MethodSource("lists")
    void captureRegexAcceptsExactlyTheAllowedTables(BlockAllowList list) {
        String regex = list.captureRegex();
        assertFalse(regex.contains(","), regex);
        assertFalse(regex.startsWith("^"), regex);
        Pattern p = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        for (TableId table : SAMPLES) {
            assertEquals(
                    list.allows(table),
                    p.matcher(table.schema() + "." + table.table()).matches(),
                    table + " against " + regex);
        }
    }

    @Test
    void allowAllStillBlocksSystemSchemas() {
        BlockAllowList all = BlockAllowList.allowAll();
        assertTrue(all.allows(t("app", "t")));
        assertTrue(all.allowsSchema("app"));
        for (String system : List.of("mysql", "sys", "information_schema", "performance_schema", "MySQL")) {
            assertFalse(all.allows(t(system, "t")), system);
            assertFalse(all.allowsSchema(system), system);
        }
    }

    @Test
    void doDbsRestrictSchemas() {
        BlockAllowList list = new BlockAllowList(List.of("shop_*"), List.of(), List.of(), List.of());
        assertTrue(list.allows(t("shop_1", "x")));
        assertFalse(list.allows(t("crm", "x")));
        assertTrue(list.allowsSchema("SHOP_9"));
        assertFalse(list.allowsSchema("crm"));
    }

    @Test
    void ignoreDbsApplyOnlyWhenDoDbsIsEmpty() {
        // DM's documented order: with do-dbs set, ignore-dbs is not consulted.
        BlockAllowList both = new BlockAllowList(List.of("crm"), List.of(), List.of("crm"), List.of());
        assertTrue(both.allows(t("crm", "users")));
        BlockAllowList ignoreOnly = new BlockAllowList(List.of(), List.of(), List.of("crm"), List.of());
        assertFalse(ignoreOnly.allows(t("crm", "users")));
        assertFalse(ignoreOnly.allowsSchema("crm"));
        assertTrue(ignoreOnly.allows(t("shop", "users")));
    }

    @Test
    void doTablesAllowWithoutDoDbsAndBlockTheRest() {
        BlockAllowList list = new BlockAllowList(List.of(), List.of(t("shop_*", "orders")), List.of(), List.of());
        assertTrue(list.allows(t("shop_1", "orders")));
        assertFalse(list.allows(t("shop_1", "log")), "allowed schema, table not in do-tables");
        assertFalse(list.allows(t("crm", "orders")));
        assertTrue(list.allowsSchema("shop_1"));
        assertFalse(list.allowsSchema("crm"));
    }

    @Test
    void doTablesWinOverIgnoreTables() {
        BlockAllowList list =
                new BlockAllowList(List.of(), List.of(t("crm", "audit")), List.of(), List.of(t("crm", "*")));
        assertTrue(list.allows(t("crm", "audit")));
        assertFalse(list.allows(t("crm", "users")));
    }

    @Test
    void ignoreTablesBlockOnlyTheirTables() {
        BlockAllowList list = new BlockAllowList(List.of(), List.of(), List.of(), List.of(t("*", "~_old$")));
        assertFalse(list.allows(t("shop", "orders_old")));
        assertTrue(list.allows(t("shop", "orders")));
        assertTrue(list.allowsSchema("shop"));
    }

    @Test
    void schemaLevelFilterComesBeforeDoTables() {
        BlockAllowList list = new BlockAllowList(List.of("shop_*"), List.of(t("crm", "users")), List.of(), List.of());
        assertFalse(list.allows(t("crm", "users")), "crm is not in do-dbs");
    }

    @Test
    void captureRegexOfAllowAllHasTheDocumentedShape() {
        String regex = BlockAllowList.allowAll().captureRegex();
        assertTrue(regex.startsWith("(?!(?:"), regex);
        assertTrue(Pattern.compile(regex).matcher("app.t").matches());
        assertFalse(Pattern.compile(regex).matcher("mysql.user").matches());
    }

    @Test
    void survivesJavaSerialization() {
        BlockAllowList list = SerializationSupport.roundTrip(
                new BlockAllowList(List.of("shop_*"), List.of(), List.of(), List.of(t("*", "~_old$"))));
        assertTrue(list.allows(t("shop_1", "orders")));
        assertFalse(list.allows(t("shop_1", "orders_old")));
    }
}
