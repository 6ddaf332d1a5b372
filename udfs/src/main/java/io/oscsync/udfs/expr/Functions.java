package io.oscsync.udfs.expr;

import io.oscsync.udfs.expr.Compiler.Node;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** The MySQL functions DM users write in filters; any other name is refused when the expression is read. */
final class Functions {
    private Functions() {}

    static Node compile(Compiler c, Function f) {
        String name = f.getName().toUpperCase(Locale.ROOT);
        if (f.isDistinct() || f.isAllColumns() || f.getMultipartName().size() > 1) {
            throw new ExpressionException("not supported: " + f);
        }
        if (name.equals("DATE_ADD") || name.equals("DATE_SUB") || name.equals("ADDDATE") || name.equals("SUBDATE")) {
            return dateAdd(c, f, name.equals("DATE_SUB") || name.equals("SUBDATE"));
        }
        List<Node> a = c.compileAll(f.getParameters());
        return switch (name) {
            // NULL handling and conditions
            case "IFNULL" ->
                arity(name, a, 2, () -> row -> {
                    Object v = a.get(0).eval(row);
                    return v != null ? v : a.get(1).eval(row);
                });
            case "COALESCE" ->
                row -> {
                    for (Node n : a) {
                        Object v = n.eval(row);
                        if (v != null) return v;
                    }
                    return null;
                };
            case "NULLIF" ->
                arity(name, a, 2, () -> row -> {
                    Object v = a.get(0).eval(row);
                    return Values.equal(v, a.get(1).eval(row)) ? null : v;
                });
            case "ISNULL" -> arity(name, a, 1, () -> row -> Values.bool(a.get(0).eval(row) == null));
            case "IF" ->
                arity(
                        name,
                        a,
                        3,
                        () -> row -> Boolean.TRUE.equals(Values.truth(a.get(0).eval(row)))
                                ? a.get(1).eval(row)
                                : a.get(2).eval(row));
            case "GREATEST", "LEAST" -> {
                boolean greatest = name.equals("GREATEST");
                yield row -> {
                    Object best = null;
                    for (Node n : a) {
                        Object v = n.eval(row);
                        if (v == null) return null;
                        if (best == null || (Values.compare(v, best) > 0) == greatest) best = v;
                    }
                    return best;
                };
            }
            // numbers
            case "ABS" ->
                number(
                        name,
                        a,
                        v -> v instanceof Long l && l != Long.MIN_VALUE
                                ? (Object) Math.abs(l)
                                : v instanceof Double d
                                        ? (Object) Math.abs(d)
                                        : Values.toDecimal(v).abs());
            case "CEIL", "CEILING" -> number(name, a, v -> rounded(v, RoundingMode.CEILING));
            case "FLOOR" -> number(name, a, v -> rounded(v, RoundingMode.FLOOR));
            case "ROUND" -> round(a);
            case "MOD" ->
                arity(
                        name,
                        a,
                        2,
                        () -> row -> Values.modulo(a.get(0).eval(row), a.get(1).eval(row)));
            // strings
            case "LENGTH", "OCTET_LENGTH" ->
                string(name, a, s -> (long) s.getBytes(StandardCharsets.UTF_8).length, v ->
                        (long) Values.bytes(v).length);
            case "CHAR_LENGTH", "CHARACTER_LENGTH" ->
                string(name, a, s -> (long) s.codePointCount(0, s.length()), null);
            case "LOWER", "LCASE" -> string(name, a, s -> s.toLowerCase(Locale.ROOT), null);
            case "UPPER", "UCASE" -> string(name, a, s -> s.toUpperCase(Locale.ROOT), null);
            case "REVERSE" ->
                string(name, a, s -> new StringBuilder(s).reverse().toString(), null);
            case "LTRIM" -> string(name, a, s -> trim(s, " ", true, false), null);
            case "RTRIM" -> string(name, a, s -> trim(s, " ", false, true), null);
            case "CONCAT" ->
                row -> {
                    StringBuilder b = new StringBuilder();
                    for (Node n : a) {
                        Object v = n.eval(row);
                        if (v == null) return null;
                        b.append(Values.toStr(v));
                    }
                    return b.toString();
                };
            case "CONCAT_WS" ->
                row -> {
                    if (a.isEmpty()) return null;
                    Object sep = a.get(0).eval(row);
                    if (sep == null) return null;
                    StringBuilder b = new StringBuilder();
                    boolean first = true;
                    for (Node n : a.subList(1, a.size())) {
                        Object v = n.eval(row);
                        if (v == null) continue;
                        if (!first) b.append(Values.toStr(sep));
                        b.append(Values.toStr(v));
                        first = false;
                    }
                    return b.toString();
                };
            case "SUBSTRING", "SUBSTR", "MID" -> substring(name, a);
            case "LEFT", "RIGHT" -> {
                boolean left = name.equals("LEFT");
                yield arity(name, a, 2, () -> row -> {
                    String s = Values.toStr(a.get(0).eval(row));
                    Object n = a.get(1).eval(row);
                    if (s == null || n == null) return null;
                    int len = (int) Math.max(0, Math.min(Values.toLong(n), s.length()));
                    return left ? s.substring(0, len) : s.substring(s.length() - len);
                });
            }
            case "REPLACE" ->
                arity(name, a, 3, () -> row -> {
                    String s = Values.toStr(a.get(0).eval(row)),
                            from = Values.toStr(a.get(1).eval(row));
                    String to = Values.toStr(a.get(2).eval(row));
                    if (s == null || from == null || to == null) return null;
                    return from.isEmpty() ? s : s.replace(from, to);
                });
            case "INSTR" ->
                arity(
                        name,
                        a,
                        2,
                        () -> row -> position(a.get(1).eval(row), a.get(0).eval(row)));
            case "LOCATE", "POSITION" ->
                arity(
                        name,
                        a,
                        2,
                        () -> row -> position(a.get(0).eval(row), a.get(1).eval(row)));
            case "FIND_IN_SET" ->
                arity(name, a, 2, () -> row -> {
                    String s = Values.toStr(a.get(0).eval(row)),
                            set = Values.toStr(a.get(1).eval(row));
                    if (s == null || set == null) return null;
                    if (set.isEmpty()) return 0L;
                    String[] items = set.split(",", -1);
                    for (int i = 0; i < items.length; i++) if (items[i].equals(s)) return (long) i + 1;
                    return 0L;
                });
            // dates and times (TIMESTAMP values and NOW() are UTC)
            case "NOW", "CURRENT_TIMESTAMP", "SYSDATE", "LOCALTIME", "LOCALTIMESTAMP", "UTC_TIMESTAMP" ->
                arity(name, a, 0, () -> row -> Temporal.now());
            case "CURDATE", "CURRENT_DATE", "UTC_DATE" -> arity(name, a, 0, () -> row -> Temporal.today());
            case "DATE" -> temporal(name, a, t -> Temporal.format(t, true));
            case "YEAR" -> temporal(name, a, t -> (long) t.getYear());
            case "MONTH" -> temporal(name, a, t -> (long) t.getMonthValue());
            case "DAY", "DAYOFMONTH" -> temporal(name, a, t -> (long) t.getDayOfMonth());
            case "HOUR" -> temporal(name, a, t -> (long) t.getHour());
            case "MINUTE" -> temporal(name, a, t -> (long) t.getMinute());
            case "SECOND" -> temporal(name, a, t -> (long) t.getSecond());
            case "DAYOFWEEK" -> temporal(name, a, t -> (long) (t.getDayOfWeek().getValue() % 7 + 1));
            case "UNIX_TIMESTAMP" -> temporal(name, a, t -> t.toEpochSecond(ZoneOffset.UTC));
            case "DATEDIFF" ->
                arity(name, a, 2, () -> row -> {
                    LocalDateTime x = Temporal.parse(a.get(0).eval(row)),
                            y = Temporal.parse(a.get(1).eval(row));
                    return x == null || y == null ? null : ChronoUnit.DAYS.between(y.toLocalDate(), x.toLocalDate());
                });
            // JSON
            case "JSON_EXTRACT" -> jsonExtract(f, a, false);
            case "JSON_UNQUOTE" ->
                arity(name, a, 1, () -> row -> {
                    Object v = a.get(0).eval(row);
                    String s = Values.toStr(v);
                    if (s == null || !s.startsWith("\"")) return s;
                    return Json.toValue(Json.read(s));
                });
            case "JSON_LENGTH" ->
                arity(name, a, 1, () -> row -> {
                    var n = Json.read(a.get(0).eval(row));
                    return n == null ? null : (long) (n.isContainerNode() ? n.size() : 1);
                });
            case "JSON_TYPE" ->
                arity(name, a, 1, () -> row -> {
                    var n = Json.read(a.get(0).eval(row));
                    return n == null ? null : n.getNodeType().name().replace("POJO", "OPAQUE");
                });
            default -> throw new ExpressionException("unknown function " + f.getName());
        };
    }

