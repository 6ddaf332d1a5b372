package io.oscsync.job.coordinator;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.event.CrossKeyBarrier;
import io.oscsync.job.event.DdlMode;
import io.oscsync.job.event.DownstreamDdl;
import io.oscsync.job.event.SinkOp;
import io.oscsync.job.event.TableChanges;
import io.oscsync.job.route.InstanceRules;
import io.oscsync.job.shard.ShardConflictException;
import io.oscsync.job.shard.ShardCoordination;
import io.oscsync.job.shard.ShardMetrics;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keyed by target table: turns routed change events into ordered sink operations. It loads the
 * key's state, hands each event to its state machine, and emits what comes back: rows pass
 * through; a DDL goes through the source's {@link GhostLifecycle}, then, with a
 * {@code shard-mode}, through {@link ShardCoordination} ({@link io.oscsync.job.shard.PessimisticLock}
 * or {@link io.oscsync.job.shard.OptimisticSchema}). All of it lives in keyed state
 * ({@link CoordinatorState}), so a failover or a savepoint restart mid-migration loses nothing.
 */
public final class Coordinator extends KeyedProcessFunction<String, ChangeEvent, SinkOp>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    private final Map<String, InstanceRules> rulesBySource;
    private final TaskConfig.ShardMode shardMode;
    /** Target key -> the shards routed to it when the job was built (shard modes only). */
    private final Map<String, List<String>> initialShards;

    private final Map<String, String> zones;

    private transient CoordinatorState.Keyed state;
    private transient Map<String, GhostLifecycle> lifecycles;
    private transient ShardCoordination shards; // null without a shard mode
    private transient GhostMetrics ghostMetrics;
    private transient ShardMetrics shardMetrics;
    private transient ListState<Tuple2<String, Long>> metricsState;
    private transient Map<String, Long> restoredMetrics;
    private transient ListState<Tuple2<String, String>> viewState;
    private transient StatusView view;

    public Coordinator(Map<String, InstanceRules> rulesBySource) {
        this(rulesBySource, TaskConfig.ShardMode.NONE, Map.of(), Map.of());
    }

    /** @param zones source id -> the upstream's time zone, in which its DDL's TIMESTAMP literals are read */
    public Coordinator(
            Map<String, InstanceRules> rulesBySource,
            TaskConfig.ShardMode shardMode,
            Map<String, List<String>> initialShards,
            Map<String, String> zones) {
        this.rulesBySource = Map.copyOf(rulesBySource);
        this.shardMode = shardMode;
        this.initialShards = Map.copyOf(initialShards);
        this.zones = Map.copyOf(zones);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        var store = context.getOperatorStateStore();
        viewState = store.getUnionListState(CoordinatorState.STATUS_VIEW);
        metricsState = store.getListState(CoordinatorState.METRICS);
        restoredMetrics = new HashMap<>();
        for (Tuple2<String, Long> m : metricsState.get()) restoredMetrics.merge(m.f0, m.f1, Long::sum);
        // Releases before named metrics kept them by position; read them once (they were never rescaled).
        ListState<Long> inFlight = store.getListState(CoordinatorState.LEGACY_IN_FLIGHT);
        for (Long n : inFlight.get()) restoredMetrics.merge(GhostMetrics.IN_FLIGHT, n, Long::sum);
        inFlight.clear();
        ListState<Long> shardGauges = store.getListState(CoordinatorState.LEGACY_SHARD_METRICS);
        int i = 0;
        for (Long n : shardGauges.get()) restoredMetrics.merge(ShardMetrics.NAMES.get(i++ % 3), n, Long::sum);
        shardGauges.clear();
    }

    @Override
    public void open(Configuration parameters) throws Exception {
        state = new CoordinatorState.Keyed(getRuntimeContext());
        var group = getRuntimeContext().getMetricGroup();
        view = new StatusView(
                group, r -> key(rulesBySource.get(r.sourceId()).router().route(r.origin())));
        var task = getRuntimeContext().getTaskInfo();
        // Union state: every subtask gets every entry, and keeps those of the key groups it owns.
        view.restore(
                viewState.get(),
                key -> KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                key, task.getMaxNumberOfParallelSubtasks(), task.getNumberOfParallelSubtasks())
                        == task.getIndexOfThisSubtask());
        ghostMetrics = new GhostMetrics(group, restoredMetrics);
        shardMetrics = new ShardMetrics(group, restoredMetrics, view);
        GhostLifecycle.Listener ghosts = StatusView.ghosts(ghostMetrics, view);
        lifecycles = new HashMap<>();
        rulesBySource.forEach((source, rules) -> lifecycles.put(
                source,
                new GhostLifecycle(
                        source,
                        rules.classifier(),
                        rules.router(),
                        ghosts,
                        rules.deriveMissingCutOvers(),
                        rules.filter().isEmpty())));
        shards = shardMode == TaskConfig.ShardMode.NONE ? null : new ShardCoordination(shardMode, shardMetrics);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<Tuple2<String, Long>> metrics = new ArrayList<>();
        ghostMetrics.snapshot().forEach((k, v) -> metrics.add(Tuple2.of(k, v)));
        shardMetrics.snapshot().forEach((k, v) -> metrics.add(Tuple2.of(k, v)));
        metricsState.update(metrics);
        viewState.update(view.snapshot());
    }

    @Override
    public void processElement(ChangeEvent e, Context ctx, Collector<SinkOp> out) throws Exception {
        process(e, ctx.getCurrentKey(), out);
    }

    private void process(ChangeEvent e, String key, Collector<SinkOp> out) throws Exception {
        switch (e.kind()) {
            case BARRIER -> out.collect(SinkOp.barrier(e.target(), e.barrier(), e.eventTimeMs()));
            case DEFINITION -> definition(e, out);
            case DDL -> {
                // A DDL spanning keys is bracketed, whatever it turns into here (even nothing).
                if (e.barrier() != null) out.collect(SinkOp.barrier(e.target(), e.barrier(), e.eventTimeMs()));
                BinlogPosition defined = SnapshotTables.olderDefinition(e, state);
                if (defined != null) {
                    LOG.info(
                            "DDL from {} at {}:{} on {} skipped: the table's snapshot definition, read at {}, "
                                    + "holds it: {}",
                            e.sourceId(),
                            e.binlogFile(),
                            e.binlogPos(),
                            e.target(),
                            defined,
                            e.ddl());
                } else {
                    ddl(e, key, out);
                }
                if (e.barrier() != null) {
                    CrossKeyBarrier release =
                            new CrossKeyBarrier(e.barrier().id(), CrossKeyBarrier.Role.RELEASE, List.of());
                    out.collect(SinkOp.barrier(e.target(), release, e.eventTimeMs()));
                }
            }
            default -> {
                if (shards == null || !shards.hold(e, () -> shardOf(e, e.table()), state)) out.collect(row(e));
            }
        }
    }

    /** The first definition of an upstream table creates its target. */
    private void definition(ChangeEvent e, Collector<SinkOp> out) throws Exception {
        DdlStatement create = SnapshotTables.onDefinition(e, rulesBySource.get(e.sourceId()), state);
        if (create == null) return;
        String read = e.binlogFile() == null
                ? "at its first binlog row"
                : "for its snapshot, at " + e.binlogFile() + ":" + e.binlogPos();
        // The definition is read in a UTC session (see SnapshotDefinitions), or now, for a late one.
        out.collect(SinkOp.ddl(
                        e.target(),
                        create,
                        "table creation from the definition of " + e.table() + " read " + read,
                        "+00:00",
                        e.eventTimeMs())
                .withOrigin(e.binlogOrigin() + "#0"));
    }

    private void ddl(ChangeEvent e, String key, Collector<SinkOp> out) throws Exception {
        if (e.statement() == null) throw new IllegalStateException("DDL event not parsed by routing: " + e);
        LOG.info("DDL from {} at {}:{} on {}: {}", e.sourceId(), e.binlogFile(), e.binlogPos(), e.target(), e.ddl());
        TableId subject = e.statement().subject(e.table().schema()); // a DDL event names only the schema
        if (shards == null || subject == null) { // a statement about no table: nothing to coordinate
            emit(e, e.binlogOrigin(), translate(e), out);
            return;
        }
        String shard = shardOf(e, subject);
        try {
            if (shards.hold(e, () -> shard, state)) return;
            // A merged table may rightly differ from one shard's definition: no check against it.
            List<DownstreamDdl> translated = translate(e).stream()
                    .filter(d -> d.mode() != DdlMode.CHECK_COLUMNS)
                    .toList();
            refuseDefinitionMatchInShardMode(e, translated);
            ShardCoordination.Outcome o = shards.onDdl(
                    e,
                    shard,
                    translated,
                    column -> TableChanges.columnIsOptional(e.tableChanges(), column),
                    initialShards.getOrDefault(key, List.of()),
                    state);
            emit(e, o.origin() == null ? e.binlogOrigin() : o.origin(), o.run(), out);
            for (ChangeEvent held : o.released()) process(held, key, out);
        } catch (ShardConflictException ex) {
            throw stop(e, ex);
        }
    }

    /**
     * A cut-over that makes the target match a definition has no statement the shards could agree
     * on or merge: stop, rather than let one shard's definition overwrite the merged table.
     */
    private static void refuseDefinitionMatchInShardMode(ChangeEvent e, List<DownstreamDdl> ddl) {
        for (DownstreamDdl d : ddl) {
            if (d.mode() != DdlMode.RUN) {
                throw stop(
                        e,
                        new IllegalStateException("shard " + e.sourceId() + " "
                                + e.table().schema() + ": "
                                + d.reason() + ". With a shard-mode, osc-sync merges the statements a tool ran on its "
                                + "shadow, and this cut-over has none (a shadow built by a full CREATE TABLE, a revert or a "
                                + "derived cut-over). Make " + e.target()
                                + " match the new definition downstream by hand, "
                                + "then resume from a binlog position after this statement; or run the migration with a tool "
                                + "that ALTERs its shadow (gh-ost, pt-osc, LHM, Spirit)."));
            }
        }
    }

    /** The DDL in target terms, after the source's ghost lifecycles had their say. */
    private List<DownstreamDdl> translate(ChangeEvent e) throws Exception {
        try {
            return lifecycles.get(e.sourceId()).translate(e, state);
        } catch (GhostLifecycle.CutOverException ex) {
            throw stop(e, ex);
        }
    }

    /**
     * Each op gets the event that made it as its origin, {@code at#n} (n: its place among them): the
     * statement itself for a plain DDL, the cut-over's RENAME for a tool's recorded statements, every
     * shard's event for a shard lock's (see {@link io.oscsync.job.shard.PessimisticLock#origin}).
     */
    private void emit(ChangeEvent e, String at, List<DownstreamDdl> ddl, Collector<SinkOp> out) {
        int n = 0;
        for (DownstreamDdl d : ddl) {
            out.collect(
                    SinkOp.ddl(e.target(), d, sessionZone(e), e.eventTimeMs()).withOrigin(at + "#" + n++));
        }
    }

    /** A shard is the origin (a ghost's real table) of an upstream table, in its source. */
    private String shardOf(ChangeEvent e, TableId upstream) {
        TableId origin = rulesBySource.get(e.sourceId()).origin(upstream);
        return ShardCoordination.shardId(e.sourceId(), origin.schema(), origin.table());
    }

    /** Restarting would read the same statement again: fail for good, saying where. */
    private static SuppressRestartsException stop(ChangeEvent e, IllegalStateException ex) {
        return new SuppressRestartsException(new IllegalStateException(
                ex.getMessage() + " [binlog " + e.binlogFile() + ":" + e.binlogPos() + "]", ex));
    }

    private static SinkOp row(ChangeEvent e) {
        SinkOp.Kind kind = switch (e.kind()) {
            case SNAPSHOT, INSERT -> SinkOp.Kind.INSERT;
            case UPDATE -> SinkOp.Kind.UPDATE;
            case DELETE -> SinkOp.Kind.DELETE;
            case DDL, DEFINITION, BARRIER -> throw new IllegalArgumentException("not a row kind");
        };
        return new SinkOp(e.target(), kind, e.columns(), e.before(), e.after(), e.eventTimeMs());
    }

    /**
     * The UTC offset the upstream ran a DDL in, as far as the binlog lets us know: its server's zone
     * at the statement's time (Debezium does not pass on a session's own time_zone). Null: unknown.
     */
    private String sessionZone(ChangeEvent e) {
        String zone = zones.get(e.sourceId());
        if (zone == null) return null;
        ZoneOffset offset = ZoneId.of(zone).getRules().getOffset(Instant.ofEpochMilli(e.eventTimeMs()));
        return offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId();
    }

    /** The key of a target table in keyBy. */
    public static String key(TableId target) {
        return target.toString();
    }
}
