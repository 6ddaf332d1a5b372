package io.oscsync.job.diff;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A MySQL column type the generator declares and fills: every type of {@code TypesIT.TABLE},
 * with its parameters (width, precision, fsp, members, charset), and SQL literals for it that
 * reach its limits: extremes, multi-byte and binary text, zero dates when allowed, large values.
 */
final class ColumnType {
    enum Kind {
        TINYINT,
        SMALLINT,
        MEDIUMINT,
        INT,
        BIGINT,
        DECIMAL,
        FLOAT,
        DOUBLE,
        DATE,
        TIME,
        DATETIME,
        TIMESTAMP,
        YEAR,
        CHAR,
        VARCHAR,
        TINYTEXT,
        TEXT,
        MEDIUMTEXT,
        LONGTEXT,
        BINARY,
        VARBINARY,
        TINYBLOB,
        BLOB,
        MEDIUMBLOB,
        LONGBLOB,
        JSON,
        ENUM,
        SET,
        BIT;

        boolean integer() {
            return ordinal() <= BIGINT.ordinal();
        }

        boolean temporal() {
            return this == DATE || this == TIME || this == DATETIME || this == TIMESTAMP || this == YEAR;
        }

        boolean text() {
            return this == CHAR
                    || this == VARCHAR
                    || this == TINYTEXT
                    || this == TEXT
                    || this == MEDIUMTEXT
                    || this == LONGTEXT;
        }

        boolean binary() {
            return this == BINARY
                    || this == VARBINARY
                    || this == TINYBLOB
                    || this == BLOB
                    || this == MEDIUMBLOB
                    || this == LONGBLOB;
        }

        /** Bytes a value may hold (strings: per the type, not the charset). */
        long maxBytes() {
            return switch (this) {
                case TINYTEXT, TINYBLOB -> 255;
                case TEXT, BLOB -> 65_535;
                case MEDIUMTEXT, MEDIUMBLOB -> 16_777_215;
                case LONGTEXT, LONGBLOB -> Integer.MAX_VALUE;
                default -> 0;
            };
        }
    }

    private static final String[] ENUM_WORDS = {"a", "b", "x y", "é", "日本", "", "Q", "last,no"};
    private static final String[] JSON_DOCS = {
        "{}",
        "[]",
        "null",
        "123.5",
        "\"str\"",
        "{\"a\": [1, 2.5, \"x\"], \"b\": null, \"c\": true}",
        "{\"k\": \"😀 ü\", \"n\": {\"d\": [[], {}]}}",
        "[-9223372036854775808, 18446744073709551615, 1e300]"
    };
    private static final String[] FLOATS = {"0", "1.5", "-1.5", "1.1", "3.4e38", "-3.4e38", "1e-37", "123456"};
    private static final String[] DOUBLES = {
        "0",
        "0.1",
        "-1e-300",
        "3.141592653589793",
        "1.7976931348623157e308",
        "-2.2250738585072014e-308",
        "123456789012345"
    };
    private static final String ASCII = "abcXYZ019 _-'\\\"%,.";
    private static final String LATIN1 = "éüßñ¿©ÿÀ";
    private static final String[] UTF8 = {"日本", "😀", "ẞ", "𝄞", "ü", "ж", "\u200b"};

    final Kind kind;
    final boolean unsigned;
    /** CHAR/VARCHAR/BINARY/VARBINARY length, DECIMAL precision, BIT width, fsp of TIME/DATETIME/TIMESTAMP. */
    final int length;

    final int scale;
    final List<String> members;
    /** utf8mb4, latin1 or binary for text columns that name one; null: the table's default. */
    final String charset;

    ColumnType(Kind kind, boolean unsigned, int length, int scale, List<String> members, String charset) {
        this.kind = kind;
        this.unsigned = unsigned;
        this.length = length;
        this.scale = scale;
        this.members = members;
        this.charset = charset;
    }

    static ColumnType of(Kind kind) {
        return new ColumnType(kind, false, 0, 0, List.of(), null);
    }

    /** Any type. */
    static ColumnType random(SplittableRandom r, Set<Feature> f) {
        Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
        return withParameters(kind, r, f, false);
    }

    /** A type that can be a (whole-column) key part. */
    static ColumnType randomKeyable(SplittableRandom r, Set<Feature> f) {
        Kind[] keyable = {
            Kind.TINYINT,
            Kind.SMALLINT,
            Kind.INT,
            Kind.INT,
            Kind.BIGINT,
            Kind.BIGINT,
            Kind.DECIMAL,
            Kind.DATE,
            Kind.DATETIME,
            Kind.CHAR,
            Kind.VARCHAR,
            Kind.VARCHAR,
            Kind.BINARY,
            Kind.VARBINARY
        };
        return withParameters(keyable[r.nextInt(keyable.length)], r, f, true);
    }

