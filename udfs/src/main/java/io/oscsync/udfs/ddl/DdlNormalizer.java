package io.oscsync.udfs.ddl;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Canonical text for comparing two statements (e.g. the same DDL reached by two shards):
 * comments dropped, one space between tokens except around {@code . ( ) ,} where there is
 * none (after a comma, one), words and identifiers in lower case, backquotes kept only where an
 * identifier needs them, string literals verbatim, no trailing semicolon.
 */
final class DdlNormalizer {
    /** Reserved words that keep their backquotes when used as a name. */
    private static final Set<String> RESERVED = Set.of(
            "add",
            "all",
            "alter",
            "and",
            "as",
            "asc",
            "between",
            "by",
            "cascade",
            "change",
            "check",
            "column",
            "constraint",
            "create",
            "database",
            "default",
            "delete",
            "desc",
            "distinct",
            "drop",
            "exists",
            "foreign",
            "from",
            "group",
            "having",
            "if",
            "in",
            "index",
            "insert",
            "interval",
            "into",
            "is",
            "key",
            "keys",
            "like",
            "limit",
            "not",
            "null",
            "on",
            "or",
            "order",
            "primary",
            "references",
            "rename",
            "replace",
            "restrict",
            "schema",
            "select",
            "set",
            "table",
            "to",
            "trigger",
            "union",
            "unique",
            "update",
            "using",
            "values",
            "where",
            "with");

    private DdlNormalizer() {}

    static String normalize(List<Token> tokens) {
        int end = tokens.size();
        while (end > 0 && tokens.get(end - 1).isSymbol(";")) {
            end--;
        }
        StringBuilder out = new StringBuilder();
        Token previous = null;
        for (Token t : tokens.subList(0, end)) {
            if (previous != null && spaceBetween(previous, t)) {
                out.append(' ');
            }
            out.append(render(t));
            previous = t;
        }
        return out.toString();
    }

    private static boolean spaceBetween(Token left, Token right) {
        if (right.isSymbol(",") || right.isSymbol(")") || right.isSymbol(".") || right.isSymbol("(")) {
            return false;
        }
        return !(left.isSymbol("(") || left.isSymbol("."));
    }

    private static String render(Token t) {
        return switch (t.kind()) {
            case WORD -> t.lowerText();
            case QUOTED_ID -> {
                String name = t.identifier().toLowerCase(Locale.ROOT);
                yield needsQuotes(name) ? "`" + name.replace("`", "``") + "`" : name;
            }
            default -> t.text();
        };
    }

    private static boolean needsQuotes(String name) {
        if (name.isEmpty() || RESERVED.contains(name) || name.chars().allMatch(Character::isDigit)) {
            return true;
        }
        return !name.chars().allMatch(ch -> ch < 128 && MySqlLexer.isWordChar((char) ch));
    }
}
