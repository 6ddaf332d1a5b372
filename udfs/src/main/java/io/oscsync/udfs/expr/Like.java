package io.oscsync.udfs.expr;

import java.util.regex.Pattern;

/** LIKE patterns as regular expressions: % any run, _ one character, the escape character quotes the next. */
final class Like {
    private Like() {}

    static Pattern toRegex(String like, char escape) {
        StringBuilder re = new StringBuilder(like.length() + 8);
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == escape && i + 1 < like.length()) {
                re.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        // Case-sensitive, as DM compares (binary collation).
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