    private static Node arity(String name, List<Node> a, int n, java.util.function.Supplier<Node> node) {
        if (a.size() != n) throw new ExpressionException(name + " takes " + n + " argument(s), got " + a.size());
        return node.get();
    }

    private static Node number(String name, List<Node> a, java.util.function.Function<Object, Object> f) {
        return arity(name, a, 1, () -> row -> {
            Object v = a.get(0).eval(row);
            if (v == null) return null;
            return f.apply(Values.isString(v) ? (Object) Values.toDouble(v) : v);
        });
    }

    private static Object rounded(Object v, RoundingMode mode) {
        if (v instanceof Long) return v;
        if (v instanceof Double d) return mode == RoundingMode.CEILING ? Math.ceil(d) : Math.floor(d);
        return Values.toDecimal(v).setScale(0, mode).longValueExact();
    }

    private static Node round(List<Node> a) {
        if (a.isEmpty() || a.size() > 2) throw new ExpressionException("ROUND takes 1 or 2 arguments");
        return row -> {
            Object v = a.get(0).eval(row);
            Object d = a.size() == 2 ? a.get(1).eval(row) : 0L;
            if (v == null || d == null) return null;
            int digits = (int) Values.toLong(d);
            if (Values.isString(v) || v instanceof Double) {
                // MySQL rounds doubles half to even at the decimal digit asked for.
                return BigDecimal.valueOf(Values.toDouble(v))
                        .setScale(digits, RoundingMode.HALF_EVEN)
                        .doubleValue();
            }
            if (v instanceof Long l && digits >= 0) return l;
            BigDecimal r = Values.toDecimal(v).setScale(digits, RoundingMode.HALF_UP);
            return digits < 0 ? r.setScale(0, RoundingMode.UNNECESSARY) : r;
        };
    }

