package io.oscsync.job.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a PromQL expression reads: its series selectors (metric name and the labels it matches on)
 * and the labels it groups or joins by. Enough of PromQL for dashboard queries: functions,
 * aggregations with {@code by}/{@code without}, binary operators with {@code on}/{@code ignoring},
 * ranges and Grafana's {@code $variables}. Not a validator: a malformed expression may parse.
 */
public final class PromQl {
    /** Aggregation operators: names that are never metrics even when not followed by a parenthesis. */
    private static final Set<String> AGGREGATIONS = Set.of(
            "sum",
            "min",
            "max",
            "avg",
            "group",
            "stddev",
            "stdvar",
            "count",
            "count_values",
            "bottomk",
            "topk",
            "quantile",
            "limitk",
            "limit_ratio");
    /** Keywords whose parenthesised list names labels. */
    private static final Set<String> LABEL_LISTS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private static final Set<String> KEYWORDS = Set.of("bool", "and", "or", "unless", "offset", "inf", "nan");

    /** A series selector: {@code metric{label="v", ...}}. */
    public record Selector(String metric, Set<String> labels) {}

    /** @param groupingLabels labels named in by/without/on/ignoring/group_left/group_right */
    public record Query(List<Selector> selectors, Set<String> groupingLabels) {
        public Set<String> metrics() {
            Set<String> names = new LinkedHashSet<>();
            for (Selector s : selectors) names.add(s.metric());
            return names;
        }
    }

    private final String text;
    private int pos;

    private PromQl(String text) {
        this.text = text;
    }

    public static Query parse(String expr) {
        return new PromQl(expr).query();
    }

    private Query query() {
        List<Selector> selectors = new ArrayList<>();
        Set<String> grouping = new LinkedHashSet<>();
        while (true) {
            skipNoise();
            if (pos >= text.length()) break;
            char c = text.charAt(pos);
            if (identStart(c)) {
                String word = ident();
                skipSpaces();
                boolean paren = peek('(');
                if (LABEL_LISTS.contains(word)) {
                    if (paren) grouping.addAll(labelList());
                } else if (peek('{')) {
                    selectors.add(selector(word));
                } else if (!paren && !AGGREGATIONS.contains(word) && !KEYWORDS.contains(word)) {
                    selectors.add(new Selector(word, Set.of()));
                } // else a function or aggregation call, or a keyword
            } else if (c == '{') {
                Selector s = selector(null);
                if (s.metric() != null) selectors.add(s);
            } else {
                pos++;
            }
        }
        return new Query(List.copyOf(selectors), Set.copyOf(grouping));
    }

    /** At '{': the matchers; a metric named by {@code __name__="x"} when {@code metric} is null. */
    private Selector selector(String metric) {
        pos++; // {
        Set<String> labels = new LinkedHashSet<>();
        while (pos < text.length() && text.charAt(pos) != '}') {
            char c = text.charAt(pos);
            if (identStart(c)) {
                String label = ident();
                skipSpaces();
                while (pos < text.length() && "=!~".indexOf(text.charAt(pos)) >= 0) pos++;
                skipSpaces();
                String value = string();
                if (label.equals("__name__") && metric == null) metric = value;
                else labels.add(label);
            } else {
                pos++;
            }
        }
        pos++; // }
        return new Selector(metric, Set.copyOf(labels));
    }

    /** At '(': the label names up to ')'. */
    private List<String> labelList() {
        pos++;
        List<String> labels = new ArrayList<>();
        while (pos < text.length() && text.charAt(pos) != ')') {
            if (identStart(text.charAt(pos))) labels.add(ident());
            else pos++;
        }
        pos++;
        return labels;
    }

    /** Skips what names nothing: spaces, strings, ranges and subqueries, numbers and durations, $variables. */
    private void skipNoise() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '"' || c == '\'' || c == '`') {
                string();
            } else if (c == '[') {
                int end = text.indexOf(']', pos);
                pos = end < 0 ? text.length() : end + 1;
            } else if (Character.isDigit(c)
                    || (c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.'))
                    pos++;
            } else if (c == '$') {
                pos++;
                if (peek('{')) {
                    int end = text.indexOf('}', pos);
                    pos = end < 0 ? text.length() : end + 1;
                } else {
                    while (pos < text.length() && identPart(text.charAt(pos))) pos++;
                }
            } else if (c == '#') { // a comment to the end of the line
                while (pos < text.length() && text.charAt(pos) != '\n') pos++;
            } else {
                return;
            }
        }
    }

    /** At a quote: the string's content (escapes kept as written), or "" when not at a quote. */
    private String string() {
        if (pos >= text.length()) return "";
        char quote = text.charAt(pos);
        if (quote != '"' && quote != '\'' && quote != '`') return "";
        StringBuilder s = new StringBuilder();
        pos++;
        while (pos < text.length() && text.charAt(pos) != quote) {
            if (text.charAt(pos) == '\\' && quote != '`' && pos + 1 < text.length()) s.append(text.charAt(pos++));
            s.append(text.charAt(pos++));
        }
        pos++;
        return s.toString();
    }

    private String ident() {
        int start = pos;
        while (pos < text.length() && identPart(text.charAt(pos))) pos++;
        return text.substring(start, pos);
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private static boolean identStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean identPart(char c) {
        return identStart(c) || Character.isDigit(c);
    }
}
