package io.oscsync.udfs.ddl;

import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * {@code CREATE INDEX} and {@code DROP INDEX} as the equivalent {@code ALTER TABLE}. Debezium 1.9
 * (in Flink CDC 3.5) makes no table event of either statement (only of a UNIQUE index on a table
 * without a primary key), and Flink CDC drops a schema change without a table, so both were lost:
 * an index created or dropped upstream never reached the downstream, nor one created on LHM's
 * shadow ({@code create index `ix` on `lhmn_t` (...)}). As an ALTER TABLE they arrive as any other.
 */
public final class IndexStatements {
    private static final Pattern CANDIDATE =
            Pattern.compile("(?is)^\\s*(?:/\\*.*?\\*/\\s*)*(?:create|drop)\\b.*\\bindex\\b.*");

    private IndexStatements() {}

    /** The statement as ALTER TABLE when it is a CREATE / DROP INDEX this can rewrite; else unchanged. */
    public static String asAlterTable(String sql) {
        if (sql == null || !CANDIDATE.matcher(sql).matches()) return sql;
        List<Token> t;
        try {
            t = MySqlLexer.tokenize(sql);
        } catch (UnsupportedDdlException e) {
            return sql; // executable comments: leave the statement to the parser's own verdict
        }
        int end = t.size();
        while (end > 0 && t.get(end - 1).isSymbol(";")) end--;
        t = t.subList(0, end);
        if (t.isEmpty()) return sql;
        String rewritten = t.get(0).isWord("create") ? create(sql, t) : t.get(0).isWord("drop") ? drop(sql, t) : null;
        if (rewritten == null) return sql;
        return sql.substring(0, t.get(0).start())
                + rewritten
                + sql.substring(t.get(t.size() - 1).end());
    }

    /** CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX [IF NOT EXISTS] i [USING x] ON t (parts) [options]. */
    private static String create(String sql, List<Token> t) {
        int i = 1;
        String kind = "";
        if (i < t.size() && isAnyWord(t.get(i), "unique", "fulltext", "spatial"))
            kind = t.get(i++).text() + " ";
        if (i >= t.size() || !t.get(i++).isWord("index")) return null;
        String ifNotExists = "";
        if (i + 2 < t.size()
                && t.get(i).isWord("if")
                && t.get(i + 1).isWord("not")
                && t.get(i + 2).isWord("exists")) {
            ifNotExists = "IF NOT EXISTS ";
            i += 3;
        }
        if (i >= t.size() || !t.get(i).isIdentifier() || t.get(i).isWord("on")) return null;
        String name = t.get(i++).text();
        String using = "";
        if (i + 1 < t.size() && t.get(i).isWord("using")) {
            using = " USING " + t.get(i + 1).text();
            i += 2;
        }
        if (i >= t.size() || !t.get(i++).isWord("on")) return null;
        int tableFrom = i;
        i = afterTableName(t, i);
        if (i < 0 || i >= t.size() || !t.get(i).isSymbol("(")) return null;
        String table = sql.substring(t.get(tableFrom).start(), t.get(i - 1).end());
        int close = matching(t, i);
        if (close < 0) return null;
        String parts = sql.substring(t.get(i).start(), t.get(close).end());
        Options o = options(t, close + 1);
        if (o == null) return null;
        return "ALTER TABLE " + table + " ADD " + kind + "INDEX " + ifNotExists + name + using + " " + parts + o.index()
                + o.clauses();
    }

    /** DROP INDEX [IF EXISTS] i ON t [ALGORITHM|LOCK options]. */
    private static String drop(String sql, List<Token> t) {
        int i = 1;
        if (i >= t.size() || !t.get(i++).isWord("index")) return null;
        String ifExists = "";
        if (i + 1 < t.size() && t.get(i).isWord("if") && t.get(i + 1).isWord("exists")) {
            ifExists = "IF EXISTS ";
            i += 2;
        }
        if (i >= t.size() || !t.get(i).isIdentifier() || t.get(i).isWord("on")) return null;
        String name = t.get(i++).text();
        if (i >= t.size() || !t.get(i++).isWord("on")) return null;
        int tableFrom = i;
        i = afterTableName(t, i);
        if (i < 0) return null;
        String table = sql.substring(t.get(tableFrom).start(), t.get(i - 1).end());
        Options o = options(t, i);
        if (o == null || !o.index().isEmpty()) return null;
        return "ALTER TABLE " + table + " DROP INDEX " + ifExists + name + o.clauses();
    }

    /** The index options kept in place, ALGORITHM= / LOCK= as ALTER TABLE clauses after them. */
    private record Options(String index, String clauses) {}

    private static Options options(List<Token> t, int from) {
        StringJoiner index = new StringJoiner(" ", " ", "").setEmptyValue("");
        StringBuilder clauses = new StringBuilder();
        int i = from;
        while (i < t.size()) {
            Token k = t.get(i);
            if (isAnyWord(k, "algorithm", "lock")) {
                int v = i + 1 < t.size() && t.get(i + 1).isSymbol("=") ? i + 2 : i + 1;
                if (v >= t.size() || t.get(v).kind() != Token.Kind.WORD) return null;
                clauses.append(", ")
                        .append(k.text().toUpperCase(Locale.ROOT))
                        .append('=')
                        .append(t.get(v).text());
                i = v + 1;
            } else if (isAnyWord(k, "wait", "nowait") || k.isSymbol(";") || k.isSymbol(",")) {
                return null; // no ALTER TABLE clause says this the same way
            } else {
                index.add(k.text());
                i++;
            }
        }
        return new Options(index.toString(), clauses.toString());
    }

    /** The index after {@code name} or {@code db.name} starting at {@code i}; -1 if there is none. */
    private static int afterTableName(List<Token> t, int i) {
        if (i >= t.size() || !t.get(i).isIdentifier()) return -1;
        i++;
        if (i + 1 < t.size() && t.get(i).isSymbol(".") && t.get(i + 1).isIdentifier()) i += 2;
        return i;
    }

    private static int matching(List<Token> t, int open) {
        int depth = 0;
        for (int i = open; i < t.size(); i++) {
            if (t.get(i).isSymbol("(")) depth++;
            else if (t.get(i).isSymbol(")") && --depth == 0) return i;
        }
        return -1;
    }

    private static boolean isAnyWord(Token t, String... words) {
        for (String w : words) if (t.isWord(w)) return true;
        return false;
    }
}
