package io.oscsync.job.diff;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/** Identifiers: plain ones, MySQL keywords (reserved and not), odd characters, backticks. */
final class Names {
    /** Non-reserved keywords: legal bare names that a DDL reader must not take for syntax. */
    static final List<String> NON_RESERVED = List.of(
            "exchange",
            "status",
            "type",
            "comment",
            "data",
            "date",
            "time",
            "timestamp",
            "text",
            "year",
            "value",
            "action",
            "bit",
            "enum",
            "json",
            "first",
            "last",
            "after",
            "engine",
            "charset",
            "columns",
            "fields",
            "format",
            "hash",
            "host",
            "level",
            "mode",
            "name",
            "names",
            "offset",
            "password",
            "position",
            "rows",
            "session",
            "signed",
            "start",
            "storage",
            "system",
            "temporary",
            "user",
            "view",
            "zone",
            "generated",
            "virtual",
            "stored",
            "invisible",
            "visible",
            "algorithm",
            "lock",
            "copy",
            "inplace",
            "instant",
            "nowait",
            "rename",
            "truncate",
            "column_format",
            "key_block_size",
            "row_format");
    /** Reserved words: legal only quoted. */
    static final List<String> RESERVED = List.of(
            "select",
            "order",
            "group",
            "key",
            "index",
            "table",
            "from",
            "where",
            "desc",
            "interval",
            "range",
            "read",
            "rank",
            "condition",
            "limit",
            "check",
            "column",
            "default",
            "delete",
            "insert",
            "update",
            "values",
            "primary",
            "unique",
            "change",
            "add",
            "drop",
            "to",
            "as",
            "in",
            "by",
            "on",
            "constraint",
            "foreign",
            "references",
            "character",
            "collate",
            "like",
            "if",
            "not",
            "null",
            "set");

    static final List<String> ODD = List.of(
            "with space",
            "naïve",
            "日本語",
            "a-b",
            "a.b",
            "x$y",
            "Ünïcödé",
            "col#1",
            "semi;colon",
            "slash/",
            "percent%",
            "quote'd",
            "dq\"x",
            "tab\there",
            "Ελληνικά",
            "ümlaut space");
    static final List<String> BACKTICK = List.of("a`b", "``", "tick`", "`lead", "mid``dle");

    private Names() {}

    /** A column name that is new in {@code taken} (case-insensitively), kind of name drawn per the features. */
    static String column(SplittableRandom r, Set<Feature> f, Set<String> taken, String plain) {
        String candidate = switch (r.nextInt(8)) {
            case 0, 1 -> f.contains(Feature.KEYWORD_NAMES) ? pick(r, r.nextBoolean() ? NON_RESERVED : RESERVED) : null;
            case 2 -> f.contains(Feature.ODD_NAMES) ? pick(r, ODD) : null;
            case 3 -> f.contains(Feature.BACKTICK_NAMES) ? pick(r, BACKTICK) : null;
            default -> null;
        };
        return unique(candidate, plain, taken);
    }

    /** A table name of at most 40 characters (the tools' names add up to 20), never starting with '_'. */
    static String table(SplittableRandom r, Set<Feature> f, Set<String> taken, int index) {
        String plain = "t" + index;
        String candidate = switch (r.nextInt(6)) {
            case 0 -> f.contains(Feature.KEYWORD_NAMES) ? pick(r, r.nextBoolean() ? NON_RESERVED : RESERVED) : null;
            case 1 ->
                f.contains(Feature.ODD_NAMES) ? "t" + index + " " + pick(r, List.of("ü", "日本", "a-b", "x$y")) : null;
            default -> null;
        };
        return unique(candidate, plain, taken);
    }

    private static String unique(String candidate, String plain, Set<String> taken) {
        String name = candidate == null || taken.contains(candidate.toLowerCase(Locale.ROOT)) ? plain : candidate;
        taken.add(name.toLowerCase(Locale.ROOT));
        return name;
    }

    private static String pick(SplittableRandom r, List<String> list) {
        return list.get(r.nextInt(list.size()));
    }
}