    private static ColumnType withParameters(Kind kind, SplittableRandom r, Set<Feature> f, boolean key) {
        boolean unsigned = kind.integer() && r.nextBoolean() || kind == Kind.DECIMAL && r.nextInt(4) == 0;
        String charset = kind.text() && f.contains(Feature.CHARSETS) && r.nextInt(3) == 0
                ? List.of("utf8mb4", "latin1", "binary").get(r.nextInt(3))
                : null;
        if ("binary".equals(charset) && !f.contains(Feature.BINARY_CHARSET)) charset = "utf8mb4";
        return switch (kind) {
            case DECIMAL -> {
                int p = 1 + r.nextInt(key ? 20 : 65);
                yield new ColumnType(kind, unsigned, p, r.nextInt(Math.min(p, 30) + 1), List.of(), null);
            }
            case TIME, DATETIME, TIMESTAMP -> new ColumnType(kind, false, r.nextInt(7), 0, List.of(), null);
            case CHAR -> new ColumnType(kind, false, 1 + r.nextInt(key ? 20 : 60), 0, List.of(), charset);
            case VARCHAR -> new ColumnType(kind, false, 1 + r.nextInt(key ? 60 : 300), 0, List.of(), charset);
            case BINARY -> new ColumnType(kind, false, 1 + r.nextInt(16), 0, List.of(), null);
            case VARBINARY -> new ColumnType(kind, false, 1 + r.nextInt(key ? 32 : 300), 0, List.of(), null);
            case BIT -> new ColumnType(kind, false, 1 + r.nextInt(64), 0, List.of(), null);
            case ENUM, SET -> {
                List<String> m = new ArrayList<>();
                for (String w : ENUM_WORDS) {
                    boolean comma = w.contains(",");
                    boolean ascii = w.chars().allMatch(ch -> ch < 128);
                    if (r.nextInt(3) > 0
                            && !(comma && (kind == Kind.SET || !f.contains(Feature.COMMA_ENUM_MEMBERS)))
                            && (ascii || f.contains(Feature.NON_ASCII_DDL))) {
                        m.add(w);
                    }
                }
                if (m.isEmpty()) m.add("only");
                yield new ColumnType(kind, false, 0, 0, List.copyOf(m), null);
            }
            default -> new ColumnType(kind, unsigned, 0, 0, List.of(), charset);
        };
    }

    /** A type that holds every value of this one (for MODIFY), or null when the generator has none. */
    ColumnType widened(SplittableRandom r) {
        return switch (kind) {
            case TINYINT, SMALLINT, MEDIUMINT, INT ->
                new ColumnType(
                        Kind.values()[kind.ordinal() + 1 + r.nextInt(Kind.BIGINT.ordinal() - kind.ordinal())],
                        unsigned,
                        0,
                        0,
                        members,
                        null);
            case DECIMAL ->
                length + 2 <= 65 && scale + 1 <= 30
                        ? new ColumnType(kind, unsigned, length + 2, scale + 1, members, null)
                        : null;
            case FLOAT -> of(Kind.DOUBLE);
            case TIME, DATETIME, TIMESTAMP ->
                length < 6 ? new ColumnType(kind, false, length + 1, 0, members, null) : null;
            case CHAR ->
                new ColumnType(
                        r.nextBoolean() ? Kind.VARCHAR : Kind.CHAR,
                        false,
                        Math.min(255, length + 5),
                        0,
                        members,
                        charset);
            case VARCHAR ->
                new ColumnType(r.nextBoolean() ? Kind.TEXT : Kind.VARCHAR, false, length + 50, 0, members, charset);
            case TINYTEXT, TEXT, MEDIUMTEXT ->
                new ColumnType(Kind.values()[kind.ordinal() + 1], false, 0, 0, members, charset);
            case VARBINARY -> new ColumnType(Kind.VARBINARY, false, length + 20, 0, members, null);
            case TINYBLOB, BLOB, MEDIUMBLOB ->
                new ColumnType(Kind.values()[kind.ordinal() + 1], false, 0, 0, members, null);
            case ENUM, SET -> {
                List<String> m = new ArrayList<>(members);
                m.add("added" + m.size());
                yield new ColumnType(kind, false, 0, 0, List.copyOf(m), charset);
            }
            case BIT -> length < 64 ? new ColumnType(kind, false, length + 1, 0, members, null) : null;
            default -> null;
        };
    }

