package io.oscsync.udfs.expr;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * MySQL's value rules over the evaluator's types: null, Long (also booleans, as 1/0), BigDecimal,
 * Double (also FLOAT), String (also temporal values, as MySQL literals) and byte[] (binary strings).
 */
final class Values {
    static final Long TRUE = 1L, FALSE = 0L;
    /** MySQL's div_precision_increment: {@code a / b} of exact numbers has the scale of a plus 4. */
    private static final int DIV_SCALE = 4;

    private Values() {}

    /** A row value in the evaluator's types. */
    static Object of(Object v) {
        if (v instanceof Float f) return (double) f;
        if (v instanceof Boolean b) return b ? TRUE : FALSE;
        if (v instanceof Integer i) return (long) i;
        if (v instanceof Short s) return (long) s;
        if (v instanceof Byte b) return (long) b;
        return v;
    }

    static Long bool(boolean b) {
        return b ? TRUE : FALSE;
    }

    static boolean isString(Object v) {
        return v instanceof String || v instanceof byte[];
    }

    /** MySQL truth: null is unknown, a number is true when not zero, a string when its number is not zero. */
    static Boolean truth(Object v) {
        if (v == null) return null;
        if (v instanceof Long l) return l != 0;
        if (v instanceof BigDecimal d) return d.signum() != 0;
        return toDouble(v) != 0;
    }

    /** MySQL comparison: null when either is null; strings as strings, else as numbers. */
    static Integer compare(Object a, Object b) {
        if (a == null || b == null) return null;
        if (a instanceof Long x && b instanceof Long y) return Long.compare(x, y);
        if (isString(a) && isString(b)) return compareStrings(a, b);
        if (a instanceof Double || b instanceof Double || isString(a) || isString(b)) {
            double x = toDouble(a), y = toDouble(b);
            return x < y ? -1 : x > y ? 1 : 0;
        }
        return toDecimal(a).compareTo(toDecimal(b));
    }

    static boolean equal(Object a, Object b) {
        Integer c = compare(a, b);
        return c != null && c == 0;
    }

