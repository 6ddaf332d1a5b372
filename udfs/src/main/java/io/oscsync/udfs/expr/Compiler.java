package io.oscsync.udfs.expr;

import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.CosineSimilarity;
import net.sf.jsqlparser.expression.operators.relational.DoubleAnd;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.IsUnknownExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/** JSqlParser's tree of one expression to a tree of {@link Node}s; anything it does not know is refused. */
final class Compiler {
    /** One compiled sub-expression: its value for a row, in {@link Values}' types. */
    interface Node {
        Object eval(Object[] row);
    }

    /** A column's index in the row; throws for a column the table does not have. */
    private final ToIntFunction<String> columns;

    Compiler(ToIntFunction<String> columns) {
        this.columns = columns;
    }

    Node compile(Expression e) {
        if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) return compile(p.get(0));
        if (e instanceof Column c) return column(c);
        if (e instanceof LongValue v) {
            BigInteger b = v.getBigIntegerValue();
            Object value = b.bitLength() < 64 ? (Object) b.longValue() : new BigDecimal(b);
            return row -> value;
        }
        if (e instanceof DoubleValue v) return constant(decimalLiteral(v.toString()));
        if (e instanceof StringValue v) return constant(stringLiteral(v));
        if (e instanceof HexValue v) return constant(hexLiteral(v.getValue()));
        if (e instanceof NullValue) return row -> null;
        if (e instanceof BooleanValue v) return constant(Values.bool(v.getValue()));
        if (e instanceof TimeKeyExpression t) return timeKey(t.getStringValue());
        if (e instanceof SignedExpression s) {
            Node x = compile(s.getExpression());
            return s.getSign() == '-' ? row -> Values.negate(x.eval(row)) : x;
        }
        if (e instanceof NotExpression n) return not(compile(n.getExpression()));
        if (e instanceof AndExpression || e instanceof DoubleAnd) return and((BinaryExpression) e);
        if (e instanceof OrExpression || e instanceof Concat) return or((BinaryExpression) e); // MySQL's || is OR
        if (e instanceof XorExpression x) return xor(x);
        if (e instanceof CosineSimilarity b) return nullSafeEqual(b); // JSqlParser reads <=> so
        if (e instanceof EqualsTo
                || e instanceof NotEqualsTo
                || e instanceof GreaterThan
                || e instanceof GreaterThanEquals
                || e instanceof MinorThan
                || e instanceof MinorThanEquals) {
            return comparison((BinaryExpression) e);
        }
        if ((e instanceof Addition || e instanceof Subtraction)
                && ((BinaryExpression) e).getRightExpression() instanceof IntervalExpression) {
            BinaryExpression b = (BinaryExpression) e;
            return Functions.dateAdd(
                    compile(b.getLeftExpression()), interval(b.getRightExpression()), e instanceof Subtraction);
        }
        if (e instanceof Addition b) return arithmetic(b, Values::add);
        if (e instanceof Subtraction b) return arithmetic(b, Values::subtract);
        if (e instanceof Multiplication b) return arithmetic(b, Values::multiply);
        if (e instanceof Division b) return arithmetic(b, Values::divide);
        if (e instanceof IntegerDivision b) return arithmetic(b, Values::intDivide);
        if (e instanceof Modulo b) return arithmetic(b, Values::modulo);
        if (e instanceof IsNullExpression n) {
            Node x = compile(n.getLeftExpression());
            boolean not = n.isNot();
            return row -> Values.bool((x.eval(row) == null) != not);
        }
        if (e instanceof IsBooleanExpression b) {
            Node x = compile(b.getLeftExpression());
            boolean want = b.isTrue(), not = b.isNot();
            return row -> {
                Boolean t = Values.truth(x.eval(row));
                return Values.bool((t != null && t == want) != not);
            };
        }
        if (e instanceof IsUnknownExpression u) {
            Node x = compile(u.getLeftExpression());
            boolean not = u.isNot();
            return row -> Values.bool((Values.truth(x.eval(row)) == null) != not);
        }
        if (e instanceof InExpression in) return in(in);
        if (e instanceof Between b) return between(b);
        if (e instanceof LikeExpression l) return like(l);
        if (e instanceof CaseExpression c) return caseWhen(c);
        if (e instanceof CastExpression c) return cast(c);
        if (e instanceof JsonExpression j) return json(j);
        if (e instanceof TrimFunction t) return trim(t);
        if (e instanceof Function f) return Functions.compile(this, f);
        throw new ExpressionException(
                "not supported: " + e + " (" + e.getClass().getSimpleName() + ")");
    }

    List<Node> compileAll(ExpressionList<?> list) {
        List<Node> nodes = new ArrayList<>();
        if (list != null) for (Expression x : list) nodes.add(compile(x));
        return nodes;
    }

    private Node column(Column c) {
        String name = c.getColumnName();
        // Without ANSI_QUOTES, MySQL reads "text" as a string.
        if (c.getTable() == null && name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return constant(name.substring(1, name.length() - 1).replace("\"\"", "\""));
        }
        int i = columns.applyAsInt(unquote(name));
        return row -> Values.of(row[i]);
    }

    static String unquote(String name) {
        if (name.length() >= 2 && name.startsWith("`") && name.endsWith("`")) {
            return name.substring(1, name.length() - 1).replace("``", "`");
        }
        return name;
    }

    private static Node constant(Object v) {
        return row -> v;
    }

    /** MySQL reads 1.5 as DECIMAL and 1.5e0 as DOUBLE. */
    private static Object decimalLiteral(String text) {
        return text.contains("e") || text.contains("E") ? (Object) Double.parseDouble(text) : new BigDecimal(text);
    }

    private static Object stringLiteral(StringValue v) {
        String prefix = v.getPrefix() == null ? "" : v.getPrefix().toUpperCase(Locale.ROOT);
        String body = v.getValue();
        if (prefix.equals("B")) return bitLiteral(body);
        if (prefix.equals("X")) return hexLiteral("x'" + body + "'");
        if (!prefix.isEmpty() && !prefix.equals("N") && !prefix.startsWith("_")) {
            throw new ExpressionException("not supported: string prefix " + prefix);
        }
        return unescape(body);
    }

    /** MySQL's escapes in a quoted string: doubled quotes and backslash sequences. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('\'') < 0) return s;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                b.append('\'');
                i++;
            } else if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case '0' -> b.append('\0');
                    case 'b' -> b.append('\b');
                    case 'Z' -> b.append('\u001a');
                    // LIKE keeps \% and \_ as escapes for its own use.
                    case '%', '_' -> b.append('\\').append(n);
                    default -> b.append(n);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** b'1010' is a number where it meets one (BIT values arrive as numbers). */
    private static Object bitLiteral(String bits) {
        return bits.isEmpty() ? 0L : new BigInteger(bits, 2).longValue();
    }

    private static Object hexLiteral(String text) {
        String digits = text.startsWith("0x") || text.startsWith("0X")
                ? text.substring(2)
                : text.substring(2, text.length() - 1);
        if (digits.length() % 2 == 1) digits = "0" + digits;
        byte[] b = new byte[digits.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        return b;
    }

    private static Node timeKey(String key) {
        return switch (key.toUpperCase(Locale.ROOT)) {
            case "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP", "CURRENT_TIMESTAMP()" -> row -> Temporal.now();
            case "CURRENT_DATE", "CURRENT_DATE()" -> row -> Temporal.today();
            default -> throw new ExpressionException("not supported: " + key);
        };
    }

    private static Node not(Node x) {
        return row -> {
            Boolean t = Values.truth(x.eval(row));
            return t == null ? null : Values.bool(!t);
        };
    }

    private Node and(BinaryExpression e) {
        Node a = compile(e.getLeftExpression()), b = compile(e.getRightExpression());
        return row -> {
            Boolean x = Values.truth(a.eval(row));
            if (x != null && !x) return Values.FALSE;
            Boolean y = Values.truth(b.eval(row));
            if (y != null && !y) return Values.FALSE;
            return x == null || y == null ? null : Values.TRUE;
        };
    }

    private Node or(BinaryExpression e) {
        Node a = compile(e.getLeftExpression()), b = compile(e.getRightExpression());
        return row -> {
            Boolean x = Values.truth(a.eval(row));
            if (x != null && x) return Values.TRUE;
            Boolean y = Values.truth(b.eval(row));
            if (y != null && y) return Values.TRUE;
            return x == null || y == null ? null : Values.FALSE;
        };
    }

    private Node xor(BinaryExpression e) {
        Node a = compile(e.getLeftExpression()), b = compile(e.getRightExpression());
        return row -> {
            Boolean x = Values.truth(a.eval(row)), y = Values.truth(b.eval(row));
            return x == null || y == null ? null : Values.bool(x != y);
        };
    }

    private Node nullSafeEqual(BinaryExpression e) {
        Node a = compile(e.getLeftExpression()), b = compile(e.getRightExpression());
        return row -> {
            Object x = a.eval(row), y = b.eval(row);
            if (x == null || y == null) return Values.bool(x == y);
            return Values.bool(Values.equal(x, y));
        };
    }

    private Node comparison(BinaryExpression e) {
        Node a = compile(e.getLeftExpression()), b = compile(e.getRightExpression());
        String op = e.getStringExpression();
        java.util.function.IntPredicate test = switch (op) {
            case "=" -> c -> c == 0;
            case "!=", "<>" -> c -> c != 0;
            case ">" -> c -> c > 0;
            case ">=" -> c -> c >= 0;
            case "<" -> c -> c < 0;
            case "<=" -> c -> c <= 0;
            default -> throw new ExpressionException("not supported: operator " + op);
        };
        return row -> {
            Integer c = Values.compare(a.eval(row), b.eval(row));
            return c == null ? null : Values.bool(test.test(c));
        };
    }

    private interface Op {
        Object apply(Object a, Object b);
    }

    private Node arithmetic(BinaryExpression e, Op op) {
        Node a = compile(e.getLeftExpression()), b = compile(e.getRightExpression());
        return row -> op.apply(a.eval(row), b.eval(row));
    }

    private Node in(InExpression in) {
        Node x = compile(in.getLeftExpression());
        if (!(in.getRightExpression() instanceof ExpressionList<?> list)) {
            throw new ExpressionException("not supported: IN with " + in.getRightExpression());
        }
        List<Node> items = compileAll(list);
        boolean not = in.isNot();
        return row -> {
            Object v = x.eval(row);
            if (v == null) return null;
            boolean sawNull = false;
            for (Node item : items) {
                Integer c = Values.compare(v, item.eval(row));
                if (c == null) sawNull = true;
                else if (c == 0) return Values.bool(!not);
            }
            return sawNull ? null : Values.bool(not);
        };
    }

    private Node between(Between b) {
        Node x = compile(b.getLeftExpression());
        Node lo = compile(b.getBetweenExpressionStart()), hi = compile(b.getBetweenExpressionEnd());
        boolean not = b.isNot();
        return row -> {
            Object v = x.eval(row);
            Integer c1 = Values.compare(v, lo.eval(row)), c2 = Values.compare(v, hi.eval(row));
            // x BETWEEN lo AND hi is lo <= x AND x <= hi, with AND's unknowns.
            Boolean a = c1 == null ? null : c1 >= 0, z = c2 == null ? null : c2 <= 0;
            Boolean r = (a != null && !a) || (z != null && !z) ? Boolean.FALSE : a == null || z == null ? null : true;
            return r == null ? null : Values.bool(r != not);
        };
    }

    private Node like(LikeExpression l) {
        Node x = compile(l.getLeftExpression());
        Node pattern = compile(l.getRightExpression());
        boolean not = l.isNot();
        boolean regexp = switch (l.getLikeKeyWord()) {
            case LIKE -> false;
            case REGEXP, RLIKE -> true;
            default -> throw new ExpressionException("not supported: " + l.getLikeKeyWord());
        };
        char escape = '\\';
        if (l.getEscape() != null) {
            Object esc = compile(l.getEscape()).eval(new Object[0]);
            String s = Values.toStr(esc);
            if (s == null || s.length() != 1) throw new ExpressionException("ESCAPE takes one character");
            escape = s.charAt(0);
        }
        char esc = escape;
        // A constant pattern (the usual case) is compiled once.
        Pattern fixed = constantPattern(l.getRightExpression(), regexp, esc);
        return row -> {
            Object v = x.eval(row);
            if (v == null) return null;
            Pattern p = fixed;
            if (p == null) {
                Object pv = pattern.eval(row);
                if (pv == null) return null;
                p = regexp ? Pattern.compile(Values.toStr(pv)) : Like.toRegex(Values.toStr(pv), esc);
            }
            boolean m = regexp
                    ? p.matcher(Values.toStr(v)).find()
                    : p.matcher(Values.toStr(v)).matches();
            return Values.bool(m != not);
        };
    }

    private Pattern constantPattern(Expression e, boolean regexp, char escape) {
        if (!(e instanceof StringValue s)) return null;
        String text = Values.toStr(stringLiteral(s));
        try {
            return regexp ? Pattern.compile(text) : Like.toRegex(text, escape);
        } catch (java.util.regex.PatternSyntaxException ex) {
            throw new ExpressionException("invalid regular expression " + text + ": " + ex.getDescription());
        }
    }

    private Node caseWhen(CaseExpression c) {
        Node subject = c.getSwitchExpression() == null ? null : compile(c.getSwitchExpression());
        List<Node[]> whens = new ArrayList<>();
        for (WhenClause w : c.getWhenClauses()) {
            whens.add(new Node[] {compile(w.getWhenExpression()), compile(w.getThenExpression())});
        }
        Node otherwise = c.getElseExpression() == null ? row -> null : compile(c.getElseExpression());
        return row -> {
            Object s = subject == null ? null : subject.eval(row);
            for (Node[] w : whens) {
                Object v = w[0].eval(row);
                boolean hit = subject == null ? Boolean.TRUE.equals(Values.truth(v)) : Values.equal(s, v);
                if (hit) return w[1].eval(row);
            }
            return otherwise.eval(row);
        };
    }

    private Node cast(CastExpression c) {
        Node x = compile(c.getLeftExpression());
        // JSqlParser keeps DECIMAL's arguments in the type's text: "DECIMAL (5, 2)".
        String[] typeAndArgs = c.getColDataType().getDataType().trim().split("\\s*[(),]\\s*");
        String type = typeAndArgs[0].toUpperCase(Locale.ROOT);
        return switch (type) {
            case "SIGNED", "SIGNED INTEGER", "UNSIGNED", "UNSIGNED INTEGER", "INTEGER", "INT" ->
                row -> {
                    Object v = x.eval(row);
                    return v == null ? null : Values.toLong(v);
                };
            case "DECIMAL" -> {
                int scale = typeAndArgs.length > 2 ? Integer.parseInt(typeAndArgs[2].trim()) : 0;
                yield row -> {
                    Object v = x.eval(row);
                    return v == null ? null : Values.toDecimal(v).setScale(scale, RoundingMode.HALF_UP);
                };
            }
            case "DOUBLE", "FLOAT", "REAL" ->
                row -> {
                    Object v = x.eval(row);
                    return v == null ? null : Values.toDouble(v);
                };
            case "CHAR", "NCHAR", "BINARY" -> row -> Values.toStr(x.eval(row));
            case "DATE" ->
                row -> {
                    var t = Temporal.parse(x.eval(row));
                    return t == null ? null : Temporal.format(t, true);
                };
            case "DATETIME" ->
                row -> {
                    var t = Temporal.parse(x.eval(row));
                    return t == null ? null : Temporal.format(t, false);
                };
            default -> throw new ExpressionException("not supported: CAST AS " + type);
        };
    }

    private Node json(JsonExpression j) {
        Node doc = compile(j.getExpression());
        List<Expression> idents = j.getIdents();
        List<String> ops = j.getOperators();
        Node result = doc;
        for (int i = 0; i < idents.size(); i++) {
            String op = ops.get(i);
            if (!op.equals("->") && !op.equals("->>")) throw new ExpressionException("not supported: operator " + op);
            Expression ident = idents.get(i);
            String path = ident instanceof StringValue s
                    ? Values.toStr(stringLiteral(s))
                    : ident instanceof Column c ? Values.toStr(column(c).eval(new Object[0])) : null;
            if (path == null) throw new ExpressionException("not supported: JSON path " + ident);
            result = Json.extract(result, JsonPath.parse(path), op.equals("->>"));
        }
        return result;
    }

    private Node trim(TrimFunction t) {
        Node x = compile(t.getExpression());
        Node chars = t.getFromExpression() == null ? null : x;
        Node subject = t.getFromExpression() == null ? x : compile(t.getFromExpression());
        String spec = t.getTrimSpecification() == null
                ? "BOTH"
                : t.getTrimSpecification().name();
        return row -> {
            String s = Values.toStr(subject.eval(row));
            String r = chars == null ? " " : Values.toStr(chars.eval(row));
            if (s == null || r == null) return null;
            return Functions.trim(s, r, !spec.equals("TRAILING"), !spec.equals("LEADING"));
        };
    }

    /** An INTERVAL n UNIT argument of DATE_ADD / DATE_SUB. */
    record Interval(Node amount, String unit) {}

    Interval interval(Expression e) {
        if (!(e instanceof IntervalExpression i)) throw new ExpressionException("expected INTERVAL n UNIT, got " + e);
        Node n = i.getExpression() != null ? compile(i.getExpression()) : constant(decimalLiteral(i.getParameter()));
        return new Interval(n, i.getIntervalType().toUpperCase(Locale.ROOT));
    }
}
