package io.oscsync.udfs.name;

import io.oscsync.udfs.SerializationSupport;
import io.oscsync.udfs.TableId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DM's name patterns ({@code ~} regular expressions and wildcards) in the block-allow list and
 * routes. The block-allow-list cases are those of TiDB's pkg/util/filter/filter_test.go
 * (TestFilterOnSchema, TestCaseSensitive, TestInvalidRegex), which DM uses.
 */
class DmNamePatternTest {

    private static TableId t(String schema, String table) {
        return new TableId(schema, table);
    }

    private static List<TableId> allowed(BlockAllowList list, List<TableId> input) {
        List<TableId> out = input.stream().filter(list::allows).toList();
        // The CDC table list must capture at least these (it may capture more; allows() decides).
        Pattern capture = Pattern.compile(list.captureRegex(), Pattern.CASE_INSENSITIVE);
        for (TableId table : out) {
            assertTrue(
                    capture.matcher(table.schema() + "." + table.table()).matches(),
                    table + " captured by " + list.captureRegex());
        }
        return out;
    }

    @Test
    void regexDoDbsAndIgnoreTables() {
        var list = new BlockAllowList(List.of("~^foo"), List.of(), List.of(), List.of(t("~^foo", "~^sbtest-\\d")));
        assertEquals(
                List.of(t("foo", "sbtest")),
                allowed(list, List.of(t("foo", "sbtest"), t("foo1", "sbtest-1"), t("fff", "bar"))));
    }

    @Test
    void wildcardsWithRangesAndQuestionMarks() {
        var list = new BlockAllowList(List.of(), List.of(), List.of("foo[bar]", "foo?", "special\\"), List.of());
        assertEquals(
                List.of(t("foo[bar]", "b"), t("fo", "c")),
                allowed(
                        list,
                        List.of(
                                t("foor", "a"),
                                t("foo[bar]", "b"),
                                t("fo", "c"),
                                t("foo?", "d"),
                                t("special\\", "e"))));
    }

    @Test
    void caseInsensitiveByDefault() {
        var list = new BlockAllowList(List.of(), List.of(), List.of("~^FOO"), List.of(t("~.*", "~FoO$")));
        assertEquals(
                List.of(t("5", "5")),
                allowed(
                        list,
                        List.of(t("FOO1", "a"), t("foo2", "b"), t("BoO3", "cFoO"), t("Foo4", "dfoo"), t("5", "5"))));
    }

    @Test
    void caseSensitiveWhenAsked() {
        var list = new BlockAllowList(List.of(), List.of(), List.of("~^FOO"), List.of(t("~.*", "~FoO$")), true);
        assertEquals(
                List.of(t("foo2", "b"), t("Foo4", "dfoo"), t("5", "5")),
                allowed(
                        list,
                        List.of(t("FOO1", "a"), t("foo2", "b"), t("BoO3", "cFoO"), t("Foo4", "dfoo"), t("5", "5"))));
        var wild = new BlockAllowList(List.of(), List.of(), List.of(), List.of(t("a*", "A*")), true);
        assertEquals(List.of(t("AaB", "aab")), allowed(wild, List.of(t("aB", "Ab"), t("AaB", "aab"), t("acB", "Afb"))));
        var insensitive = new BlockAllowList(List.of(), List.of(), List.of(), List.of(t("a*", "A*")));
        assertEquals(List.of(), allowed(insensitive, List.of(t("aB", "Ab"), t("AaB", "aab"), t("acB", "Afb"))));
    }

    @Test
    void regexOnOneSideWildcardOnTheOther() {
        var tableRegex = new BlockAllowList(List.of(), List.of(), List.of(), List.of(t("a?b?", "~f[0-9]")));
        assertEquals(
                List.of(t("aaaa", "f2"), t("5", "5"), t("abbc", "fa")),
                allowed(tableRegex, List.of(t("abbd", "f1"), t("aaaa", "f2"), t("5", "5"), t("abbc", "fa"))));
        var schemaRegex = new BlockAllowList(List.of(), List.of(), List.of(), List.of(t("~t[0-8]", "a??")));
        assertEquals(
                List.of(t("t9", "a02"), t("5", "5"), t("t9", "a001")),
                allowed(schemaRegex, List.of(t("t1", "a01"), t("t9", "a02"), t("5", "5"), t("t9", "a001"))));
    }

