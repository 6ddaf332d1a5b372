package io.oscsync.job.sink.dialect;

import io.oscsync.udfs.TableId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Pattern;

/** CREATE TABLE IF NOT EXISTS, as the snapshot's table definitions are sent: a no-op on an existing table. */
public final class CreateIfNotExists {
    private static final Pattern STATEMENT = Pattern.compile("(?is)\\s*CREATE\\s+TABLE\\s+IF\\s+NOT\\s+EXISTS\\s.*");

    private CreateIfNotExists() {}

    public static boolean matches(String ddl) {
        return STATEMENT.matcher(ddl).matches();
    }

    public static boolean exists(Connection c, TableId t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, t.schema());
            ps.setString(2, t.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
