package io.oscsync.job.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fills the fields a task file may leave out. */
final class TaskDefaults {
    static final String META_SCHEMA = "dm_meta";
    static final long CHECKPOINT_INTERVAL_MS = 2_000;

    private TaskDefaults() {}

    static TaskConfig apply(TaskConfig c) {
        return new TaskConfig(
                c.name(),
                c.taskMode() == null ? TaskConfig.TaskMode.ALL : c.taskMode(),
                c.shardMode() == null ? TaskConfig.ShardMode.NONE : c.shardMode(),
                c.metaSchema() == null || c.metaSchema().isBlank() ? META_SCHEMA : c.metaSchema(),
                // osc-sync exists for online schema changes, so unlike DM this is on unless turned off.
                c.onlineDdl() == null ? Boolean.TRUE : c.onlineDdl(),
                c.onlineDdlPreset(),
                c.onlineDdlDeriveMissing() != null && c.onlineDdlDeriveMissing(),
                orEmpty(c.shadowTableRules()),
                orEmpty(c.trashTableRules()),
                database(c.targetDatabase()),
                c.mysqlInstances() == null
                        ? List.of()
                        : c.mysqlInstances().stream()
                                .map(TaskDefaults::instance)
                                .toList(),
                orEmpty(c.blockAllowList()),
                orEmpty(c.routes()),
                orEmpty(c.filters()),
                c.checkpointIntervalMs() == null ? CHECKPOINT_INTERVAL_MS : c.checkpointIntervalMs(),
                c.caseSensitive() != null && c.caseSensitive(),
                orEmpty(c.expressionFilter()),
                c.parallelism());
    }

    private static TaskConfig.Database database(TaskConfig.Database d) {
        if (d == null) return null;
        return new TaskConfig.Database(
                d.host(),
                d.port(),
                d.user(),
                d.password() == null ? Secret.EMPTY : d.password(),
                d.security(),
                d.dialect() == null ? TaskConfig.Dialect.TIDB : d.dialect(),
                orEmpty(d.session()));
    }

    private static TaskConfig.Instance instance(TaskConfig.Instance i) {
        if (i == null) return null; // TaskValidator names it
        return new TaskConfig.Instance(
                i.sourceId(),
                i.host(),
                i.port(),
                i.user(),
                i.password() == null ? Secret.EMPTY : i.password(),
                i.security(),
                i.serverId(),
                i.serverTimeZone(),
                i.blockAllowList(),
                orEmpty(i.routeRules()),
                orEmpty(i.filterRules()),
                i.meta(),
                orEmpty(i.expressionFilters()));
    }

    private static <T> List<T> orEmpty(List<T> l) {
        // Keeps null entries (List.copyOf would throw): TaskValidator reports them with their field.
        return l == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(l));
    }

    private static <V> Map<String, V> orEmpty(Map<String, V> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
