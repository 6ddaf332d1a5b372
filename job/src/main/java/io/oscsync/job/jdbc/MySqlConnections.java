package io.oscsync.job.jdbc;

import io.oscsync.job.config.TaskConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Connections to MySQL-protocol servers (upstreams and the target), and the session osc-sync writes with. */
public final class MySqlConnections {
    private MySqlConnections() {}

    /**
     * A connection for writing: UTC session (TIMESTAMP literals are UTC), no FK checks unless the
     * task's session sets foreign_key_checks (as DM does), the session's variables, and an sql_mode
     * that accepts every upstream value built on the session's (or the server's) sql_mode.
     */
    public static Connection connectForWrites(TaskConfig.Database db) throws SQLException {
        Connection c = connect(db);
        try (Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            if (!SessionVariables.setsForeignKeyChecks(db.session())) s.execute("SET foreign_key_checks = 0");
            String mode;
            try (ResultSet rs = s.executeQuery("SELECT @@sql_mode")) {
                rs.next();
                mode = rs.getString(1);
            }
            s.execute("SET sql_mode = '" + writeSqlMode(mode) + "'");
        }
        return c;
    }

    /**
     * The server's sql_mode, changed to accept every value an upstream stored: zero and
     * partial-zero dates and invalid days (an upstream with a lax sql_mode holds them), and
     * explicit zero ids (the upstream row has id 0, so must the downstream). Strictness stays:
     * a value that still does not fit fails rather than being changed.
     */
    static String writeSqlMode(String serverMode) {
        java.util.LinkedHashSet<String> modes = new java.util.LinkedHashSet<>();
        for (String m : serverMode == null ? new String[0] : serverMode.split(",")) {
            if (!m.isBlank()) modes.add(m.trim().toUpperCase(java.util.Locale.ROOT));
        }
        modes.remove("NO_ZERO_DATE");
        modes.remove("NO_ZERO_IN_DATE");
        modes.add("ALLOW_INVALID_DATES");
        modes.add("NO_AUTO_VALUE_ON_ZERO");
        return String.join(",", modes);
    }

    /** A plain connection; the error names the server and the user, never the password. */
    public static Connection connect(TaskConfig.Database db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        p.setProperty("password", db.password().reveal());
        p.setProperty("characterEncoding", "UTF-8");
        p.setProperty("connectTimeout", "10000");
        p.setProperty("socketTimeout", "600000");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("useServerPrepStmts", "false");
        p.setProperty("rewriteBatchedStatements", "true"); // a JDBC batch goes out as one round trip
        p.setProperty("cachePrepStmts", "true");
        p.setProperty("prepStmtCacheSize", "512");
        p.setProperty("prepStmtCacheSqlLimit", "65536");
        Tls.jdbcProperties(db.security()).forEach(p::setProperty);
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:mysql://" + db.host() + ":" + db.port() + "/", p);
        } catch (SQLException e) {
            // The job jar does not bundle the driver: a Flink cluster must have it in lib/ (README).
            String hint = e.getMessage().startsWith("No suitable driver")
                    ? " (MySQL Connector/J, mysql-connector-j, must be in Flink's lib/: see the README)"
                    : " (check host, port, user and password, and that the server is running)";
            throw new SQLException(
                    "cannot connect to " + db.address() + " as " + db.user() + ": " + e.getMessage() + hint,
                    e.getSQLState(),
                    e.getErrorCode(),
                    e);
        }
        try {
            SessionVariables.apply(c, db.session());
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
