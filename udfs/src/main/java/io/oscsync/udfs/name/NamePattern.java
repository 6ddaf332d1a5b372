package io.oscsync.udfs.name;

import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A schema or table name pattern as DM's block-allow list and routes read it: {@code ~} followed
 * by a regular expression that matches when it is found anywhere in the name (Go's MatchString,
 * so anchor it with {@code ^...$} to match whole names), otherwise a {@link Wildcard} whose
 * {@code *} may only end the pattern. Both ignore case unless built case-sensitive; DM then
 * lowercases the pattern as well as the name.
 */
public final class NamePattern implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String pattern;
    private final boolean caseSensitive;
    private final Wildcard wildcard;
    private final String javaRegex;
    private transient Pattern compiled;

    private NamePattern(String pattern, boolean caseSensitive) {
        this.pattern = pattern;
        this.caseSensitive = caseSensitive;
        if (isRegex(pattern)) {
            String re = pattern.substring(1);
            if (!caseSensitive) {
                GoRegex.checkLowercasable(re);
                re = GoRegex.lower(re);
            }
            this.wildcard = null;
            this.javaRegex = GoRegex.toJava(re);
            try {
                compile();
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "invalid regular expression '" + pattern + "': " + e.getDescription(), e);
            }
        } else {
            int star = pattern.indexOf('*');
            if (star >= 0 && star < pattern.length() - 1) {
                throw new IllegalArgumentException("pattern '" + pattern + "': DM allows * only at the end of a "
                        + "pattern; write a regular expression instead, e.g. '~^" + pattern.replace("*", ".*") + "$'");
            }
            this.wildcard = Wildcard.of(pattern, caseSensitive);
            this.javaRegex = null;
        }
    }

    /** @throws IllegalArgumentException for a pattern DM refuses, saying why */
    public static NamePattern of(String pattern, boolean caseSensitive) {
        Objects.requireNonNull(pattern, "pattern");
        return new NamePattern(pattern, caseSensitive);
    }

    public static boolean isRegex(String pattern) {
        return pattern.startsWith("~");
    }

    public boolean matches(String name) {
        if (name == null) return false;
        if (wildcard != null) return wildcard.matches(name);
        if (compiled == null) compile();
        return compiled.matcher(caseSensitive ? name : GoRegex.lower(name)).find();
    }

    /**
     * A regex body matching every name this pattern matches, for the CDC source's table list,
     * which is compiled case-insensitively and split on commas: a wildcard exactly, a regular
     * expression possibly wider (see {@link GoRegex}); callers check {@link #matches} afterwards.
     */
    public String toRegex() {
        if (wildcard != null) return wildcard.toRegex();
        String re = pattern.substring(1);
        return GoRegex.toSegment(caseSensitive ? re : GoRegex.lower(re));
    }

    /**
     * True when {@link #toRegex}, compiled case-insensitively, matches exactly the names
     * {@link #matches} does (names hold no dot): not for case-sensitive patterns, nor for a
     * widened {@code {m,n}} repeat. Only an exact pattern may exclude names from the table list.
     */
    public boolean toRegexIsExact() {
        return !caseSensitive && (wildcard != null || !pattern.matches("(?s).*\\{\\d+,\\d*}.*"));
    }

    public String pattern() {
        return pattern;
    }

    private void compile() {
        compiled = caseSensitive
                ? Pattern.compile(javaRegex)
                : Pattern.compile(javaRegex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamePattern p && p.pattern.equals(pattern) && p.caseSensitive == caseSensitive;
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