    /**
     * Strings compare as DM compares them (binary collation: case-sensitive, trailing spaces
     * ignored); two date/time literals compare as times, so '2021-06-22' equals '2021-06-22 00:00:00'.
     */
    private static int compareStrings(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            if (Temporal.looksTemporal(x) && Temporal.looksTemporal(y)) {
                return Temporal.normalize(x).compareTo(Temporal.normalize(y));
            }
            return stripTrailingSpaces(x).compareTo(stripTrailingSpaces(y));
        }
        return Arrays.compareUnsigned(bytes(a), bytes(b));
    }

    private static String stripTrailingSpaces(String s) {
        int n = s.length();
        while (n > 0 && s.charAt(n - 1) == ' ') n--;
        return n == s.length() ? s : s.substring(0, n);
    }

    static byte[] bytes(Object v) {
        return v instanceof byte[] b ? b : toStr(v).getBytes(StandardCharsets.UTF_8);
    }

    static String toStr(Object v) {
        if (v == null) return null;
        if (v instanceof String s) return s;
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof Double d) {
            return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15
                    ? Long.toString(d.longValue())
                    : Double.toString(d);
        }
        if (v instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        return v.toString();
    }

    static double toDouble(Object v) {
        if (v instanceof Long l) return l;
        if (v instanceof Double d) return d;
        if (v instanceof BigDecimal d) return d.doubleValue();
        String p = numericPrefix(toStr(v));
        return p.isEmpty() ? 0 : Double.parseDouble(p);
    }

    static BigDecimal toDecimal(Object v) {
        if (v instanceof Long l) return BigDecimal.valueOf(l);
        if (v instanceof BigDecimal d) return d;
        if (v instanceof Double d) return BigDecimal.valueOf(d);
        String p = numericPrefix(toStr(v));
        return p.isEmpty() ? BigDecimal.ZERO : new BigDecimal(p);
    }

    /** An integer as MySQL converts to one: exact numbers round half away from zero, strings truncate. */
    static long toLong(Object v) {
        if (v instanceof Long l) return l;
        if (v instanceof BigDecimal d)
            return d.setScale(0, RoundingMode.HALF_UP).longValue();
        if (v instanceof Double d) return Math.round(d);
        return (long) toDouble(v);
    }

    /** The longest prefix of s that is a number, as MySQL reads '12abc' as 12 (leading spaces skipped). */
    static String numericPrefix(String s) {
        int i = 0, n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) i++;
        int start = i;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            int j = i + 1;
            while (j < n && Character.isDigit(s.charAt(j))) {
                j++;
                digits++;
            }
            i = j;
        }
        if (digits == 0) return "";
        int end = i;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) j++;
            int k = j;
            while (k < n && Character.isDigit(s.charAt(k))) k++;
            if (k > j) end = k;
        }
        String p = s.substring(start, end);
        return p.endsWith(".") ? p.substring(0, p.length() - 1) : p;
    }

    private static boolean inexact(Object a, Object b) {
        return a instanceof Double || b instanceof Double || isString(a) || isString(b);
    }

    static Object add(Object a, Object b) {
        if (a == null || b == null) return null;
        if (a instanceof Long x && b instanceof Long y) {
            long r = x + y;
            if (((x ^ r) & (y ^ r)) >= 0) return r;
        }
        if (inexact(a, b)) return toDouble(a) + toDouble(b);
        return toDecimal(a).add(toDecimal(b));
    }

    static Object subtract(Object a, Object b) {
        if (a == null || b == null) return null;
        if (a instanceof Long x && b instanceof Long y) {
            long r = x - y;
            if (((x ^ y) & (x ^ r)) >= 0) return r;
        }
        if (inexact(a, b)) return toDouble(a) - toDouble(b);
        return toDecimal(a).subtract(toDecimal(b));
    }

    static Object multiply(Object a, Object b) {
        if (a == null || b == null) return null;
        if (a instanceof Long x && b instanceof Long y) {
            long hi = Math.multiplyHigh(x, y), lo = x * y;
            if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) return lo;
        }
        if (inexact(a, b)) return toDouble(a) * toDouble(b);
        return toDecimal(a).multiply(toDecimal(b));
    }

    /** {@code a / b}: null when b is zero; exact numbers give a decimal with 4 more digits. */
    static Object divide(Object a, Object b) {
        if (a == null || b == null) return null;
        if (inexact(a, b)) {
            double y = toDouble(b);
            return y == 0 ? null : toDouble(a) / y;
        }
        BigDecimal x = toDecimal(a), y = toDecimal(b);
        if (y.signum() == 0) return null;
        return x.divide(y, Math.max(x.scale(), 0) + DIV_SCALE, RoundingMode.HALF_UP);
    }

    static Object intDivide(Object a, Object b) {
        if (a == null || b == null) return null;
        if (a instanceof Long x && b instanceof Long y) return y == 0 ? null : x / y;
        if (inexact(a, b)) {
            double y = toDouble(b);
            return y == 0 ? null : (long) (toDouble(a) / y);
        }
        BigDecimal y = toDecimal(b);
        if (y.signum() == 0) return null;
        return toDecimal(a).divide(y, MathContext.DECIMAL128).longValue();
    }

    static Object modulo(Object a, Object b) {
        if (a == null || b == null) return null;
        if (a instanceof Long x && b instanceof Long y) return y == 0 ? null : x % y;
        if (inexact(a, b)) {
            double y = toDouble(b);
            return y == 0 ? null : toDouble(a) % y;
        }
        BigDecimal y = toDecimal(b);
        return y.signum() == 0 ? null : toDecimal(a).remainder(y);
    }

    static Object negate(Object a) {
        if (a == null) return null;
        if (a instanceof Long x && x != Long.MIN_VALUE) return -x;
        if (inexact(a, a)) return -toDouble(a);
        return toDecimal(a).negate();
    }
}
