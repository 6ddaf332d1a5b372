package io.oscsync.job.verify;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.route.InstanceRules;
import io.oscsync.udfs.TableId;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tables the task replicates, as the job routes them: each instance's tables that its
 * block-allow list allows and that are real (not the ghost or trash tables of an online schema
 * change tool), mapped to their targets by its routes and grouped by target.
 */
final class TargetFinder {
    private TargetFinder() {}

    interface Upstreams {
        Connection connection(String sourceId) throws SQLException;
    }

    static List<Target> find(TaskConfig task, Upstreams upstreams, TablePattern only) throws SQLException {
        Map<TableId, List<Target.Source>> sources = new TreeMap<>();
        Map<TableId, List<String>> filtered = new TreeMap<>();
        for (TaskConfig.Instance inst : task.mysqlInstances()) {
            InstanceRules rules = InstanceRules.of(task, inst);
            for (TableId t : upstreamTables(upstreams.connection(inst.sourceId()))) {
                if (!rules.blockAllowList().allows(t) || !rules.classify(t).isReal()) continue;
                TableId target = rules.router().route(t);
                if (!only.matches(target)) continue;
                sources.computeIfAbsent(target, k -> new ArrayList<>()).add(new Target.Source(inst.sourceId(), t));
                List<String> f = filtered.computeIfAbsent(target, k -> new ArrayList<>());
                if (!inst.filterRules().isEmpty()) f.add(inst.sourceId() + " filter-rules " + inst.filterRules());
                if (!inst.expressionFilters().isEmpty()) {
                    f.add(inst.sourceId() + " expression-filters " + inst.expressionFilters());
                }
            }
        }
        List<Target> targets = new ArrayList<>();
        sources.forEach((t, s) -> targets.add(new Target(
                t, List.copyOf(s), filtered.get(t).stream().distinct().toList())));
        return targets;
    }

    private static List<TableId> upstreamTables(Connection c) throws SQLException {
        List<TableId> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES "
                        + "WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN "
                        + "('mysql', 'sys', 'information_schema', 'performance_schema') ORDER BY 1, 2")) {
            while (rs.next()) tables.add(new TableId(rs.getString(1), rs.getString(2)));
        }
        return tables;
    }
}
