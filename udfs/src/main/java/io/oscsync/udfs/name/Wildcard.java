package io.oscsync.udfs.name;

import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A DM-style name pattern: {@code *} matches any run of characters, {@code ?} exactly one;
 * everything else is literal. Matching ignores case, as DM does by default ({@code case-sensitive:
 * false}); a case-sensitive pattern matches names exactly.
 */
public final class Wildcard implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String pattern;
    private final String regex;
    private final boolean caseSensitive;
    // Pattern is serializable, but rebuilding it keeps the serialized form small and stable.
    private transient Pattern compiled;

    private Wildcard(String pattern, boolean caseSensitive) {
        this.pattern = pattern;
        this.caseSensitive = caseSensitive;
        // Inline flag: the regex is also embedded in lists the CDC source compiles ignoring case.
        this.regex = caseSensitive ? "(?-i:" + translate(pattern) + ")" : translate(pattern);
    }

    public static Wildcard of(String pattern) {
        return of(pattern, false);
    }

    public static Wildcard of(String pattern, boolean caseSensitive) {
        Objects.requireNonNull(pattern, "pattern");
        return new Wildcard(pattern, caseSensitive);
    }

    public boolean matches(String name) {
        if (name == null) {
            return false;
        }
        if (compiled == null) {
            compiled = caseSensitive
                    ? Pattern.compile(regex)
                    : Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
        return compiled.matcher(name).matches();
    }

    /**
     * The equivalent Java regex body, without anchors. Metacharacters are escaped with
     * backslashes (never \Q..\E) and a comma is written as \x2C, because Flink CDC splits its
     * table list on commas before compiling each part.
     */
    public String toRegex() {
        return regex;
    }

    public String pattern() {
        return pattern;
    }

    /** True when the pattern has no wildcard, so it names exactly one thing. */
    public boolean isLiteral() {
        return pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
    }

    private static String translate(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length() + 8);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                out.append(".*");
            } else if (c == '?') {
                out.append('.');
            } else if (c == ',') {
                out.append("\\x2C");
            } else if (c < 128 && !Character.isLetterOrDigit(c) && c != '_') {
                // Java accepts a backslash before any non-letter, so this quotes every metacharacter.
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Wildcard w && w.pattern.equals(pattern) && w.caseSensitive == caseSensitive;
    }

    @Override
    public int hashCode() {
        return pattern.hashCode() * 31 + Boolean.hashCode(caseSensitive);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
