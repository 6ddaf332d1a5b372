package io.oscsync.job.shard;

import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.ddl.MySqlLexer;
import io.oscsync.udfs.ddl.Token;

import java.util.List;
import java.util.Locale;

/**
 * One ALTER clause (or CREATE/DROP INDEX statement) by what it does, to which column or index,
 * and the definition it gives it, in canonical form so two shards' texts compare.
 *
 * @param definition the normalised definition after the name (type, options, position; for an
 *                   index its kind and columns); {@link OptimisticSchema#ABSENT} for a drop
 * @param statement  the statement to run downstream, in target names
 */
public record SchemaChange(Kind kind, String name, String definition, String statement) {
    public enum Kind {
        ADD_COLUMN("column"), MODIFY_COLUMN("column"), DROP_COLUMN("column"),
        ADD_INDEX("index"), DROP_INDEX("index"), OTHER("");

        final String what;

        Kind(String what) {
            this.what = what;
        }
    }

    /** The column or index it is about, e.g. {@code column c}. */
    public String key() {
        return kind.what + " " + name;
    }

    boolean isDrop() {
        return kind == Kind.DROP_COLUMN || kind == Kind.DROP_INDEX;
    }

    /** @param statement a single-clause ALTER TABLE, or a CREATE/DROP INDEX */
    public static SchemaChange parse(String statement) {
        DdlStatement stmt = DdlStatement.parse(statement);
        return switch (stmt.kind()) {
            case CREATE_INDEX -> createIndex(statement);
            case DROP_INDEX -> {
                List<Token> t = MySqlLexer.tokenize(statement);
                int i = indexOfWord(t, "index");
                yield i < 0 || i + 1 >= t.size() ? other(statement)
                        : new SchemaChange(Kind.DROP_INDEX, name(t.get(i + 1)), OptimisticSchema.ABSENT, statement);
            }
            case ALTER_TABLE -> stmt.clauses().size() == 1 ? ofClause(stmt.clauses().get(0), statement) : other(statement);
            default -> other(statement);
        };
    }

    private static SchemaChange ofClause(List<Token> t, String statement) {
        if (t.isEmpty()) return other(statement);
        int i = 1;
        boolean add = t.get(0).isWord("add");
        boolean drop = t.get(0).isWord("drop");
        boolean change = t.get(0).isWord("change");
        if (t.get(0).isWord("modify") || change) {
            if (i < t.size() && t.get(i).isWord("column")) i++;
            if (i >= t.size()) return other(statement);
            String name = name(t.get(i++));
            // CHANGE old new: a rename cannot be merged column by column; the same name is a MODIFY.
            if (change && (i >= t.size() || !name(t.get(i++)).equals(name))) return other(statement);
            return new SchemaChange(Kind.MODIFY_COLUMN, name, rest(t, i), statement);
        }
        if (!add && !drop || i >= t.size()) return other(statement);
        Token what = t.get(i);
        if (what.isWord("index") || what.isWord("key") || what.isWord("unique")) {
            boolean unique = false;
            while (i < t.size() && (t.get(i).isWord("index") || t.get(i).isWord("key") || t.get(i).isWord("unique"))) {
                unique |= t.get(i).isWord("unique");
                i++;
            }
            if (i >= t.size() || t.get(i).isSymbol("(")) return other(statement); // unnamed: no match across shards
            String name = name(t.get(i));
            return add ? new SchemaChange(Kind.ADD_INDEX, name, (unique ? "unique " : "") + rest(t, i + 1), statement)
                    : new SchemaChange(Kind.DROP_INDEX, name, OptimisticSchema.ABSENT, statement);
        }
        if (what.isWord("column")) i++;
        if (i >= t.size() || t.get(i).isSymbol("(") || isReserved(t.get(i))) return other(statement);
        String name = name(t.get(i));
        return add ? new SchemaChange(Kind.ADD_COLUMN, name, rest(t, i + 1), statement)
                : new SchemaChange(Kind.DROP_COLUMN, name, OptimisticSchema.ABSENT, statement);
    }

    /** {@code CREATE [UNIQUE] INDEX name [USING ...] ON table (columns) ...}: defined as ALTER ... ADD INDEX would be. */
    private static SchemaChange createIndex(String statement) {
        List<Token> t = MySqlLexer.tokenize(statement);
        int i = indexOfWord(t, "index");
        int on = indexOfWord(t, "on");
        if (i < 0 || on < i + 2 || on + 1 >= t.size()) return other(statement);
        boolean unique = indexOfWord(t.subList(0, i), "unique") >= 0;
        int after = on + 2; // the table name, maybe qualified
        while (after + 1 < t.size() && t.get(after).isSymbol(".")) after += 2;
        List<Token> def = t.subList(after, t.size());
        return new SchemaChange(Kind.ADD_INDEX, name(t.get(i + 1)), (unique ? "unique " : "")
                + DdlStatement.normalize(def), statement);
    }

    private static String rest(List<Token> t, int from) {
        return DdlStatement.normalize(t.subList(Math.min(from, t.size()), t.size()));
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

    private static SchemaChange other(String statement) {
        return new SchemaChange(Kind.OTHER, "", "", statement);
    }
}
