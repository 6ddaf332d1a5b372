package io.oscsync.udfs.ddl;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits MySQL text into tokens, exactly: strings, backquoted names and comments are
 * recognised so a keyword or a name inside them is never mistaken for part of the statement.
 * Comments are skipped (their bytes stay in the original text, between token offsets).
 * Executable comments ({@code /*! ... * /}, {@code /*M! ... * /}) are refused: their content
 * is SQL that the server may or may not run, so no rewrite can be sure of it.
 */
public final class MySqlLexer {
    private static final String[] OPERATORS = {
        "<=>", "->>", "<=", ">=", "<>", "!=", "<<", ">>", ":=", "||", "&&", "->", "@@"
    };

    private final String sql;
    private int pos;

    private MySqlLexer(String sql) {
        this.sql = sql;
    }

    public static List<Token> tokenize(String sql) {
        if (sql == null) {
            throw new UnsupportedDdlException(null, "no statement");
        }
        return new MySqlLexer(sql).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= sql.length()) {
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipSpaceAndComments() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#' || (c == '-' && sql.startsWith("--", pos) && dashCommentAt(pos + 2))) {
                int eol = sql.indexOf('\n', pos);
                pos = eol < 0 ? sql.length() : eol + 1;
            } else if (sql.startsWith("/*", pos)) {
                if (sql.startsWith("/*!", pos) || sql.startsWith("/*M!", pos)) {
                    throw new UnsupportedDdlException(sql, "executable comment at offset " + pos);
                }
                int close = sql.indexOf("*/", pos + 2);
                if (close < 0) {
                    throw new UnsupportedDdlException(sql, "unterminated comment at offset " + pos);
                }
                pos = close + 2;
            } else {
                return;
            }
        }
    }

    /** MySQL needs a space or control character after "--" (or the end of the text). */
    private boolean dashCommentAt(int after) {
        return after >= sql.length() || sql.charAt(after) <= ' ';
    }

    private Token next() {
        int start = pos;
        char c = sql.charAt(pos);
        if (c == '`') {
            return quoted(Token.Kind.QUOTED_ID, '`', false);
        }
        if (c == '\'' || c == '"') {
            return quoted(Token.Kind.STRING, c, true);
        }
        if (isWordChar(c)) {
            while (pos < sql.length() && isWordChar(sql.charAt(pos))) {
                pos++;
            }
            String text = sql.substring(start, pos);
            boolean digits = text.chars().allMatch(ch -> ch >= '0' && ch <= '9');
            return new Token(digits ? Token.Kind.NUMBER : Token.Kind.WORD, text, start, pos);
        }
        for (String op : OPERATORS) {
            if (sql.startsWith(op, pos)) {
                pos += op.length();
                return new Token(Token.Kind.SYMBOL, op, start, pos);
            }
        }
        pos++;
        return new Token(Token.Kind.SYMBOL, String.valueOf(c), start, pos);
    }

    /** A quoted run; the quote doubled is an escaped quote, and in strings so is a backslash escape. */
    private Token quoted(Token.Kind kind, char quote, boolean backslashEscapes) {
        int start = pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (backslashEscapes && c == '\\') {
                pos += 2;
            } else if (c == quote) {
                if (pos + 1 < sql.length() && sql.charAt(pos + 1) == quote) {
                    pos += 2;
                } else {
                    pos++;
                    return new Token(kind, sql.substring(start, pos), start, pos);
                }
            } else {
                pos++;
            }
        }
        throw new UnsupportedDdlException(sql, "unterminated " + quote + " quote at offset " + start);
    }

    /** Characters MySQL allows in an unquoted identifier (letters, digits, _, $ and non-ASCII). */
    static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '$'
                || c >= 0x80;
    }
}
