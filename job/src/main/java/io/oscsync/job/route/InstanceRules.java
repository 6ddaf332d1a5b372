package io.oscsync.job.route;

import io.oscsync.job.config.ConfigException;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.name.BlockAllowList;
import io.oscsync.udfs.name.EventFilter;
import io.oscsync.udfs.name.EventFilterRule;
import io.oscsync.udfs.name.RouteRule;
import io.oscsync.udfs.name.Router;

import java.io.Serializable;
import java.util.List;

/** One instance's block-allow list, routes and event filters, built from the task file. */
public record InstanceRules(String sourceId, BlockAllowList blockAllowList, Router router, EventFilter filter)
        implements Serializable {

    public static InstanceRules of(TaskConfig task, TaskConfig.Instance inst) {
        String at = "mysql-instances[source-id=" + inst.sourceId() + "]";
        try {
            return new InstanceRules(inst.sourceId(), blockAllowList(task, inst), router(task, inst), filter(task, inst));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at + ": " + e.getMessage(), e);
        }
    }

    private static BlockAllowList blockAllowList(TaskConfig task, TaskConfig.Instance inst) {
        if (inst.blockAllowList() == null) return BlockAllowList.allowAll();
        TaskConfig.BlockAllowRule r = task.blockAllowList().get(inst.blockAllowList());
        return new BlockAllowList(orEmpty(r.doDbs()), tables(r.doTables()), orEmpty(r.ignoreDbs()), tables(r.ignoreTables()));
    }

    private static Router router(TaskConfig task, TaskConfig.Instance inst) {
        List<RouteRule> rules = inst.routeRules().stream().map(name -> {
            TaskConfig.RouteRuleConfig r = task.routes().get(name);
            return new RouteRule(name, r.schemaPattern(), r.tablePattern(), r.targetSchema(), r.targetTable());
        }).toList();
        Router.validate(rules);
        return new Router(rules);
    }

    private static EventFilter filter(TaskConfig task, TaskConfig.Instance inst) {
        return new EventFilter(inst.filterRules().stream().map(name -> {
            TaskConfig.FilterRuleConfig f = task.filters().get(name);
            return new EventFilterRule(name, f.schemaPattern(), f.tablePattern(), orEmpty(f.events()),
                    orEmpty(f.sqlPattern()), f.action() == TaskConfig.FilterAction.DO
                            ? EventFilterRule.Action.DO : EventFilterRule.Action.IGNORE);
        }).toList());
    }

    private static List<TableId> tables(List<TaskConfig.TablePattern> patterns) {
        return patterns == null ? List.of() : patterns.stream().map(p -> new TableId(p.dbName(), p.tblName())).toList();
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
