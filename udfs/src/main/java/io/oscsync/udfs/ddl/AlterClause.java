package io.oscsync.udfs.ddl;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * One change an ALTER TABLE makes (one clause), or the change a CREATE INDEX / DROP INDEX
 * statement makes, read once when the statement is parsed: what it does, to which column or
 * index, and the definition it gives it in canonical form, so two shards' texts compare.
 *
 * @param name       the column or index, lower case; empty where there is none
 * @param definition the canonical definition after the name (type, options, position; for an
 *                   index its kind and columns); empty for drops and for {@link Kind#OTHER}
 * @param start      where the clause starts in the statement's text
 * @param end        where it ends (exclusive)
 */
public record AlterClause(Kind kind, String name, String definition, int start, int end) implements Serializable {

    public enum Kind {
        ADD_COLUMN,
        MODIFY_COLUMN,
        DROP_COLUMN,
        ADD_INDEX,
        DROP_INDEX,
        /** {@code CHANGE a b ...} with another name, or {@code RENAME COLUMN}. */
        RENAME_COLUMN,
        /** {@code RENAME [TO|AS] t}: the table's own rename. */
        RENAME_TABLE,
        /** {@code AUTO_INCREMENT [=] n} alone: a counter, no schema. */
        AUTO_INCREMENT,
        /** {@code ALGORITHM [=] x}: how the server runs the change, not what it changes. */
        ALGORITHM,
        /** {@code LOCK [=] x}: what the server lets others do meanwhile, not what it changes. */
        LOCK,
        /** Anything else: keys without a name, constraints, partitions, table options... */
        OTHER
    }

    /** The column or index it is about, e.g. {@code column c}; empty for other kinds. */
    public String key() {
        return switch (kind) {
            case ADD_COLUMN, MODIFY_COLUMN, DROP_COLUMN -> "column " + name;
            case ADD_INDEX, DROP_INDEX -> "index " + name;
            default -> "";
        };
    }

    public boolean isDrop() {
        return kind == Kind.DROP_COLUMN || kind == Kind.DROP_INDEX;
    }

    AlterClause shifted(int newStart, int newEnd) {
        return new AlterClause(kind, name, definition, newStart, newEnd);
    }

    /** One ALTER TABLE clause, as the tokens after the table name between two top-level commas. */
    static AlterClause of(List<Token> t) {
        int start = t.get(0).start();
        int end = t.get(t.size() - 1).end();
        int i = 1;
        boolean add = t.get(0).isWord("add");
        boolean drop = t.get(0).isWord("drop");
        boolean change = t.get(0).isWord("change");
        if (t.get(0).isWord("auto_increment")) {
            List<Token> rest = t.stream().filter(x -> !x.isSymbol("=")).toList();
            return rest.size() == 2 ? new AlterClause(Kind.AUTO_INCREMENT, "", "", start, end) : other(start, end);
        }
        if (t.get(0).isWord("algorithm")) return new AlterClause(Kind.ALGORITHM, "", "", start, end);
        if (t.get(0).isWord("lock")) return new AlterClause(Kind.LOCK, "", "", start, end);
        if (t.get(0).isWord("rename") && t.size() > 1) {
            if (t.get(1).isWord("column"))
                return new AlterClause(Kind.RENAME_COLUMN, t.size() > 2 ? name(t.get(2)) : "", "", start, end);
            if (t.get(1).isWord("index") || t.get(1).isWord("key")) return other(start, end);
            return new AlterClause(Kind.RENAME_TABLE, "", "", start, end);
        }
        if (t.get(0).isWord("modify") || change) {
            if (i < t.size() && t.get(i).isWord("column")) i++;
            if (i < t.size()
                    && t.get(i).isWord("if")
                    && i + 1 < t.size()
                    && t.get(i + 1).isWord("exists")) i += 2;
            if (i >= t.size()) return other(start, end);
            String name = name(t.get(i++));
            if (change) {
                if (i >= t.size()) return other(start, end);
                if (!name(t.get(i++)).equals(name)) return new AlterClause(Kind.RENAME_COLUMN, name, "", start, end);
            }
            return new AlterClause(Kind.MODIFY_COLUMN, name, rest(t, i), start, end);
        }
        if (!add && !drop || i >= t.size()) return other(start, end);
        Token what = t.get(i);
        if (what.isWord("index") || what.isWord("key") || what.isWord("unique")) {
            boolean unique = false;
            while (i < t.size()
                    && (t.get(i).isWord("index")
                            || t.get(i).isWord("key")
                            || t.get(i).isWord("unique"))) {
                unique |= t.get(i).isWord("unique");
                i++;
            }
            if (i >= t.size() || t.get(i).isSymbol("(")) return other(start, end); // unnamed: no match across shards
            String name = name(t.get(i));
            return add
                    ? new AlterClause(Kind.ADD_INDEX, name, (unique ? "unique " : "") + rest(t, i + 1), start, end)
                    : new AlterClause(Kind.DROP_INDEX, name, "", start, end);
        }
        if (what.isWord("column")) i++;
        if (i + 1 < t.size() && t.get(i).isWord("if") && t.get(i + 1).isWord("not")) i += 3; // IF NOT EXISTS
        if (i + 1 < t.size() && t.get(i).isWord("if") && t.get(i + 1).isWord("exists")) i += 2;
        if (i >= t.size() || t.get(i).isSymbol("(") || isReserved(t.get(i))) return other(start, end);
        String name = name(t.get(i));
        return add
                ? new AlterClause(Kind.ADD_COLUMN, name, rest(t, i + 1), start, end)
                : new AlterClause(Kind.DROP_COLUMN, name, "", start, end);
    }

    /** {@code CREATE [UNIQUE] INDEX name [USING ...] ON table (columns) ...}: defined as ALTER ... ADD INDEX would be. */
    static AlterClause createIndex(List<Token> t, String sql) {
        int i = indexOfWord(t, "index");
        int on = indexOfWord(t, "on");
        if (i < 0 || on < i + 2 || on + 1 >= t.size()) return other(0, sql.length());
        boolean unique = indexOfWord(t.subList(0, i), "unique") >= 0;
        int after = on + 2; // the table name, maybe qualified
        while (after + 1 < t.size() && t.get(after).isSymbol(".")) after += 2;
        return new AlterClause(
                Kind.ADD_INDEX, name(t.get(i + 1)), (unique ? "unique " : "") + rest(t, after), 0, sql.length());
    }

    /** {@code DROP INDEX name ON table}. */
    static AlterClause dropIndex(List<Token> t, String sql) {
        int i = indexOfWord(t, "index");
        if (i + 2 < t.size() && t.get(i + 1).isWord("if") && t.get(i + 2).isWord("exists")) i += 2;
        return i < 0 || i + 1 >= t.size()
                ? other(0, sql.length())
                : new AlterClause(Kind.DROP_INDEX, name(t.get(i + 1)), "", 0, sql.length());
    }

    private static String rest(List<Token> t, int from) {
        int end = t.size();
        while (end > from && t.get(end - 1).isSymbol(";")) end--;
        return DdlNormalizer.normalize(t.subList(Math.min(from, end), end));
    }

    private static int indexOfWord(List<Token> t, String word) {
        for (int i = 0; i < t.size(); i++) if (t.get(i).isWord(word)) return i;
        return -1;
    }

    private static boolean isReserved(Token t) {
        for (String w : List.of("primary", "constraint", "foreign", "fulltext", "spatial", "partition", "check")) {
            if (t.isWord(w)) return true;
        }
        return false;
    }

    private static String name(Token t) {
        return (t.isIdentifier() ? t.identifier() : t.text()).toLowerCase(Locale.ROOT);
    }

    private static AlterClause other(int start, int end) {
        return new AlterClause(Kind.OTHER, "", "", start, end);
    }
}
