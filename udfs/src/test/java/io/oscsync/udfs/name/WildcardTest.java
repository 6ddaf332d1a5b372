package io.oscsync.udfs.name;

import io.oscsync.udfs.SerializationSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WildcardTest {

    @ParameterizedTest
    @CsvSource({
        "shop_*, shop_1, true",
        "shop_*, shop_, true",
        "shop_*, shop, false",
        "shop_*, SHOP_EU, true",
        "t?, t1, true",
        "t?, t12, false",
        "t?, t, false",
        "*, anything, true",
        "orders, ORDERS, true",
        "orders, orders2, false",
        "a.b, a.b, true",
        "a.b, axb, false",
        "'a,b', 'a,b', true",
        "x$y, x$y, true",
        "(t)+, (t)+, true",
        "(t)+, tt, false",
        "*_gho, _t1_gho, true",
    })
    void matchesLikeDm(String pattern, String name, boolean expected) {
        Wildcard w = Wildcard.of(pattern);
        assertEquals(expected, w.matches(name));
        // toRegex must mean the same thing when compiled case-insensitively, as Flink CDC does.
        assertEquals(
                expected,
                Pattern.compile(w.toRegex(), Pattern.CASE_INSENSITIVE)
                        .matcher(name)
                        .matches());
    }

    @Test
    void regexUsesBackslashEscapesAndNeverAComma() {
        assertEquals("shop_.*", Wildcard.of("shop_*").toRegex());
        assertEquals("t.", Wildcard.of("t?").toRegex());
        assertEquals("a\\.b\\$", Wildcard.of("a.b$").toRegex());
        String withComma = Wildcard.of("a,b|c").toRegex();
        assertFalse(withComma.contains(","));
        assertFalse(withComma.contains("\\Q"));
        assertTrue(Pattern.compile(withComma).matcher("a,b|c").matches());
        assertFalse(Pattern.compile(withComma).matcher("c").matches());
    }

    @Test
    void literalPatternsAreRecognised() {
        assertTrue(Wildcard.of("orders").isLiteral());
        assertFalse(Wildcard.of("orders_*").isLiteral());
        assertFalse(Wildcard.of("t?").isLiteral());
        assertEquals("orders_*", Wildcard.of("orders_*").pattern());
    }

    @Test
    void nullNeverMatches() {
        assertFalse(Wildcard.of("*").matches(null));
    }

    @Test
    void stillMatchesAfterSerialization() {
        Wildcard w = SerializationSupport.roundTrip(Wildcard.of("shop_*"));
        assertTrue(w.matches("shop_2"));
        assertFalse(w.matches("other"));
        assertEquals(Wildcard.of("shop_*"), w);
    }
}
