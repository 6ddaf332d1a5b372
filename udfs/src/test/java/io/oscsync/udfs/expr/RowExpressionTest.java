package io.oscsync.udfs.expr;

import io.oscsync.udfs.TableId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MySQL semantics of the evaluator; the cases of DM's expr_filter_group_test (skipped row, passed row). */
class RowExpressionTest {

    private static Object eval(String expr, String[] cols, Object... row) {
        return RowExpression.parse(expr).bind(cols).eval(row);
    }

    private static Object eval(String expr) {
        return eval(expr, new String[0]);
    }

    /** DM's TestSkipDMLByExpression and TestAllBinaryProtocolTypes, with osc-sync's value types. */
    @Test
    void dmCasesSkipOneRowAndPassTheOther() {
        Object[][] cases = {
            // expression, columns, skipped row, passed row
            {"state != 1", cols("primary_id", "id", "state"), row(100L, 100L, 3L), row(100L, 100L, 1L)},
            {"f > 1.23", cols("f"), row(2.0f), row(1.0f)},
            {"f > a + b", cols("f", "a", "b"), row(123.45f, 1L, 2L), row(0.01f, 23L, 45L)},
            {
                "id = 30",
                cols("id", "name", "dt", "ts"),
                row(30L, "30", null, "2021-06-17 10:13:05"),
                row(20L, "20", null, "2021-06-17 10:13:05")
            },
            {"c IS NULL", cols("c"), row((Object) null), row(100L)},
            {"c = 1", cols("c"), row(1L), row(100L)},
            {"c < 0", cols("c"), row(-8L), row(1L)},
            {"c = 10.1", cols("c"), row(new BigDecimal("10.10")), row(new BigDecimal("10.11"))},
            {"c < 0.1", cols("c"), row(0.08f), row(0.18f)},
            {"c < 0.1", cols("c"), row(0.08), row(0.18)},
            {"c = b'1'", cols("c"), row(BigDecimal.ONE), row(new BigDecimal(2))},
            {"c = '2021-06-21 12:34:56'", cols("c"), row("2021-06-21 12:34:56"), row("1970-01-01 00:00:01")},
            {"c = '00:00:12'", cols("c"), row("00:00:12"), row("00:00:01")},
            {"c = '2021-06-21'", cols("c"), row("2021-06-21"), row("1970-01-01")},
            {"c = '2021'", cols("c"), row(2021L), row(2020L)},
            {"c = 'x-small'", cols("c"), row("x-small"), row("small")},
            {"find_in_set('c', c) > 0", cols("c"), row("c,d"), row("d")},
            {"c = x'1234'", cols("c"), row(bytes(0x12, 0x34)), row(bytes(0x56, 0x78))},
            {"c = 'abc'", cols("c"), row("abc"), row("def")},
            {"c->\"$.id\" = 1", cols("c"), row("{\"id\": 1}"), row("{\"id\": 2}")},
            {"b = 'Bob'", cols("id", "a", "b"), row(1L, "Alice", "Bob"), row(2L, "Alice", "Charlie")},
            // dm/tests/expression_filter
            {"c_bit = b'1111'", cols("c_bit"), row(new BigDecimal(15)), row(new BigDecimal(10))},
            {"c_decimal >= 25", cols("c_decimal"), row(new BigDecimal("30.02")), row(new BigDecimal("10.01"))},
            {"c_float >= 25", cols("c_float"), row(31.324f), row(11.12f)},
            {
                "c_datetime = '2021-01-01 12:34:56.789'",
                cols("c_datetime"),
                row("2021-01-01 12:34:56.789000"),
                row("1000-01-01 12:34:56.789")
            },
            {
                "c_blob = 'asdf'",
                cols("c_blob"),
                row("asdf".getBytes(StandardCharsets.UTF_8)),
                row("qwer".getBytes(StandardCharsets.UTF_8))
            },
            {"c_set = 'b,c'", cols("c_set"), row("b,c"), row("a")},
            {"c_json->\"$.id\" = 2", cols("c_json"), row("{\"id\": 2}"), row("{\"id\": 1}")},
            {"c % 2 = 0", cols("c"), row(4L), row(3L)},
            {"a*a + b*b = c*c", cols("a", "b", "c"), row(3L, 4L, 5L), row(1L, 2L, 3L)},
            {"name != 'Müller…'", cols("name"), row("Mueller"), row("Müller…")},
            {"ts > NOW()", cols("ts"), row("2999-01-01 00:00:00"), row("2000-01-01 00:00:00")},
        };
        List<String> failures = new ArrayList<>();
        for (Object[] c : cases) {
            RowExpression.Bound e = RowExpression.parse((String) c[0]).bind((String[]) c[1]);
            if (!e.matches((Object[]) c[2]))
                failures.add(c[0] + " should match " + Arrays.deepToString((Object[]) c[2]));
            if (e.matches((Object[]) c[3]))
                failures.add(c[0] + " should not match " + Arrays.deepToString((Object[]) c[3]));
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void nullLogicIsThreeValued() {
        assertNull(eval("NULL = NULL"));
        assertEquals(1L, eval("NULL <=> NULL"));
        assertNull(eval("NULL AND 1"));
        assertEquals(0L, eval("NULL AND 0"));
        assertEquals(1L, eval("NULL OR 1"));
        assertNull(eval("NULL OR 0"));
        assertNull(eval("NOT NULL"));
        assertNull(eval("1 IN (2, NULL)"));
        assertEquals(1L, eval("1 IN (1, NULL)"));
        assertNull(eval("1 NOT IN (2, NULL)"));
        assertEquals(0L, eval("NULL IS TRUE"));
        assertEquals(1L, eval("NULL IS NOT FALSE"));
        // A NULL result never drops a row.
        assertFalse(RowExpression.parse("c > 1").bind(cols("c")).matches(row((Object) null)));
        assertTrue(RowExpression.parse("(c > 1) IS NOT TRUE").bind(cols("c")).matches(row((Object) null)));
    }

    @Test
    void typesConvertAsMySqlDoes() {
        assertEquals(1L, eval("'10' = 10"));
        assertEquals(1L, eval("'12abc' = 12"));
        assertEquals(1L, eval("'abc' = 0"));
        assertEquals(0L, eval("'abc' = 'ABC'"), "binary collation, as DM compares");
        assertEquals(1L, eval("'abc' = 'abc  '"), "trailing spaces are padding");
        assertEquals(new BigDecimal("0.3333"), eval("1 / 3"));
        assertNull(eval("1 / 0"));
        assertNull(eval("5 % 0"));
        assertEquals(2L, eval("7 DIV 3"));
        assertEquals(1L, eval("0.1 + 0.2 = 0.3"), "exact decimals");
        assertEquals(0L, eval("0.1e0 + 0.2e0 = 0.3e0"), "doubles");
        assertEquals(new BigDecimal("9223372036854775808"), eval("9223372036854775807 + 1"));
        assertEquals(1L, eval("TRUE = 1"));
        assertEquals(1L, eval("c", cols("c"), true));
        assertEquals(1L, eval("'2021-06-22' = '2021-06-22 00:00:00'"));
        assertEquals(1L, eval("'2021-06-22 10:00:00' BETWEEN '2021-06-22' AND '2021-06-23'"));
    }

    @Test
    void operatorsAndFunctions() {
        String[] c = cols("name", "n", "d", "j");
        Object[] r = row("Alice_1", 42L, "2024-02-28 23:30:00", "{\"a\": {\"b\": [10, \"x\"]}, \"s\": \"str\"}");
        assertEquals(1L, eval("name LIKE 'Ali%'", c, r));
        assertEquals(0L, eval("name LIKE 'ali%'", c, r));
        assertEquals(1L, eval("name LIKE 'Alice!_1' ESCAPE '!'", c, r));
        assertEquals(1L, eval("name LIKE 'Alice\\_1'", c, r));
        assertEquals(1L, eval("name NOT LIKE 'Bob%'", c, r));
        assertEquals(1L, eval("name REGEXP '^A.*[0-9]$'", c, r));
        assertEquals(1L, eval("n BETWEEN 40 AND 50 AND n NOT IN (1, 2)", c, r));
        assertEquals(1L, eval("n > 40 XOR n > 100", c, r));
        assertEquals(-42L, eval("-n", c, r));
        assertEquals("ALICE_1", eval("UPPER(name)", c, r));
        assertEquals("ice", eval("SUBSTRING(name, 3, 3)", c, r));
        assertEquals("_1", eval("RIGHT(name, 2)", c, r));
        assertEquals(7L, eval("CHAR_LENGTH(name)", c, r));
        assertEquals("Alice_1-42", eval("CONCAT(name, '-', n)", c, r));
        assertNull(eval("CONCAT(name, NULL)", c, r));
        assertEquals("a,b", eval("CONCAT_WS(',', 'a', NULL, 'b')", c, r));
        assertEquals("x", eval("TRIM('  x ')", c, r));
        assertEquals(6L, eval("LOCATE('_', name)", c, r));
        assertEquals("big", eval("CASE WHEN n > 10 THEN 'big' ELSE 'small' END", c, r));
        assertEquals("forty-two", eval("CASE n WHEN 42 THEN 'forty-two' END", c, r));
        assertEquals("z", eval("IFNULL(NULL, 'z')", c, r));
        assertEquals(3L, eval("COALESCE(NULL, 3, 4)", c, r));
        assertEquals("no", eval("IF(n < 0, 'yes', 'no')", c, r));
        assertEquals(2024L, eval("YEAR(d)", c, r));
        assertEquals(2L, eval("MONTH(d)", c, r));
        assertEquals("2024-02-28", eval("DATE(d)", c, r));
        assertEquals("2024-02-29 00:30:00", eval("DATE_ADD(d, INTERVAL 1 HOUR)", c, r));
        assertEquals("2024-03-01", eval("DATE_ADD('2024-02-29', INTERVAL 1 DAY)", c, r));
        assertEquals(1L, eval("DATEDIFF('2024-02-29', d)", c, r));
        assertEquals("2024-02-27 23:30:00", eval("d - INTERVAL 1 DAY", c, r));
        assertEquals(1L, eval("d < NOW() - INTERVAL 1 DAY", c, r));
        assertEquals(1L, eval("d < NOW()", c, r));
        assertEquals(10L, eval("j->'$.a.b[0]'", c, r));
        assertEquals(1L, eval("j->>'$.s' = 'str'", c, r));
        assertEquals(1L, eval("JSON_EXTRACT(j, '$.a.b[1]') = 'x'", c, r));
        assertNull(eval("j->'$.missing'", c, r));
        assertEquals(2L, eval("JSON_LENGTH(j)", c, r));
        assertEquals(42L, eval("CAST('42.9abc' AS SIGNED)", c, r));
        assertEquals(new BigDecimal("2.50"), eval("CAST(2.499 AS DECIMAL(5,2))", c, r));
        assertEquals(new BigDecimal("2.50"), eval("ROUND(2.499, 2)", c, r));
        assertEquals(3L, eval("CEIL(2.1)", c, r));
        assertEquals(5L, eval("ABS(-5)", c, r));
        assertEquals(1L, eval("`n` = 42 && \"str\" = 'str'", c, r));
    }

    /** MySQL's operator precedence (JSqlParser 5.3 got the first one wrong). */
    @Test
    void precedence() {
        String[] c = cols("a", "b", "x");
        assertEquals(0L, eval("a IN (1, 3) AND x = 1", c, 1L, 0L, 2L));
        assertEquals(1L, eval("x = 1 OR a IN (1, 3) AND b = 0", c, 1L, 0L, 2L));
        assertEquals(0L, eval("a NOT IN (1) AND x = 2", c, 1L, 0L, 2L));
        assertEquals(1L, eval("a BETWEEN 0 AND 2 AND x = 2", c, 1L, 0L, 2L));
        assertEquals(1L, eval("NOT a = 2", c, 1L, 0L, 2L));
        assertEquals(7L, eval("a + x * 3", c, 1L, 0L, 2L));
        assertEquals(1L, eval("a = 1 OR b = 1 AND x = 9", c, 1L, 0L, 2L));
        assertEquals(0L, eval("(a = 1 OR b = 1) AND x = 9", c, 1L, 0L, 2L));
        assertEquals(1L, eval("a IS NOT NULL AND x LIKE '2'", c, 1L, 0L, 2L));
    }

    @Test
    void columnNamesAreCaseInsensitive() {
        assertTrue(RowExpression.parse("ID = 1").bind(cols("id")).matches(row(1L)));
        assertEquals(
                List.of("id", "name"),
                RowExpression.parse("ID = 1 AND Name IS NULL").columns());
    }

    @Test
    void refusesWhatItCannotEvaluate() {
        for (String bad : new String[] {
            "foo(",
            "a =",
            "no_such_fn(a) = 1",
            "c MOD 2 = 0",
            "j->'$.*' = 1",
            "a LIKE 'x' COLLATE utf8mb4_general_ci",
            "a IN (SELECT 1)",
            "SUBSTRING(a) = 1",
            "DATE_ADD(a, INTERVAL 1 QUARTER_MONTH)",
            "a ~ 'x'"
        }) {
            assertThrows(ExpressionException.class, () -> RowExpression.parse(bad), bad);
        }
        ExpressionException e = assertThrows(ExpressionException.class, () -> RowExpression.parse("no_such_fn(a) = 1"));
        assertEquals("unknown function no_such_fn", e.getMessage());
    }

    @Test
    void unknownColumnIsRefusedWhenBound() {
        RowExpression e = RowExpression.parse("d > 1");
        assertEquals(List.of("d"), e.missingColumns(cols("c")));
        ExpressionException ex = assertThrows(ExpressionException.class, () -> e.bind(cols("c")));
        assertEquals("the table has no column d", ex.getMessage());
    }

    /** DM's syncer: an UPDATE is dropped when one rule's old and new expressions both match (a missing one is TRUE). */
    @Test
    void updateNeedsOldAndNewOfOneRule() {
        TableId t = new TableId("db", "t");
        ExpressionFilter f = new ExpressionFilter(List.of(
                new ExpressionFilter.Rule("old_gt_100", t, null, RowExpression.parse("c > 100"), null, null),
                new ExpressionFilter.Rule(
                        "one_to_two", t, null, RowExpression.parse("c = 1"), RowExpression.parse("c = 2"), null),
                new ExpressionFilter.Rule("ins", t, RowExpression.parse("c % 2 = 0"), null, null, null),
                new ExpressionFilter.Rule("del", t, null, null, null, RowExpression.parse("c = 30"))));
        ExpressionFilter.TableFilter tf = f.bind(t, cols("c"));
        assertTrue(tf.dropsUpdate(row(101L), row(0L)));
        assertFalse(tf.dropsUpdate(row(100L), row(101L)));
        assertTrue(tf.dropsUpdate(row(1L), row(2L)));
        assertFalse(tf.dropsUpdate(row(1L), row(3L)));
        assertFalse(tf.dropsUpdate(row(2L), row(2L)));
        assertTrue(tf.dropsInsert(row(4L)));
        assertFalse(tf.dropsInsert(row(5L)));
        assertTrue(tf.dropsDelete(row(30L)));
        assertFalse(tf.dropsDelete(row(31L)));
        assertNull(f.bind(new TableId("db", "other"), cols("c")));
        ExpressionException ex = assertThrows(ExpressionException.class, () -> f.bind(t, cols("x")));
        assertEquals("expression-filter old_gt_100 on db.t: \"c > 100\": the table has no column c", ex.getMessage());
    }

    private static String[] cols(String... names) {
        return names;
    }

    private static Object[] row(Object... values) {
        return values;
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }
}