    String sql() {
        String base = switch (kind) {
            case DECIMAL -> "DECIMAL(" + length + "," + scale + ")";
            case TIME, DATETIME, TIMESTAMP -> kind + (length > 0 ? "(" + length + ")" : "");
            case CHAR, VARCHAR, BINARY, VARBINARY, BIT -> kind + "(" + length + ")";
            case ENUM, SET ->
                kind + "("
                        + String.join(
                                ",", members.stream().map(ColumnType::quote).toList()) + ")";
            default -> kind.name();
        };
        if (unsigned) base += " UNSIGNED";
        if (charset != null) base += " CHARACTER SET " + charset;
        return base;
    }

    /** The charset values are drawn for: the column's own, else the table's. */
    String valueCharset(String tableCharset) {
        return charset != null ? charset : tableCharset;
    }

    /** A short literal, for DEFAULT clauses and key values: no huge or zero values. */
    String smallLiteral(SplittableRandom r, String tableCharset) {
        return literal(r, Set.of(), tableCharset, true);
    }

    /** A literal of this type that MariaDB should accept (it may still refuse it: then the statement is skipped). */
    String literal(SplittableRandom r, Set<Feature> f, String tableCharset, boolean small) {
        boolean zero = f.contains(Feature.ZERO_DATES) && r.nextInt(6) == 0;
        return switch (kind) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT -> integer(r).toString();
            case DECIMAL -> decimal(r);
            case FLOAT -> FLOATS[r.nextInt(FLOATS.length)];
            case DOUBLE -> DOUBLES[r.nextInt(DOUBLES.length)];
            case DATE -> zero ? quote(r.nextBoolean() ? "0000-00-00" : "2024-02-00") : quote(date(r, 1000, 9999));
            case TIME -> quote(time(r, f));
            case DATETIME ->
                zero ? quote("0000-00-00 00:00:00") : quote(date(r, 1000, 9999) + " " + clock(r) + fraction(r));
            case TIMESTAMP ->
                zero ? quote("0000-00-00 00:00:00") : quote(date(r, 1971, 2037) + " " + clock(r) + fraction(r));
            case YEAR -> zero ? "0" : pick(r, "1901", "2155", "2000", String.valueOf(1901 + r.nextInt(255)));
            case CHAR, VARCHAR -> text(r, valueCharset(tableCharset), Math.min(length, small ? 8 : length));
            case TINYTEXT, TEXT, MEDIUMTEXT, LONGTEXT ->
                large(r, f, small)
                        ? "REPEAT('" + (char) ('a' + r.nextInt(26)) + "b3', 3000000)"
                        : text(r, valueCharset(tableCharset), small ? 8 : textLength(r));
            case BINARY, VARBINARY -> bytes(r, 1 + r.nextInt(Math.min(length, small ? 8 : length)));
            case TINYBLOB, BLOB, MEDIUMBLOB, LONGBLOB ->
                large(r, f, small)
                        ? "REPEAT(x'00FF7F', 3000000)"
                        : r.nextInt(8) == 0 && !small
                                ? "REPEAT(" + bytes(r, 7) + ", " + (Math.min(kind.maxBytes(), 65_535) / 7 / 4) + ")"
                                : bytes(r, r.nextInt(small ? 8 : 200));
            case JSON -> quote(JSON_DOCS[r.nextInt(JSON_DOCS.length)]);
            case ENUM -> quote(members.get(r.nextInt(members.size())));
            case SET -> {
                List<String> chosen = new ArrayList<>();
                for (String m : members) if (r.nextBoolean()) chosen.add(m);
                yield quote(String.join(",", chosen));
            }
            case BIT -> {
                StringBuilder b = new StringBuilder("b'");
                int bits = 1 + r.nextInt(length);
                for (int i = 0; i < bits; i++) b.append(r.nextInt(2));
                yield b.append('\'').toString();
            }
        };
    }

    /** A value over half of the default 16 MiB max_allowed_packet; only in types that hold it. */
    private boolean large(SplittableRandom r, Set<Feature> f, boolean small) {
        return !small && f.contains(Feature.LARGE_ROWS) && kind.maxBytes() > 9_000_000 && r.nextInt(5) == 0;
    }

    private int textLength(SplittableRandom r) {
        long chars = kind.maxBytes() / 4; // room for 4-byte characters
        return (int) Math.min(chars, r.nextInt(10) == 0 ? 2000 : 20);
    }

    private BigInteger integer(SplittableRandom r) {
        int bits = switch (kind) {
            case TINYINT -> 8;
            case SMALLINT -> 16;
            case MEDIUMINT -> 24;
            case INT -> 32;
            default -> 64;
        };
        BigInteger min =
                unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = unsigned
                ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        return switch (r.nextInt(6)) {
            case 0 -> min;
            case 1 -> max;
            case 2 -> BigInteger.valueOf(r.nextInt(3) - (unsigned ? 0 : 1));
            default ->
                new BigInteger(bits, new java.util.Random(r.nextLong()))
                        .mod(max.subtract(min).add(BigInteger.ONE))
                        .add(min);
        };
    }

    private String decimal(SplittableRandom r) {
        int intDigits = length - scale;
        boolean extreme = r.nextInt(5) == 0;
        StringBuilder b = new StringBuilder(!unsigned && r.nextBoolean() ? "-" : "");
        int n = extreme ? intDigits : r.nextInt(intDigits + 1);
        for (int i = 0; i < n; i++) b.append(extreme ? '9' : (char) ('0' + r.nextInt(10)));
        if (n == 0) b.append('0');
        if (scale > 0) {
            b.append('.');
            for (int i = 0; i < scale; i++) b.append(extreme ? '9' : (char) ('0' + r.nextInt(10)));
        }
        return b.toString();
    }

    private String date(SplittableRandom r, int fromYear, int toYear) {
        int year =
                r.nextInt(4) == 0 ? (r.nextBoolean() ? fromYear : toYear) : fromYear + r.nextInt(toYear - fromYear + 1);
        int month = 1 + r.nextInt(12);
        int day = 1 + r.nextInt(month == 2 ? 28 : 30);
        if (year == 9999 && r.nextBoolean()) return "9999-12-31";
        return String.format(Locale.ROOT, "%04d-%02d-%02d", year, month, day);
    }

    private static String clock(SplittableRandom r) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", r.nextInt(24), r.nextInt(60), r.nextInt(60));
    }

    private String fraction(SplittableRandom r) {
        if (length == 0 || r.nextBoolean()) return "";
        StringBuilder b = new StringBuilder(".");
        for (int i = 0; i < length; i++) b.append((char) ('0' + r.nextInt(10)));
        return b.toString();
    }

    private String time(SplittableRandom r, Set<Feature> f) {
        return switch (r.nextInt(5)) {
            case 0 -> length == 0 || f.contains(Feature.NEGATIVE_TIME) ? "-838:59:59" : "838:59:58";
            case 1 -> "838:59:59";
            default ->
                (r.nextBoolean() && (length == 0 || f.contains(Feature.NEGATIVE_TIME)) ? "-" : "") + r.nextInt(838)
                        + ":" + String.format(Locale.ROOT, "%02d:%02d", r.nextInt(60), r.nextInt(60)) + fraction(r);
        };
    }

    /** A quoted string of at most {@code maxChars} characters from the charset's repertoire; binary: hex bytes. */
    private static String text(SplittableRandom r, String charset, int maxChars) {
        if ("binary".equals(charset)) return bytes(r, r.nextInt(Math.max(1, Math.min(maxChars, 200))));
        int n = r.nextInt(maxChars + 1);
        StringBuilder b = new StringBuilder();
        while (b.codePointCount(0, b.length()) < n) {
            int pick = r.nextInt(10);
            if (pick < 6 || "ascii".equals(charset)) b.append(ASCII.charAt(r.nextInt(ASCII.length())));
            else if (pick < 8 || "latin1".equals(charset)) b.append(LATIN1.charAt(r.nextInt(LATIN1.length())));
            else {
                String u = UTF8[r.nextInt(UTF8.length)];
                if (b.codePointCount(0, b.length()) + u.codePointCount(0, u.length()) > n) break;
                b.append(u);
            }
        }
        String s = b.toString();
        // MariaDB pads and strips trailing spaces of CHAR: keep them off so a value reads back as written.
        return quote(s.stripTrailing());
    }

    static String bytes(SplittableRandom r, int n) {
        // The same empty value: Debezium 1.9's DDL grammar cannot read x'' (the job now stops on it, see README).
        if (n == 0) return "''";
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(4);
            b[i] = (byte) (pick == 0 ? 0 : pick == 1 ? 0xFF : r.nextInt(256));
        }
        return "x'" + HexFormat.of().formatHex(b) + "'";
    }

    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static String pick(SplittableRandom r, String... options) {
        return options[r.nextInt(options.length)];
    }

    @Override
    public String toString() {
        return sql();
    }
}
