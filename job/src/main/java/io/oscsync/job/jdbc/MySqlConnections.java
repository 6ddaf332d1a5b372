package io.oscsync.job.jdbc;

import io.oscsync.job.config.TaskConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Connections to MySQL-protocol servers (upstreams and the target), and the session osc-sync writes with. */
public final class MySqlConnections {
    private MySqlConnections() {}

    /** A connection for writing: UTC session (TIMESTAMP literals are UTC), no FK checks (DM does the same). */
    public static Connection connectForWrites(TaskConfig.Database db) throws SQLException {
        Connection c = connect(db);
        try (Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            s.execute("SET foreign_key_checks = 0");
            // Keep explicit zero ids as they are (the upstream row has id 0, so must the downstream).
            s.execute("SET sql_mode = CONCAT_WS(',', NULLIF(@@sql_mode, ''), 'NO_AUTO_VALUE_ON_ZERO')");
        }
        return c;
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
        try {
            return DriverManager.getConnection("jdbc:mysql://" + db.host() + ":" + db.port() + "/", p);
        } catch (SQLException e) {
            throw new SQLException("cannot connect to " + db.address() + " as " + db.user() + ": "
                    + e.getMessage() + " (check host, port, user and password, and that the server is running)",
                    e.getSQLState(), e.getErrorCode(), e);
        }
    }
}
