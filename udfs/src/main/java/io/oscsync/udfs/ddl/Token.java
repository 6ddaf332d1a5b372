package io.oscsync.udfs.ddl;

import java.io.Serializable;
import java.util.Locale;

/**
 * One lexical token of MySQL text; {@code start}/{@code end} are offsets into the original
 * string, so a rewrite can replace exactly these characters and keep everything else.
 */
public record Token(Kind kind, String text, int start, int end) implements Serializable {

    public enum Kind {
        /** Keyword or unquoted identifier: the grammar decides which. */
        WORD,
        /** `backquoted identifier`. */
        QUOTED_ID,
        /** 'single' or "double" quoted string literal. */
        STRING,
        /** A run of decimal digits. */
        NUMBER,
        /** Punctuation and operators. */
        SYMBOL
    }

    /** True for an unquoted word equal to {@code keyword}, ignoring case. */
    public boolean isWord(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    public boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** Words and backquoted names can name a table; keywords too, as MySQL only stops reserved ones. */
    public boolean isIdentifier() {
        return kind == Kind.WORD || kind == Kind.QUOTED_ID;
    }

    /** The identifier's value: backquotes removed and doubled backquotes undone. */
    public String identifier() {
        if (kind == Kind.QUOTED_ID) {
            return text.substring(1, text.length() - 1).replace("``", "`");
        }
        return text;
    }

    public String lowerText() {
        return text.toLowerCase(Locale.ROOT);
    }
}
