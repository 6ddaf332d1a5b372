package io.oscsync.udfs.ddl;

import java.util.List;
import java.util.Set;

/** Reads a token list front to back for {@link DdlParser}; trailing semicolons are not part of it. */
final class TokenCursor {
    /**
     * Reserved words that can never be an unquoted table name: seeing one means we misread.
     * Not DATABASE or SCHEMA: MySQL reserves them, but MariaDB takes them as bare names.
     */
    private static final Set<String> RESERVED = Set.of(
            "add",
            "alter",
            "and",
            "as",
            "by",
            "cascade",
            "change",
            "column",
            "constraint",
            "create",
            "default",
            "drop",
            "exists",
            "foreign",
            "from",
            "if",
            "index",
            "key",
            "like",
            "not",
            "on",
            "or",
            "primary",
            "references",
            "rename",
            "restrict",
            "select",
            "set",
            "table",
            "to",
            "unique",
            "using",
            "values",
            "where",
            "with");

    final String sql;
    private final List<Token> tokens;
    private final int limit;
    private int pos;

    TokenCursor(String sql, List<Token> tokens) {
        this.sql = sql;
        this.tokens = tokens;
        int end = tokens.size();
        while (end > 0 && tokens.get(end - 1).isSymbol(";")) {
            end--;
        }
        this.limit = end;
    }

    List<Token> tokens() {
        return tokens;
    }

    boolean atEnd() {
        return pos >= limit;
    }

    Token peek() {
        return peek(0);
    }

    /** The token {@code ahead} places on, or null past the end. */
    Token peek(int ahead) {
        return pos + ahead < limit ? tokens.get(pos + ahead) : null;
    }

    /** Consumes one token; a semicolon inside the statement means several statements: refused. */
    Token next() {
        if (atEnd()) {
            throw fail("statement ends too early");
        }
        Token t = tokens.get(pos++);
        if (t.isSymbol(";")) {
            throw fail("more than one statement");
        }
        return t;
    }

    boolean peekWord(int ahead, String... words) {
        Token t = peek(ahead);
        if (t != null) {
            for (String w : words) {
                if (t.isWord(w)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Consumes the words if the next tokens are exactly these words, in order. */
    boolean acceptWords(String... words) {
        for (int i = 0; i < words.length; i++) {
            if (!peekWord(i, words[i])) {
                return false;
            }
        }
        pos += words.length;
        return true;
    }

    /** Consumes the next token if it is one of these words; returns it, or null. */
    Token acceptAnyWord(String... words) {
        for (String w : words) {
            if (peekWord(0, w)) {
                return next();
            }
        }
        return null;
    }

    boolean acceptSymbol(String symbol) {
        Token t = peek();
        if (t != null && t.isSymbol(symbol)) {
            pos++;
            return true;
        }
        return false;
    }

    void expectWord(String word) {
        if (!acceptWords(word)) {
            throw fail("expected " + word.toUpperCase() + " but found " + describe(peek()));
        }
    }

    void expectSymbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw fail("expected '" + symbol + "' but found " + describe(peek()));
        }
    }

    void expectEnd() {
        if (!atEnd()) {
            throw fail("did not understand " + describe(peek()));
        }
    }

    /** One identifier (bare or backquoted), e.g. an index or database name. */
    Token identifier(String what) {
        Token t = peek();
        if (t == null || !t.isIdentifier() || (t.kind() == Token.Kind.WORD && RESERVED.contains(t.lowerText()))) {
            throw fail("expected " + what + " name but found " + describe(t));
        }
        return next();
    }

    /** A possibly schema-qualified name: {@code name} or {@code schema.name}. */
    NameRef qualifiedName(String what) {
        Token first = identifier(what);
        Token dot = peek();
        Token second = peek(1);
        if (dot != null && dot.isSymbol(".")) {
            if (second == null || !second.isIdentifier()) {
                throw fail("expected " + what + " name after '.' but found " + describe(second));
            }
            pos += 2;
            return new NameRef(first.start(), second.end(), first.identifier(), second.identifier());
        }
        return new NameRef(first.start(), first.end(), null, first.identifier());
    }

    UnsupportedDdlException fail(String problem) {
        return new UnsupportedDdlException(sql, problem);
    }

    static String describe(Token t) {
        return t == null ? "the end of the statement" : "'" + t.text() + "' at offset " + t.start();
    }
}
