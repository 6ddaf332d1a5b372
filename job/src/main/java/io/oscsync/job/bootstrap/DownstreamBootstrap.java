package io.oscsync.job.bootstrap;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.route.InstanceRules;
import io.oscsync.job.jdbc.MySqlConnections;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Before a snapshot: creates the target databases and tables that are missing downstream, from
 * the upstream definitions under their routed names. Several upstream tables routed to one
 * target (shards) create it once, from the first.
 */
public final class DownstreamBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(DownstreamBootstrap.class);

    private DownstreamBootstrap() {}

    /** @return the target tables it created */
    public static List<TableId> createMissingTables(TaskConfig task) throws SQLException {
        List<TableId> created = new ArrayList<>();
        try (Connection down = MySqlConnections.connect(task.targetDatabase())) {
            Set<TableId> existing = existingTables(down);
            for (TaskConfig.Instance inst : task.mysqlInstances()) {
                InstanceRules rules = InstanceRules.of(task, inst);
                try (Connection up = MySqlConnections.connect(inst.connection())) {
                    for (TableId table : upstreamTables(up, rules)) {
                        TableId target = rules.router().route(table);
                        if (existing.contains(target)) continue;
                        String ddl = DdlStatement.parse(showCreateTable(up, table))
                                .rewrite(table.schema(), t -> rules.router().route(t));
                        try (Statement s = down.createStatement()) {
                            s.execute("CREATE DATABASE IF NOT EXISTS " + TableId.quote(target.schema()));
                            s.execute(ddl);
                        }
                        // The sink's wording, so one search of the log finds every DDL run downstream.
                        LOG.info("applied DDL on {} (table creation before the snapshot, from upstream {}:{}): {}", target,
                                inst.sourceId(), table, ddl);
                        existing.add(target);
                        created.add(target);
                    }
                }
            }
        }
        return created;
    }

    private static List<TableId> upstreamTables(Connection up, InstanceRules rules) throws SQLException {
        List<TableId> tables = new ArrayList<>();
        try (Statement s = up.createStatement();
             ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES "
                     + "WHERE TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
            while (rs.next()) {
                TableId t = new TableId(rs.getString(1), rs.getString(2));
                if (rules.blockAllowList().allows(rules.origin(t))) tables.add(t);
            }
        }
        // Ghost and trash tables are never created downstream. One whose origin does not exist is
        // more likely a real table with an unlucky name: say so rather than drop its rows quietly.
        List<TableId> real = new ArrayList<>();
        for (TableId t : tables) {
            if (rules.classify(t).isReal()) {
                real.add(t);
            } else if (!tables.contains(rules.origin(t))) {
                LOG.warn("table {} is named like a {} table of {}, which does not exist; its rows are NOT replicated. "
                        + "If it is a real table, set shadow-table-rules / trash-table-rules so it is not matched.",
                        t, rules.classify(t).role().name().toLowerCase(), rules.origin(t));
            }
        }
        return real;
    }

    private static Set<TableId> existingTables(Connection down) throws SQLException {
        Set<TableId> tables = new HashSet<>();
        try (Statement s = down.createStatement();
             ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES")) {
            while (rs.next()) tables.add(new TableId(rs.getString(1), rs.getString(2)));
        }
        return tables;
    }

    private static String showCreateTable(Connection up, TableId t) throws SQLException {
        try (PreparedStatement ps = up.prepareStatement("SHOW CREATE TABLE " + t.quoted());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(2);
        }
    }
}
