package io.oscsync.udfs.ddl;

import java.util.Set;

/**
 * Recognises statements about objects osc-sync does not replicate (triggers, views, stored
 * routines, events), after their verb: {@code CREATE DEFINER=`u`@`h` TRIGGER ...}.
 */
final class IgnoredObjects {
    private static final Set<String> OBJECTS = Set.of("trigger", "view", "procedure", "function", "event");
    /** What may stand between the verb and the object word (DEFINER=, ALGORITHM=, SQL SECURITY ...). */
    private static final Set<String> PREFIX_WORDS = Set.of(
            "definer",
            "current_user",
            "algorithm",
            "undefined",
            "merge",
            "temptable",
            "sql",
            "security",
            "invoker",
            "aggregate",
            "or",
            "replace");

    private IgnoredObjects() {}

    /** The object word (lower case) if one follows after an allowed prefix, else null. */
    static String objectAhead(TokenCursor c) {
        Token previous = null;
        for (int i = 0; c.peek(i) != null; i++) {
            Token t = c.peek(i);
            if (t.kind() == Token.Kind.WORD && OBJECTS.contains(t.lowerText())) {
                return t.lowerText();
            }
            // A user name (after = or @) may be any word; other words must be known prefix words.
            boolean userOrValue = previous != null && (previous.isSymbol("=") || previous.isSymbol("@"));
            boolean prefix = t.kind() != Token.Kind.WORD
                    ? t.kind() != Token.Kind.NUMBER
                    : userOrValue || PREFIX_WORDS.contains(t.lowerText());
            if (!prefix) {
                return null;
            }
            previous = t;
        }
        return null;
    }
}