    private static Node string(
            String name,
            List<Node> a,
            java.util.function.Function<String, Object> f,
            java.util.function.Function<Object, Object> binary) {
        return arity(name, a, 1, () -> row -> {
            Object v = a.get(0).eval(row);
            if (v == null) return null;
            return binary != null && v instanceof byte[] ? binary.apply(v) : f.apply(Values.toStr(v));
        });
    }

    private static Node substring(String name, List<Node> a) {
        if (a.size() != 2 && a.size() != 3) throw new ExpressionException(name + " takes 2 or 3 arguments");
        return row -> {
            String s = Values.toStr(a.get(0).eval(row));
            Object p = a.get(1).eval(row);
            Object l = a.size() == 3 ? a.get(2).eval(row) : (long) Integer.MAX_VALUE;
            if (s == null || p == null || l == null) return null;
            long pos = Values.toLong(p), len = Values.toLong(l);
            int n = s.length();
            if (pos == 0 || len <= 0 || Math.abs(pos) > n) return "";
            int start = (int) (pos > 0 ? pos - 1 : n + pos);
            return s.substring(start, (int) Math.min(n, start + len));
        };
    }

    private static Object position(Object needle, Object haystack) {
        if (needle == null || haystack == null) return null;
        return (long) Values.toStr(haystack).indexOf(Values.toStr(needle)) + 1;
    }

    static String trim(String s, String r, boolean leading, boolean trailing) {
        if (r.isEmpty()) return s;
        int start = 0, end = s.length();
        if (leading) while (s.startsWith(r, start)) start += r.length();
        if (trailing) while (end - r.length() >= start && s.startsWith(r, end - r.length())) end -= r.length();
        return s.substring(start, end);
    }

    private static Node temporal(String name, List<Node> a, java.util.function.Function<LocalDateTime, Object> f) {
        return arity(name, a, 1, () -> row -> {
            LocalDateTime t = Temporal.parse(a.get(0).eval(row));
            return t == null ? null : f.apply(t);
        });
    }

    private static Node dateAdd(Compiler c, Function f, boolean subtract) {
        var params = f.getParameters();
        if (params == null || params.size() != 2) throw new ExpressionException(f.getName() + " takes 2 arguments");
        return dateAdd(c.compile(params.get(0)), c.interval(params.get(1)), subtract);
    }

    /** DATE_ADD(date, INTERVAL n unit), also written date + INTERVAL n unit. */
    static Node dateAdd(Node date, Compiler.Interval interval, boolean subtract) {
        Node amount = interval.amount();
        ChronoUnit unit = switch (interval.unit()) {
            case "MICROSECOND" -> ChronoUnit.MICROS;
            case "SECOND" -> ChronoUnit.SECONDS;
            case "MINUTE" -> ChronoUnit.MINUTES;
            case "HOUR" -> ChronoUnit.HOURS;
            case "DAY" -> ChronoUnit.DAYS;
            case "WEEK" -> ChronoUnit.WEEKS;
            case "MONTH" -> ChronoUnit.MONTHS;
            case "YEAR" -> ChronoUnit.YEARS;
            default -> throw new ExpressionException("not supported: INTERVAL unit " + interval.unit());
        };
        boolean keepsDate = unit.isDateBased();
        return row -> {
            Object v = date.eval(row), n = amount.eval(row);
            LocalDateTime t = Temporal.parse(v);
            if (t == null || n == null) return null;
            long by = Values.toLong(n);
            LocalDateTime r = t.plus(subtract ? -by : by, unit);
            return Temporal.format(r, keepsDate && Temporal.isDateOnly(v));
        };
    }

    private static Node jsonExtract(Function f, List<Node> a, boolean unquote) {
        if (a.size() != 2) throw new ExpressionException("JSON_EXTRACT takes a document and one path here");
        Expression path = f.getParameters().get(1);
        Object p = a.get(1).eval(new Object[0]);
        if (!(path instanceof net.sf.jsqlparser.expression.StringValue) || p == null) {
            throw new ExpressionException("JSON_EXTRACT needs a constant path");
        }
        return Json.extract(a.get(0), JsonPath.parse(Values.toStr(p)), unquote);
    }
}
