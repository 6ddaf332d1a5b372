package io.oscsync.job.route;

import io.oscsync.job.config.ConfigException;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.expr.ExpressionFilter;
import io.oscsync.udfs.expr.RowExpression;
import io.oscsync.udfs.name.BlockAllowList;
import io.oscsync.udfs.name.EventFilter;
import io.oscsync.udfs.name.EventFilterRule;
import io.oscsync.udfs.name.RouteRule;
import io.oscsync.udfs.name.Router;
import io.oscsync.udfs.osc.Classification;
import io.oscsync.udfs.osc.TableClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.List;
import java.util.StringJoiner;

/** One instance's block-allow list, routes and event filters, built from the task file. */
public record InstanceRules(
        String sourceId,
        BlockAllowList blockAllowList,
        Router router,
        EventFilter filter,
        TableClassifier classifier,
        boolean deriveMissingCutOvers,
        ExpressionFilter expressionFilter)
        implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceRules.class);

    public static InstanceRules of(TaskConfig task, TaskConfig.Instance inst) {
        String at = "mysql-instances[source-id=" + inst.sourceId() + "]";
        try {
            return new InstanceRules(
                    inst.sourceId(),
                    blockAllowList(task, inst),
                    router(task, inst),
                    filter(task, inst),
                    classifier(task),
                    task.onlineDdl() && task.onlineDdlDeriveMissing(),
                    expressionFilter(task, inst));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at + ": " + e.getMessage(), e);
        }
    }

    /** The table's role for online DDL; every table is real when online-ddl is off. */
    public Classification classify(TableId t) {
        return classifier == null ? Classification.real(t.table()) : classifier.classify(t.schema(), t.table());
    }

    /** The real table a (possibly ghost or trash) table belongs to. */
    public TableId origin(TableId t) {
        return new TableId(t.schema(), classify(t).origin());
    }

    /**
     * The CDC source's table regex: the allowed tables, plus every name the online-DDL rules
     * match in the allowed schemas, so a ghost's CREATE and ALTER arrive (their origin is checked
     * after classification).
     *
     * @param schemas the upstream schemas the block-allow list allows (found at start)
     */
    public String captureRegex(List<String> schemas) {
        StringBuilder re =
                new StringBuilder("(?:").append(blockAllowList.captureRegex()).append(')');
        if (classifier != null && !schemas.isEmpty()) {
            String names = schemaAlternatives(schemas);
            for (String rule : concat(classifier.ghostRules(), classifier.trashRules())) {
                re.append("|(?:")
                        .append(names)
                        .append("\\.")
                        .append(rule, 1, rule.length() - 1)
                        .append(')');
            }
        }
        return re.toString();
    }

    /**
     * The snapshot's table regex: the allowed tables except those named like ghost or trash
     * tables, whose rows are never replicated and which a tool may rename or drop under the read.
     * A pattern, not a list, so a table created after start-up is snapshotted when it exists by then.
     */
    public String snapshotRegex(List<String> schemas) {
        String allowed = "(?:" + blockAllowList.captureRegex() + ")";
        if (classifier == null || schemas.isEmpty()) return allowed;
        StringJoiner tools = new StringJoiner("|", "(?!(?:", ")$)");
        for (String rule : concat(classifier.ghostRules(), classifier.trashRules())) {
            tools.add(schemaAlternatives(schemas) + "\\." + rule.substring(1, rule.length() - 1));
        }
        for (String table : classifier.toolTables()) tools.add(table.replaceAll("[^A-Za-z0-9_]", "\\\\$0"));
        return tools + allowed;
    }

    private static String schemaAlternatives(List<String> schemas) {
        StringJoiner names = new StringJoiner("|", "(?:", ")");
        schemas.forEach(s -> names.add(s.replaceAll("[^A-Za-z0-9_]", "\\\\$0")));
        return names.toString();
    }

    private static TableClassifier classifier(TaskConfig task) {
        if (!task.onlineDdl()) return null;
        if (!task.shadowTableRules().isEmpty() || !task.trashTableRules().isEmpty()) {
            return TableClassifier.of(task.shadowTableRules(), task.trashTableRules());
        }
        TableClassifier preset = TableClassifier.preset(
                task.onlineDdlPreset() == null ? TableClassifier.DEFAULT_PRESET : task.onlineDdlPreset());
        if (preset.hasNamelessRules() && task.shardMode() != TaskConfig.ShardMode.NONE) {
            throw new IllegalArgumentException("online-ddl-preset " + task.onlineDdlPreset() + " names shadow tables "
                    + "without their table (Vitess), which shard-mode cannot coordinate: osc-sync does not support the "
                    + "two together; merge the shards without shard-mode, or migrate them with another tool");
        }
        return preset;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static BlockAllowList blockAllowList(TaskConfig task, TaskConfig.Instance inst) {
        if (inst.blockAllowList() == null) return BlockAllowList.allowAll();
        TaskConfig.BlockAllowRule r = task.blockAllowList().get(inst.blockAllowList());
        try {
            return new BlockAllowList(
                    orEmpty(r.doDbs()),
                    tables(r.doTables()),
                    orEmpty(r.ignoreDbs()),
                    tables(r.ignoreTables()),
                    task.caseSensitive());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "block-allow-list '" + inst.blockAllowList() + "': " + e.getMessage(), e);
        }
    }

    private static Router router(TaskConfig task, TaskConfig.Instance inst) {
        List<RouteRule> rules = inst.routeRules().stream()
                .map(name -> {
                    TaskConfig.RouteRuleConfig r = task.routes().get(name);
                    return new RouteRule(name, r.schemaPattern(), r.tablePattern(), r.targetSchema(), r.targetTable());
                })
                .toList();
        Router.validate(rules);
        return new Router(rules, task.caseSensitive());
    }

    private static EventFilter filter(TaskConfig task, TaskConfig.Instance inst) {
        List<EventFilterRule> rules = inst.filterRules().stream()
                .map(name -> {
                    TaskConfig.FilterRuleConfig f = task.filters().get(name);
                    return new EventFilterRule(
                            name,
                            f.schemaPattern(),
                            f.tablePattern(),
                            orEmpty(f.events()),
                            orEmpty(f.sqlPattern()),
                            switch (f.action()) {
                                case DO -> EventFilterRule.Action.DO;
                                case IGNORE -> EventFilterRule.Action.IGNORE;
                                case ERROR -> EventFilterRule.Action.ERROR;
                            });
                })
                .toList();
        for (EventFilterRule r : rules) {
            if (!r.neverMatchingEvents().isEmpty()) {
                LOG.warn(
                        "filter '{}': events {} never match in DM, whose syncer never gives a MySQL binlog event "
                                + "these types (an ADD COLUMN is 'alter table', an ADD INDEX or PRIMARY KEY "
                                + "'modify constraint'); osc-sync does the same",
                        r.name(),
                        r.neverMatchingEvents());
            }
        }
        return new EventFilter(rules, task.caseSensitive());
    }

    private static ExpressionFilter expressionFilter(TaskConfig task, TaskConfig.Instance inst) {
        return new ExpressionFilter(inst.expressionFilters().stream()
                .map(name -> {
                    TaskConfig.ExpressionFilterConfig f =
                            task.expressionFilter().get(name);
                    return new ExpressionFilter.Rule(
                            name,
                            new TableId(f.schema(), f.table()),
                            expression(f.insertValueExpr()),
                            expression(f.updateOldValueExpr()),
                            expression(f.updateNewValueExpr()),
                            expression(f.deleteValueExpr()));
                })
                .toList());
    }

    private static RowExpression expression(String text) {
        return TaskConfigLoader.given(text) ? RowExpression.parse(text) : null;
    }

    private static List<TableId> tables(List<TaskConfig.TablePattern> patterns) {
        return patterns == null
                ? List.of()
                : patterns.stream()
                        .map(p -> new TableId(p.dbName(), p.tblName()))
                        .toList();
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
