package io.oscsync.udfs.name;

import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A DM-style name pattern: {@code *} matches any run of characters, {@code ?} exactly one,
 * {@code [a-z]} / {@code [!0-9]} one character of (not of) a set, as DM's rule selector reads
 * them; everything else is literal. Matching ignores case unless built case-sensitive, as DM
 * does by default.
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
        this.regex = translate(pattern);
        this.caseSensitive = caseSensitive;
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
        return pattern.indexOf('*') < 0
                && pattern.indexOf('?') < 0
                && !translate(pattern).contains("[");
    }

    private static String translate(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length() + 8);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                out.append(".*");
            } else if (c == '?') {
                out.append('.');
            } else if (c == '[' && pattern.indexOf(']', i + 1) > i + 1) {
                i = range(pattern, i, out);
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

    /**
     * {@code [...]} up to the first {@code ]}: members and {@code a-z} ranges, negated by a leading
     * {@code !}; a lone {@code [!]} is the character {@code !}. Returns the index of the {@code ]}.
     */
    private static int range(String pattern, int open, StringBuilder out) {
        int close = pattern.indexOf(']', open + 1);
        String body = pattern.substring(open + 1, close);
        boolean not = body.startsWith("!") && body.length() > 1;
        if (not) body = body.substring(1);
        out.append(not ? "[^" : "[");
        for (int k = 0; k < body.length(); k++) {
            char c = body.charAt(k);
            if (c == '-' && k > 0 && k + 1 < body.length()) {
                out.append('-');
            } else if (c == ',') {
                out.append("\\x2C");
            } else if (c < 128 && !Character.isLetterOrDigit(c)) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        out.append(']');
        return close;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Wildcard w && w.pattern.equals(pattern) && w.caseSensitive == caseSensitive;
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
