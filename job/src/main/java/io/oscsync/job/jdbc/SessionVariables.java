package io.oscsync.job.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * DM's {@code target-database.session}: variables set on every connection to the target. Names
 * and values are checked against narrow patterns when the task is loaded, so nothing else can be
 * written into the SET statement.
 */
public final class SessionVariables {
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** Numbers, words, lists (sql_mode), zones ('+08:00', 'Asia/Shanghai'); never a quote or ';'. */
    public static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.,:+/\\-]{0,256}");

    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    /**
     * time_zone is kept at UTC on osc-sync's sessions, which is how it keeps TIMESTAMP instants
     * (DM keeps them too, by decoding the binlog in the session's zone): it is not applied.
     */
    public static final String TIME_ZONE = "time_zone";

    private SessionVariables() {}

    static boolean setsForeignKeyChecks(Map<String, String> session) {
        return session != null && session.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("foreign_key_checks"));
    }

    /** Sets each variable; a rejected one fails naming it, with the server's reason. */
    static void apply(Connection c, Map<String, String> session) throws SQLException {
        if (session == null || session.isEmpty()) return;
        try (Statement s = c.createStatement()) {
            for (Map.Entry<String, String> v : session.entrySet()) {
                if (v.getKey().toLowerCase(Locale.ROOT).equals(TIME_ZONE)) continue;
                try {
                    s.execute(statement(v.getKey(), v.getValue()));
                } catch (SQLException e) {
                    throw new SQLException(
                            "target-database.session." + v.getKey() + " is rejected by the server: " + e.getMessage()
                                    + " (remove it from the task, or use a value this server accepts)",
                            e.getSQLState(),
                            e.getErrorCode(),
                            e);
                }
            }
        }
    }

    /** {@code SET SESSION name = value}, numbers as numbers and everything else quoted, as DM does. */
    static String statement(String name, String value) {
        if (!NAME.matcher(name).matches()
                || value == null
                || !VALUE.matcher(value).matches()) {
            // The loader refuses these; this guards any other caller.
            throw new IllegalArgumentException("session variable " + name + ": not a plain name and value");
        }
        String literal = NUMBER.matcher(value).matches() ? value : "'" + value + "'";
        return "SET SESSION " + name + " = " + literal;
    }
}
