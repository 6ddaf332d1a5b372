package io.oscsync.udfs.name;

import java.util.Locale;
import java.util.Map;

/**
 * DM compiles its {@code ~} name patterns with Go's regexp (RE2 syntax). This rewrites one into a
 * Java regex with the same meaning, and refuses what Go refuses (lookarounds, backreferences,
 * possessive quantifiers) or reads differently from Java, so a pattern never quietly changes
 * meaning between the two engines.
 *
 * <p>In segment form the result matches within one name of a {@code schema.table} string (for
 * the CDC source's table list): anchors hold at the name's ends, {@code .} and negated classes
 * never match the separating dot, and the text holds no comma (Flink CDC splits its list on
 * commas), so a {@code {m,n}} repeat is widened to {@code *} or {@code +}; the exact pattern
 * decides afterwards.
 */
final class GoRegex {
    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alnum", "\\p{Alnum}"),
            Map.entry("alpha", "\\p{Alpha}"),
            Map.entry("ascii", "\\p{ASCII}"),
            Map.entry("blank", "\\p{Blank}"),
            Map.entry("cntrl", "\\p{Cntrl}"),
            Map.entry("digit", "\\p{Digit}"),
            Map.entry("graph", "\\p{Graph}"),
            Map.entry("lower", "\\p{Lower}"),
            Map.entry("print", "\\p{Print}"),
            Map.entry("punct", "\\p{Punct}"),
            Map.entry("space", "\\p{Space}"),
            Map.entry("upper", "\\p{Upper}"),
            Map.entry("word", "\\w"),
            Map.entry("xdigit", "\\p{XDigit}"));

    private final String re;
    private final boolean segment;
    private final StringBuilder out = new StringBuilder();
    private int i;

    private GoRegex(String re, boolean segment) {
        this.re = re;
        this.segment = segment;
    }

    /** The Java regex that finds what Go's finds in a name. */
    static String toJava(String goRegex) {
        return new GoRegex(goRegex, false).translate();
    }

    /** A Java regex body that matches a whole name (no dot, no comma) in which the Go regex finds a match. */
    static String toSegment(String goRegex) {
        return "[^.]*?(?:" + new GoRegex(goRegex, true).translate() + ")[^.]*";
    }

    private String translate() {
        while (i < re.length()) {
            char c = re.charAt(i++);
            switch (c) {
                case '\\' -> escape(false);
                case '[' -> charClass();
                case '(' -> group();
                case '{' -> brace();
                case '*', '+', '?' -> repeat();
                case '.' -> out.append(segment ? "[^.]" : ".");
                case '^' -> out.append(segment ? "(?<![^.])" : "^");
                case '$' -> out.append(segment ? "(?![^.])" : "$");
                case ',' -> out.append(segment ? "\\x2C" : ",");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** After a repeat operator: a lazy {@code ?} is the same in both; a possessive {@code +} Go refuses. */
    private void repeat() {
        out.append(re.charAt(i - 1));
        if (i < re.length() && re.charAt(i) == '?') {
            out.append(re.charAt(i++));
        } else if (i < re.length() && re.charAt(i) == '+') {
            throw refused("a possessive quantifier (" + re.charAt(i - 1) + "+)");
        }
    }

    /** {@code {m}}, {@code {m,}}, {@code {m,n}} repeat in Go; any other brace is a literal there. */
    private void brace() {
        int close = re.indexOf('}', i);
        String body = close < 0 ? "" : re.substring(i, close);
        if (!body.matches("\\d+(,\\d*)?")) {
            out.append("\\{");
            return;
        }
        i = close + 1;
        if (segment && body.contains(",")) {
            out.append(body.startsWith("0,") ? "*" : "+");
        } else {
            out.append('{').append(body).append('}');
        }
        if (i < re.length() && re.charAt(i) == '?') out.append(re.charAt(i++));
        else if (i < re.length() && re.charAt(i) == '+') throw refused("a possessive quantifier (}+)");
    }

    private void group() {
        if (i >= re.length() || re.charAt(i) != '?') {
            out.append('(');
            return;
        }
        String rest = re.substring(i);
        if (rest.startsWith("?P<") || rest.startsWith("?<") && !rest.startsWith("?<=") && !rest.startsWith("?<!")) {
            // A named group: names do not change what matches, and two patterns may use the same one.
            int close = re.indexOf('>', i);
            if (close < 0) throw refused("an unclosed group name");
            i = close + 1;
            out.append("(?:");
            return;
        }
        if (rest.startsWith("?=") || rest.startsWith("?!") || rest.startsWith("?<") || rest.startsWith("?>")) {
            throw refused("a lookaround or atomic group (" + re.substring(i - 1, Math.min(re.length(), i + 3)) + ")");
        }
        // Flags: Go knows i, m, s and U; U (ungreedy) means something else in Java.
        int j = i + 1;
        while (j < re.length() && "imsU-".indexOf(re.charAt(j)) >= 0) j++;
        if (j >= re.length() || (re.charAt(j) != ')' && re.charAt(j) != ':')) {
            throw refused("the group syntax (" + re.substring(i - 1, Math.min(re.length(), j + 1)) + ")");
        }
        String flags = re.substring(i + 1, j);
        if (flags.indexOf('U') >= 0) throw refused("the U (ungreedy) flag");
        out.append("(?").append(flags).append(re.charAt(j));
        i = j + 1;
    }

    private void escape(boolean inClass) {
        if (i >= re.length()) throw refused("a trailing backslash");
        char c = re.charAt(i++);
        if (c >= '0' && c <= '9') throw refused("a backreference or octal escape (\\" + c + "); write \\x{..}");
        if (!Character.isLetter(c)) {
            out.append('\\').append(c);
            return;
        }
        switch (c) {
            case 'd', 's', 'w', 'a', 'f', 't', 'n', 'r' -> out.append('\\').append(c);
            case 'v' -> out.append("\\x0B"); // a character in Go, a class in Java
            case 'D', 'S', 'W' -> negated("\\" + c, inClass);
            case 'b', 'B', 'A', 'z' -> {
                if (inClass) throw refused("\\" + c + " inside [...]");
                if (segment && c == 'A') out.append("(?<![^.])");
                else if (segment && c == 'z') out.append("(?![^.])");
                else out.append('\\').append(c);
            }
            case 'x' -> {
                if (i < re.length() && re.charAt(i) == '{') {
                    int close = re.indexOf('}', i);
                    if (close < 0) throw refused("an unclosed \\x{");
                    out.append("\\x").append(re, i, close + 1);
                    i = close + 1;
                } else {
                    if (i + 2 > re.length()) throw refused("a short \\x escape");
                    out.append("\\x").append(re, i, i + 2);
                    i += 2;
                }
            }
            case 'p', 'P' -> {
                String name;
                if (i < re.length() && re.charAt(i) == '{') {
                    int close = re.indexOf('}', i);
                    if (close < 0) throw refused("an unclosed \\" + c + "{");
                    name = re.substring(i + 1, close);
                    i = close + 1;
                } else {
                    if (i >= re.length()) throw refused("a bare \\" + c);
                    name = String.valueOf(re.charAt(i++));
                }
                boolean negated = c == 'P';
                if (name.startsWith("^")) {
                    negated = !negated;
                    name = name.substring(1);
                }
                // Go names general categories (L, Lu) and scripts (Greek); Java wants Is before a script.
                String javaName = name.length() <= 2 ? name : "Is" + name;
                if (negated) negated("\\P{" + javaName + "}", inClass);
                else out.append("\\p{").append(javaName).append('}');
            }
            case 'Q' -> {
                int end = re.indexOf("\\E", i);
                String literal = end < 0 ? re.substring(i) : re.substring(i, end);
                i = end < 0 ? re.length() : end + 2;
                for (char l : literal.toCharArray()) {
                    if (l == ',' && segment) out.append("\\x2C");
                    else if (Character.isLetterOrDigit(l) || l == '_' || l > 127) out.append(l);
                    else out.append('\\').append(l);
                }
            }
            default -> throw refused("\\" + c + " (not an escape Go's regular expressions know)");
        }
    }

    /** A negated class; in segment form it must not match the dot between schema and table. */
    private void negated(String javaClass, boolean inClass) {
        out.append(segment && !inClass ? "[" + javaClass + "&&[^.]]" : javaClass);
    }

    /** {@code [...]}: Go reads {@code [} and {@code &&} inside literally and a leading {@code ]} as a member. */
    private void charClass() {
        out.append('[');
        boolean negatedClass = i < re.length() && re.charAt(i) == '^';
        if (negatedClass) {
            out.append('^');
            i++;
            if (segment) out.append('.');
        }
        boolean first = true;
        while (true) {
            if (i >= re.length()) throw refused("an unclosed [");
            char c = re.charAt(i++);
            if (c == ']' && !first) break;
            first = false;
            if (c == '\\') {
                escape(true);
            } else if (c == '[' && re.startsWith(":", i)) {
                int close = re.indexOf(":]", i + 1);
                if (close < 0) throw refused("an unclosed [:class:]");
                String name = re.substring(i + 1, close);
                boolean not = name.startsWith("^");
                String java = POSIX.get(not ? name.substring(1) : name);
                if (java == null) throw refused("the class [:" + name + ":]");
                out.append(not ? java.replace("\\p", "\\P").replace("\\w", "\\W") : java);
                i = close + 2;
            } else if (c == ',' && segment) {
                out.append("\\x2C");
            } else if (c == '[' || c == '&' || c == ']') {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        out.append(']');
    }

    private IllegalArgumentException refused(String what) {
        return new IllegalArgumentException("regular expression '" + re + "' uses " + what
                + ", which DM's (Go) regular expressions do not accept or read differently");
    }

    /** DM lowercases a pattern when matching ignores case, so an upper-case escape changes meaning there. */
    static void checkLowercasable(String goRegex) {
        for (int k = 0; k + 1 < goRegex.length(); k++) {
            if (goRegex.charAt(k) == '\\') {
                char next = goRegex.charAt(k + 1);
                if (Character.isUpperCase(next)) {
                    throw new IllegalArgumentException("regular expression '" + goRegex + "' has \\" + next
                            + ": with case-sensitive false (the default) DM lowercases the pattern, so it would mean \\"
                            + Character.toLowerCase(next) + " there; write it without upper-case escapes (e.g. [^0-9] "
                            + "for \\D) or set case-sensitive: true");
                }
                k++;
            }
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
