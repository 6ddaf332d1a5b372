package io.oscsync.job.verify;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.jdbc.MySqlConnections;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Connections to the upstreams and the downstream, one per server per thread (each worker reads
 * its chunks on its own sessions), opened on first use and closed together. Sessions run in UTC,
 * so TIMESTAMP columns read the same text on servers in different time zones.
 */
final class Servers implements AutoCloseable {
    /** The name of the downstream among the servers (the upstreams are named by source-id). */
    static final String DOWNSTREAM = "downstream";

    private final Map<String, TaskConfig.Database> databases;
    private final ThreadLocal<Map<String, Connection>> perThread = ThreadLocal.withInitial(HashMap::new);
    private final List<Connection> opened = new CopyOnWriteArrayList<>();

    Servers(TaskConfig task) {
        databases = new HashMap<>();
        for (TaskConfig.Instance i : task.mysqlInstances()) databases.put(i.sourceId(), i.connection());
        databases.put(DOWNSTREAM, task.targetDatabase());
    }

    Connection get(String server) throws SQLException {
        Map<String, Connection> mine = perThread.get();
        Connection c = mine.get(server);
        if (c != null) return c;
        TaskConfig.Database db = databases.get(server);
        if (db == null) throw new IllegalArgumentException("no server " + server);
        c = MySqlConnections.connect(db);
        opened.add(c);
        try (Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
        } catch (SQLException e) {
            throw new SQLException("cannot set up a session on " + db.address() + ": " + e.getMessage(), e);
        }
        mine.put(server, c);
        return c;
    }

    @Override
    public void close() {
        for (Connection c : opened) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing only
            }
        }
    }
}