    /** The issue's case: tbl-name "~^t_[\\d]+" replicates t_1 and t_2; unanchored at the end, as in Go. */
    @Test
    void doTablesRegexFromTheIssue() {
        var list = new BlockAllowList(List.of(), List.of(t("db", "~^t_[\\d]+")), List.of(), List.of());
        assertEquals(
                List.of(t("db", "t_1"), t("db", "t_2"), t("db", "t_12x")),
                allowed(
                        list,
                        List.of(t("db", "t_1"), t("db", "t_2"), t("db", "t_12x"), t("db", "t_"), t("db", "x_t_1"))));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "~^t[0-9]+((?!_copy).)*$|lookaround",
                "~^t[0-9]+sp(?=copy).*|lookaround",
                "~(a)\\1|backreference",
                "~a++|possessive",
                "~(?U)a*|group syntax",
                "~a(|Unclosed group",
                "~\\D+|DM lowercases",
                "a*b|only at the end",
            })
    void refusedLikeDmNamingTheField(String pattern, String why) {
        assertRefused(() -> new BlockAllowList(List.of(pattern), List.of(), List.of(), List.of()), "do-dbs", why);
        assertRefused(
                () -> new BlockAllowList(List.of(), List.of(t("db", "")), List.of(), List.of()),
                "do-tables tbl-name: a pattern must not be empty");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // Go (RE2) syntax that Java reads differently, rewritten to mean what Go means.
                "~^[[:digit:]]+$|123|true",
                "~^[[:digit:]]+$|12a|false",
                "~^a[[]$|a[|true",
                "~^x{$|x{|true",
                "~^(?P<n>ab)$|ab|true",
                "~^ab{1,2}$|abb|true",
                "~^ab{1,2}$|abbb|false",
            })
    void goSyntaxMeansWhatItMeansInGo(String pattern, String name, boolean expected) {
        NamePattern p = NamePattern.of(pattern, true);
        assertEquals(expected, p.matches(name));
        // The capture form is wider or equal, never narrower.
        if (expected) {
            assertTrue(Pattern.compile(p.toRegex(), Pattern.CASE_INSENSITIVE)
                    .matcher(name)
                    .matches());
        }
    }

    @Test
    void backslashVIsOneCharacterAsInGo() {
        NamePattern p = NamePattern.of("~^a\\vb$", true);
        assertTrue(p.matches("a\u000Bb"));
        assertFalse(p.matches("a\nb"));
    }

    @Test
    void captureFormKeepsToOneNameAndHasNoComma() {
        NamePattern p = NamePattern.of("~^t_[\\d]{1,3}$|^x.y", false);
        String re = p.toRegex();
        assertFalse(re.contains(","), re);
        Predicate<String> full =
                Pattern.compile("db\\.(?:" + re + ")", Pattern.CASE_INSENSITIVE).asMatchPredicate();
        assertTrue(full.test("db.t_12"));
        assertTrue(full.test("db.xay"));
        assertFalse(full.test("db.t_12.x"));
        assertFalse(p.toRegexIsExact()); // {1,3} is widened
        assertTrue(NamePattern.of("~^t_\\d+$", false).toRegexIsExact());
    }

    @Test
    void routesReadRegexesToo() {
        Router router = new Router(List.of(
                new RouteRule("shards", "~^shop_\\d+$", "~^orders_[0-9]+$", "merged", "orders"),
                new RouteRule("schema", "~^shop_", null, "shop_all", null)));
        assertEquals(t("merged", "orders"), router.route(t("shop_1", "orders_7")));
        assertEquals(t("merged", "orders"), router.route(t("SHOP_2", "ORDERS_8")));
        assertEquals(t("shop_all", "users"), router.route(t("shop_1", "users")));
        assertEquals(t("shop_all", "orders_1"), router.route(t("shop_x", "orders_1")));
        assertEquals(t("crm", "orders_1"), router.route(t("crm", "orders_1")));
        assertEquals("shop_all", router.routeSchema("shop_9"));
        Router roundTripped = SerializationSupport.roundTrip(router);
        assertEquals(t("merged", "orders"), roundTripped.route(t("shop_1", "orders_7")));
        assertRefused(
                () -> new Router(List.of(new RouteRule("bad", "~(?=x)", null, "t", null))),
                "route 'bad'",
                "lookaround");
        assertRefused(
                () -> new Router(List.of(new RouteRule("star", "shop_*_eu", null, "t", null))),
                "route 'star'",
                "only at the end");
    }

    private static void assertRefused(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String part : parts) assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
