package io.oscsync.udfs.ddl;

/** A statement osc-sync cannot read with certainty; it is never rewritten by guesswork. */
public class UnsupportedDdlException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED = 2000;

    private final String sql;

    public UnsupportedDdlException(String sql, String problem) {
        super("unsupported DDL: " + problem + " in \"" + shorten(sql) + "\"");
        this.sql = sql;
    }

    public String sql() {
        return sql;
    }

    private static String shorten(String sql) {
        if (sql == null) {
            return "null";
        }
        return sql.length() <= MAX_QUOTED ? sql : sql.substring(0, MAX_QUOTED) + "...";
    }
}
