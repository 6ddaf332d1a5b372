package io.oscsync.job.coordinator;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.event.DownstreamDdl;
import io.oscsync.job.event.SinkOp;
import io.oscsync.job.event.VersionedTypeInfo;
import io.oscsync.job.route.InstanceRules;
import io.oscsync.job.shard.OptimisticSchema;
import io.oscsync.job.shard.OptimisticSchemaSerializer;
import io.oscsync.job.shard.ShardConflictException;
import io.oscsync.job.shard.ShardCoordination;
import io.oscsync.job.shard.ShardLock;
import io.oscsync.job.shard.ShardLockSerializer;
import io.oscsync.job.shard.ShardMetrics;
import io.oscsync.job.shard.ShardState;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keyed by target table: turns routed change events into ordered sink operations. Rows pass
 * through; DDL goes through {@link DdlHandler}, which follows ghost-table lifecycles kept in
 * keyed state (RocksDB), so a failover or savepoint restart mid-migration loses nothing. With a
 * {@code shard-mode}, {@link ShardCoordination} sits in between: the target's shards must agree
 * on each schema change (see {@link io.oscsync.job.shard}).
 */
public final class Coordinator extends KeyedProcessFunction<String, ChangeEvent, SinkOp>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    public static final MapStateDescriptor<String, GhostRecord> GHOSTS = new MapStateDescriptor<>("ghosts", Types.STRING,
            new VersionedTypeInfo<>(GhostRecord.class, GhostRecordSerializer.INSTANCE));
    /** Definitions of real tables renamed away, kept only with online-ddl-derive-missing. */
    static final MapStateDescriptor<String, String> MOVED_AWAY =
            new MapStateDescriptor<>("moved-away-definitions", Types.STRING, Types.STRING);

    /** Upstream table -> the binlog position its snapshot definition was read at (see {@link SnapshotTables}). */
    static final MapStateDescriptor<String, String> SNAPSHOT_DEFINITIONS =
            new MapStateDescriptor<>("snapshot-definitions", Types.STRING, Types.STRING);

    public static final ValueStateDescriptor<List<String>> SHARD_MEMBERS =
            new ValueStateDescriptor<>("shard-members", Types.LIST(Types.STRING));
    public static final ValueStateDescriptor<ShardLock> SHARD_LOCK = new ValueStateDescriptor<>("shard-lock",
            new VersionedTypeInfo<>(ShardLock.class, ShardLockSerializer.INSTANCE));
    public static final ListStateDescriptor<ChangeEvent> SHARD_HELD =
            new ListStateDescriptor<>("shard-held-events", VersionedTypeInfo.CHANGE_EVENT);
    /** Optimistic mode before {@link #SHARD_SCHEMA}: kept so older savepoints restore; read once, then cleared. */
    public static final MapStateDescriptor<String, ShardLock> SHARD_CHANGES = new MapStateDescriptor<>("shard-changes",
            Types.STRING, new VersionedTypeInfo<>(ShardLock.class, ShardLockSerializer.INSTANCE));
    public static final ValueStateDescriptor<OptimisticSchema> SHARD_SCHEMA = new ValueStateDescriptor<>(
            "shard-optimistic-schema", new VersionedTypeInfo<>(OptimisticSchema.class,
            OptimisticSchemaSerializer.INSTANCE));

    private final Map<String, InstanceRules> rulesBySource;
    private final TaskConfig.ShardMode shardMode;
    /** Target key -> the shards routed to it when the job was built (shard modes only). */
    private final Map<String, List<String>> initialShards;
    private final Map<String, String> zones;
    private transient MapState<String, GhostRecord> ghosts;
    private transient MapState<String, String> movedAway;
    private transient MapState<String, String> snapshotDefinitions;
    private transient GhostMetrics metrics;
    /** Migrations in flight on this subtask, for the gauge; kept in operator state so restarts keep it right. */
    private transient ListState<Long> inFlightState;
    private transient long restoredInFlight;

    private transient ValueState<List<String>> shardMembers;
    private transient ValueState<ShardLock> shardLock;
    private transient ListState<ChangeEvent> shardHeld;
    private transient MapState<String, ShardLock> shardChanges;
    private transient ValueState<OptimisticSchema> shardSchema;
    private transient ShardMetrics shardMetrics;
    private transient ListState<Long> shardMetricsState;
    private transient long[] restoredShardMetrics;

    public Coordinator(Map<String, InstanceRules> rulesBySource) {
        this(rulesBySource, TaskConfig.ShardMode.NONE, Map.of(), Map.of());
    }

    /** @param zones source id -> the upstream's time zone, in which its DDL's TIMESTAMP literals are read */
    public Coordinator(Map<String, InstanceRules> rulesBySource, TaskConfig.ShardMode shardMode,
                       Map<String, List<String>> initialShards, Map<String, String> zones) {
        this.rulesBySource = Map.copyOf(rulesBySource);
        this.shardMode = shardMode;
        this.initialShards = Map.copyOf(initialShards);
        this.zones = Map.copyOf(zones);
    }

    @Override
    public void open(Configuration parameters) {
        ghosts = getRuntimeContext().getMapState(GHOSTS);
        movedAway = getRuntimeContext().getMapState(MOVED_AWAY);
        snapshotDefinitions = getRuntimeContext().getMapState(SNAPSHOT_DEFINITIONS);
        metrics = new GhostMetrics(getRuntimeContext().getMetricGroup(), restoredInFlight);
        shardMembers = getRuntimeContext().getState(SHARD_MEMBERS);
        shardLock = getRuntimeContext().getState(SHARD_LOCK);
        shardHeld = getRuntimeContext().getListState(SHARD_HELD);
        shardChanges = getRuntimeContext().getMapState(SHARD_CHANGES);
        shardSchema = getRuntimeContext().getState(SHARD_SCHEMA);
        shardMetrics = new ShardMetrics(getRuntimeContext().getMetricGroup(), restoredShardMetrics);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        inFlightState = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("ghost-migrations-in-flight", Types.LONG));
        restoredInFlight = 0;
        for (Long n : inFlightState.get()) restoredInFlight += n;
        shardMetricsState = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("shard-metrics", Types.LONG));
        restoredShardMetrics = new long[3];
        int i = 0;
        for (Long n : shardMetricsState.get()) restoredShardMetrics[i++ % 3] += n;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        inFlightState.update(List.of(metrics.inFlight()));
        long[] m = shardMetrics.snapshot();
        shardMetricsState.update(List.of(m[0], m[1], m[2]));
    }

    @Override
    public void processElement(ChangeEvent e, Context ctx, Collector<SinkOp> out) throws Exception {
        if (e.kind() == ChangeEvent.Kind.DEFINITION) {
            String create = SnapshotTables.onDefinition(e, rulesBySource.get(e.sourceId()), definitions());
            if (create != null) {
                String read = e.binlogFile() == null ? "at its first binlog row"
                        : "for its snapshot, at " + e.binlogFile() + ":" + e.binlogPos();
                // The definition is read in a UTC session (see SnapshotDefinitions), or now, for a late one.
                out.collect(SinkOp.ddl(e.target(), create, "table creation from the definition of " + e.table()
                        + " read " + read, "+00:00", e.eventTimeMs()));
            }
            return;
        }
        if (e.kind() == ChangeEvent.Kind.DDL) {
            BinlogPosition defined = SnapshotTables.olderDefinition(e, definitions());
            if (defined != null) {
                LOG.info("DDL from {} at {}:{} on {} skipped: the table's snapshot definition, read at {}, holds it: {}",
                        e.sourceId(), e.binlogFile(), e.binlogPos(), e.target(), defined, e.ddl());
                return;
            }
        }
        if (shardMode != TaskConfig.ShardMode.NONE) {
            try {
                new ShardCoordination(shardMode, shardState(), shardDownstream(out), shardMetrics,
                        initialShards.getOrDefault(ctx.getCurrentKey(), List.of())).process(e);
            } catch (ShardConflictException ex) {
                throw new SuppressRestartsException(new IllegalStateException(ex.getMessage() + " [binlog "
                        + e.binlogFile() + ":" + e.binlogPos() + "]", ex));
            }
            return;
        }
        if (e.kind().isRow()) {
            out.collect(row(e));
            return;
        }
        for (DownstreamDdl d : translate(e)) {
            out.collect(SinkOp.ddl(e.target(), d.sql(), d.reason(), sessionZone(e), e.eventTimeMs()));
        }
    }

    /** The DDL for the downstream, in target names, after the ghost lifecycles had their say. */
    private List<DownstreamDdl> translate(ChangeEvent e) throws Exception {
        InstanceRules rules = rulesBySource.get(e.sourceId());
        LOG.info("DDL from {} at {}:{} on {}: {}", e.sourceId(), e.binlogFile(), e.binlogPos(), e.target(), e.ddl());
        DdlHandler handler = new DdlHandler(e.sourceId(), rules.classifier(), rules.router(), metrics,
                rules.deriveMissingCutOvers(), e.tableChanges());
        try {
            return handler.handle(e.ddl(), e.table().schema(), store());
        } catch (DdlHandler.CutOverException ex) {
            throw new SuppressRestartsException(new IllegalStateException(ex.getMessage() + " [binlog "
                    + e.binlogFile() + ":" + e.binlogPos() + "]", ex));
        }
    }

    private static SinkOp row(ChangeEvent e) {
        return new SinkOp(e.target(), rowKind(e.kind()), e.columns(), e.before(), e.after(), null, e.eventTimeMs());
    }

    private ShardCoordination.Downstream shardDownstream(Collector<SinkOp> out) {
        return new ShardCoordination.Downstream() {
            @Override
            public String shardOf(ChangeEvent e) {
                TableId upstream = e.kind().isRow() ? e.table()
                        : DdlStatement.parse(e.ddl()).subject(e.table().schema()); // a DDL event names only the schema
                if (upstream == null) return null;
                TableId origin = rulesBySource.get(e.sourceId()).origin(upstream);
                return ShardCoordination.shardId(e.sourceId(), origin.schema(), origin.table());
            }

            @Override
            public List<DownstreamDdl> translate(ChangeEvent e) throws Exception {
                return Coordinator.this.translate(e);
            }

            @Override
            public void row(ChangeEvent e) {
                out.collect(Coordinator.row(e));
            }

            @Override
            public void ddl(ChangeEvent e, String statement, String reason) {
                out.collect(SinkOp.ddl(e.target(), statement, reason, sessionZone(e), e.eventTimeMs()));
            }

            @Override
            public Boolean columnIsOptional(ChangeEvent e, String column) {
                return DefinitionDiff.columnIsOptional(e.tableChanges(), column);
            }
        };
    }

    private ShardState shardState() {
        return new ShardState() {
            @Override
            public Set<String> members() throws Exception {
                List<String> m = shardMembers.value();
                return m == null ? null : new TreeSet<>(m);
            }

            @Override
            public void setMembers(Set<String> members) throws Exception {
                shardMembers.update(new ArrayList<>(members));
            }

            @Override
            public ShardLock lock() throws Exception {
                return shardLock.value();
            }

            @Override
            public void setLock(ShardLock lock) throws Exception {
                if (lock == null) shardLock.clear();
                else shardLock.update(lock);
            }

            @Override
            public void hold(ChangeEvent e) throws Exception {
                shardHeld.add(e);
            }

            @Override
            public List<ChangeEvent> takeHeld() throws Exception {
                List<ChangeEvent> held = new ArrayList<>();
                for (ChangeEvent e : shardHeld.get()) held.add(e);
                shardHeld.clear();
                return held;
            }

            @Override
            public OptimisticSchema schema() throws Exception {
                OptimisticSchema schema = shardSchema.value();
                if (schema != null) return schema;
                Map<String, ShardLock> legacy = new HashMap<>();
                for (Map.Entry<String, ShardLock> c : shardChanges.entries()) legacy.put(c.getKey(), c.getValue());
                return legacy.isEmpty() ? OptimisticSchema.EMPTY : OptimisticSchema.fromLegacy(legacy);
            }

            @Override
            public void setSchema(OptimisticSchema schema) throws Exception {
                shardChanges.clear(); // converted by schema()
                if (schema.isEmpty()) shardSchema.clear();
                else shardSchema.update(schema);
            }
        };
    }

    private SnapshotTables.Store definitions() {
        return new SnapshotTables.Store() {
            @Override
            public String get(String upstreamKey) throws Exception {
                return snapshotDefinitions.get(upstreamKey);
            }

            @Override
            public void put(String upstreamKey, String position) throws Exception {
                snapshotDefinitions.put(upstreamKey, position);
            }
        };
    }

    private DdlHandler.GhostStore store() {
        return new DdlHandler.GhostStore() {
            @Override
            public GhostRecord get(String key) throws Exception {
                return ghosts.get(key);
            }

            @Override
            public void put(String key, GhostRecord record) throws Exception {
                ghosts.put(key, record);
            }

            @Override
            public void remove(String key) throws Exception {
                ghosts.remove(key);
            }

            @Override
            public void putMovedAway(String key, String definition) throws Exception {
                movedAway.put(key, definition);
            }

            @Override
            public String takeMovedAway(String key) throws Exception {
                String definition = movedAway.get(key);
                if (definition != null) movedAway.remove(key);
                return definition;
            }

            @Override
            public boolean hasGhostOf(String sourceId, TableId origin) throws Exception {
                for (GhostRecord r : ghosts.values()) {
                    if (r.sourceId().equals(sourceId) && r.origin().equals(origin)) return true;
                }
                return false;
            }
        };
    }

    private static SinkOp.Kind rowKind(ChangeEvent.Kind kind) {
        return switch (kind) {
            case SNAPSHOT, INSERT -> SinkOp.Kind.INSERT;
            case UPDATE -> SinkOp.Kind.UPDATE;
            case DELETE -> SinkOp.Kind.DELETE;
            case DDL, DEFINITION -> throw new IllegalArgumentException("not a row kind");
        };
    }

    /**
     * The UTC offset the upstream ran a DDL in, as far as the binlog lets us know: its server's zone
     * at the statement's time (Debezium does not pass on a session's own time_zone). Null: unknown.
     */
    private String sessionZone(ChangeEvent e) {
        String zone = zones.get(e.sourceId());
        if (zone == null) return null;
        java.time.ZoneOffset offset = java.time.ZoneId.of(zone).getRules()
                .getOffset(java.time.Instant.ofEpochMilli(e.eventTimeMs()));
        return offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId();
    }

    /** The key of a target table in keyBy. */
    public static String key(TableId target) {
        return target.toString();
    }
}
