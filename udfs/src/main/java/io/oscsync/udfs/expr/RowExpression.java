package io.oscsync.udfs.expr;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One SQL expression over a table's columns, as DM's expression filters write them. Parsed and
 * checked when read (syntax, operators, functions); bound to a table's columns before rows arrive.
 * Holds only its text, so it ships with an operator; {@link #bind} compiles it where it runs.
 */
public final class RowExpression implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String text;
    private final List<String> columns;

    private RowExpression(String text, List<String> columns) {
        this.text = text;
        this.columns = columns;
    }

    /** @throws ExpressionException saying what cannot be read */
    public static RowExpression parse(String text) {
        Set<String> names = new LinkedHashSet<>();
        new Compiler(name -> {
                    names.add(name.toLowerCase(Locale.ROOT));
                    return 0;
                })
                .compile(tree(text));
        return new RowExpression(text, List.copyOf(names));
    }

    private static Expression tree(String text) {
        try {
            return CCJSqlParserUtil.parseExpression(text, false);
        } catch (JSQLParserException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ExpressionException(
                    "cannot parse: " + why.lines().findFirst().orElse(why));
        }
    }

    public String text() {
        return text;
    }

    /** The column names it reads, lower-case (MySQL column names are case-insensitive). */
    public List<String> columns() {
        return columns;
    }

    /** The referenced columns missing from {@code tableColumns}. */
    public List<String> missingColumns(String[] tableColumns) {
        Set<String> have = new LinkedHashSet<>();
        for (String c : tableColumns) have.add(c.toLowerCase(Locale.ROOT));
        List<String> missing = new ArrayList<>();
        for (String c : columns) if (!have.contains(c)) missing.add(c);
        return missing;
    }

    /**
     * Compiled against a table's columns, in row order.
     *
     * @throws ExpressionException naming a column the table does not have
     */
    public Bound bind(String[] tableColumns) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < tableColumns.length; i++) index.putIfAbsent(tableColumns[i].toLowerCase(Locale.ROOT), i);
        Compiler.Node node = new Compiler(name -> {
                    Integer i = index.get(name.toLowerCase(Locale.ROOT));
                    if (i == null) throw new ExpressionException("the table has no column " + name);
                    return i;
                })
                .compile(tree(text));
        return new Bound(node);
    }

    @Override
    public String toString() {
        return text;
    }

    /** The expression ready for rows of one table layout. */
    public static final class Bound {
        private final Compiler.Node node;

        private Bound(Compiler.Node node) {
            this.node = node;
        }

        /** The value, in the evaluator's types (Long, BigDecimal, Double, String, byte[]; booleans as 1/0). */
        public Object eval(Object[] row) {
            return node.eval(row);
        }

        /** As DM decides: the row matches when the value is the integer 1 (so NULL never matches). */
        public boolean matches(Object[] row) {
            Object v = node.eval(row);
            return v instanceof Long l && l == 1L;
        }
    }
}
