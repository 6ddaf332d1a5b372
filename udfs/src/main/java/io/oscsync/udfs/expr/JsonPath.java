package io.oscsync.udfs.expr;

import java.util.ArrayList;
import java.util.List;

/** A MySQL JSON path without wildcards: $, .key, ."quoted key", [n]. Steps are String keys or Integer indexes. */
final class JsonPath {
    private JsonPath() {}

    static List<Object> parse(String path) {
        String p = path.trim();
        if (!p.startsWith("$")) throw new ExpressionException("invalid JSON path " + path + ": must start with $");
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '.') {
                i++;
                if (i < p.length() && p.charAt(i) == '"') {
                    int end = p.indexOf('"', i + 1);
                    if (end < 0) throw new ExpressionException("invalid JSON path " + path);
                    steps.add(p.substring(i + 1, end));
                    i = end + 1;
                } else {
                    int start = i;
                    while (i < p.length() && p.charAt(i) != '.' && p.charAt(i) != '[') i++;
                    String key = p.substring(start, i);
                    if (key.isEmpty() || key.contains("*")) {
                        throw new ExpressionException("not supported: JSON path " + path + " (wildcards)");
                    }
                    steps.add(key);
                }
            } else if (c == '[') {
                int end = p.indexOf(']', i);
                if (end < 0) throw new ExpressionException("invalid JSON path " + path);
                try {
                    steps.add(Integer.parseInt(p.substring(i + 1, end).trim()));
                } catch (NumberFormatException e) {
                    throw new ExpressionException("not supported: JSON path " + path + " (only [n] indexes)");
                }
                i = end + 1;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                throw new ExpressionException("invalid JSON path " + path);
            }
        }
        return steps;
    }
}
