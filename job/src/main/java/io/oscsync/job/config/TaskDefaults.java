package io.oscsync.job.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fills the fields a task file may leave out. */
final class TaskDefaults {
    private static final Logger LOG = LoggerFactory.getLogger(TaskDefaults.class);
    static final String META_SCHEMA = "dm_meta";
    static final long CHECKPOINT_INTERVAL_MS = 2_000;
    /**
     * S when no DM field gives it: DM's default of 4 dump threads, but never more than the
     * instance's server ids (each snapshot reader is a binlog client with its own id). A single
     * server-id, as in every task written before S existed, keeps one reader; 4 fits the embedded
     * runner's 4 slots (with slot sharing the job needs max(S, P) slots).
     */
    static final int SNAPSHOT_THREADS = 4;
    /**
     * K when no instance gives it. DM's 16 workers apply one source's whole stream; here each of
     * the P sink subtasks opens K connections, so 4 keeps P = 4 at 16 connections downstream, and
     * on a small machine (2 cores) the apply is bound by round trips, not CPU, so 4 still helps at P = 1.
     */
    static final int APPLY_WORKERS = 4;

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
                orEmpty(i.expressionFilters()),
                snapshotThreads(i),
                i.syncerThread() == null ? APPLY_WORKERS : i.syncerThread());
    }

    /**
     * S as asked (DM's fields, else {@link #SNAPSHOT_THREADS}), capped at the instance's server ids:
     * each reader is a binlog client that needs its own. Nearly every DM task file carries DM's
     * threads: 4 while its instances get one server-id, so the cap is a warning, not a refusal.
     */
    private static int snapshotThreads(TaskConfig.Instance i) {
        int asked = i.mydumperThread() == null ? SNAPSHOT_THREADS : i.mydumperThread();
        long ids = serverIds(i.serverId());
        if (asked <= ids) return asked;
        if (i.mydumperThread() != null) {
            LOG.warn(
                    "mysql-instances[source-id={}]: mydumper-thread (or its mydumpers threads) asks for {} snapshot"
                            + " readers, and server-id {} holds {} id(s), one per reader: {} reader(s). Give a range of"
                            + " {} ids for {} readers.",
                    i.sourceId(),
                    asked,
                    i.serverId(),
                    ids,
                    ids,
                    asked,
                    asked);
        }
        return (int) ids;
    }

    /** How many ids a server-id spec holds (1 for one id, or for a spec TaskValidator will refuse). */
    static long serverIds(String spec) {
        if (spec == null) return 1;
        String[] parts = spec.trim().split("-");
        try {
            if (parts.length == 2) return Math.max(1, Long.parseLong(parts[1]) - Long.parseLong(parts[0]) + 1);
        } catch (NumberFormatException e) {
            return 1;
        }
        return 1;
    }

    private static <T> List<T> orEmpty(List<T> l) {
        // Keeps null entries (List.copyOf would throw): TaskValidator reports them with their field.
        return l == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(l));
    }

    private static <V> Map<String, V> orEmpty(Map<String, V> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
