package io.oscsync.job.coordinator;

import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.event.VersionedTypeInfo;
import io.oscsync.job.shard.OptimisticSchema;
import io.oscsync.job.shard.OptimisticSchemaSerializer;
import io.oscsync.job.shard.PessimisticLock;
import io.oscsync.job.shard.ShardCoordination;
import io.oscsync.job.shard.ShardLockSerializer;
import io.oscsync.udfs.TableId;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The coordinator's state: every descriptor in one place (the job writes with them,
 * {@link io.oscsync.job.cli.SavepointInspector} reads with them), and the view of one target
 * key's state that the state machines are given. Names and serializers are a savepoint format:
 * never rename one; add a descriptor and convert instead.
 */
public final class CoordinatorState {
    public static final MapStateDescriptor<String, GhostRecord> GHOSTS = new MapStateDescriptor<>(
            "ghosts", Types.STRING, new VersionedTypeInfo<>(GhostRecord.class, GhostRecordSerializer.INSTANCE));
    /** Real table -> the trash name it was renamed to, until the cut-over or revert that follows (see {@link GhostLifecycle}). */
    public static final MapStateDescriptor<String, String> MOVED_AWAY =
            new MapStateDescriptor<>("moved-away-definitions", Types.STRING, Types.STRING);
    /** Upstream table -> the binlog position its snapshot definition was read at (see {@link SnapshotTables}). */
    public static final MapStateDescriptor<String, String> SNAPSHOT_DEFINITIONS =
            new MapStateDescriptor<>("snapshot-definitions", Types.STRING, Types.STRING);

    public static final ValueStateDescriptor<List<String>> SHARD_MEMBERS =
            new ValueStateDescriptor<>("shard-members", Types.LIST(Types.STRING));
    public static final ValueStateDescriptor<PessimisticLock> SHARD_LOCK = new ValueStateDescriptor<>(
            "shard-lock", new VersionedTypeInfo<>(PessimisticLock.class, ShardLockSerializer.INSTANCE));
    public static final ListStateDescriptor<ChangeEvent> SHARD_HELD =
            new ListStateDescriptor<>("shard-held-events", VersionedTypeInfo.CHANGE_EVENT);
    /** Optimistic mode before {@link #SHARD_SCHEMA}: kept so older savepoints restore; read once, then cleared. */
    public static final MapStateDescriptor<String, PessimisticLock> SHARD_CHANGES = new MapStateDescriptor<>(
            "shard-changes",
            Types.STRING,
            new VersionedTypeInfo<>(PessimisticLock.class, ShardLockSerializer.INSTANCE));

    public static final ValueStateDescriptor<OptimisticSchema> SHARD_SCHEMA = new ValueStateDescriptor<>(
            "shard-optimistic-schema",
            new VersionedTypeInfo<>(OptimisticSchema.class, OptimisticSchemaSerializer.INSTANCE));

    /** Operator state: the subtask's gauges as (name, value), so a rescale sums them by name. */
    public static final ListStateDescriptor<Tuple2<String, Long>> METRICS =
            new ListStateDescriptor<>("coordinator-metrics", Types.TUPLE(Types.STRING, Types.LONG));
    /**
     * Union operator state: the {@link StatusView} entries as (target key, entry); each subtask
     * keeps those of its key groups on restore. Absent from savepoints of earlier releases.
     */
    public static final ListStateDescriptor<Tuple2<String, String>> STATUS_VIEW =
            new ListStateDescriptor<>("coordinator-status-view", Types.TUPLE(Types.STRING, Types.STRING));
    /** Operator state of releases before {@link #METRICS}: migrations in flight. Read once, then cleared. */
    public static final ListStateDescriptor<Long> LEGACY_IN_FLIGHT =
            new ListStateDescriptor<>("ghost-migrations-in-flight", Types.LONG);
    /** Operator state of releases before {@link #METRICS}: shard gauges by position, three per subtask. */
    public static final ListStateDescriptor<Long> LEGACY_SHARD_METRICS =
            new ListStateDescriptor<>("shard-metrics", Types.LONG);

    private CoordinatorState() {}

    /** The current key's state, as the state machines see it; Flink scopes each handle to the key being processed. */
    static final class Keyed implements GhostLifecycle.Store, ShardCoordination.State, SnapshotTables.Store {
        private final MapState<String, GhostRecord> ghosts;
        private final MapState<String, String> movedAway;
        private final MapState<String, String> definitions;
        private final ValueState<List<String>> members;
        private final ValueState<PessimisticLock> lock;
        private final ListState<ChangeEvent> held;
        private final MapState<String, PessimisticLock> legacyChanges;
        private final ValueState<OptimisticSchema> schema;

        Keyed(RuntimeContext ctx) {
            ghosts = ctx.getMapState(GHOSTS);
            movedAway = ctx.getMapState(MOVED_AWAY);
            definitions = ctx.getMapState(SNAPSHOT_DEFINITIONS);
            members = ctx.getState(SHARD_MEMBERS);
            lock = ctx.getState(SHARD_LOCK);
            held = ctx.getListState(SHARD_HELD);
            legacyChanges = ctx.getMapState(SHARD_CHANGES);
            schema = ctx.getState(SHARD_SCHEMA);
        }

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
        public boolean hasGhostOf(String sourceId, TableId origin) throws Exception {
            for (GhostRecord r : ghosts.values()) {
                if (r.sourceId().equals(sourceId) && r.origin().equals(origin)) return true;
            }
            return false;
        }

        @Override
        public void putMovedAway(String key, String trashName) throws Exception {
            movedAway.put(key, trashName);
        }

        @Override
        public String takeMovedAway(String key) throws Exception {
            String trashName = movedAway.get(key);
            if (trashName != null) movedAway.remove(key);
            return trashName;
        }

        @Override
        public String definitionPosition(String upstreamKey) throws Exception {
            return definitions.get(upstreamKey);
        }

        @Override
        public void putDefinitionPosition(String upstreamKey, String position) throws Exception {
            definitions.put(upstreamKey, position);
        }

        @Override
        public Set<String> members() throws Exception {
            List<String> m = members.value();
            return m == null ? null : new TreeSet<>(m);
        }

        @Override
        public void setMembers(Set<String> m) throws Exception {
            members.update(new ArrayList<>(m));
        }

        @Override
        public PessimisticLock lock() throws Exception {
            return lock.value();
        }

        @Override
        public void setLock(PessimisticLock l) throws Exception {
            if (l == null) lock.clear();
            else lock.update(l);
        }

        @Override
        public void hold(ChangeEvent e) throws Exception {
            held.add(e);
        }

        @Override
        public List<ChangeEvent> takeHeld() throws Exception {
            List<ChangeEvent> out = new ArrayList<>();
            for (ChangeEvent e : held.get()) out.add(e);
            held.clear();
            return out;
        }

        @Override
        public OptimisticSchema schema() throws Exception {
            OptimisticSchema s = schema.value();
            if (s != null) return s;
            Map<String, PessimisticLock> legacy = new HashMap<>();
            for (Map.Entry<String, PessimisticLock> c : legacyChanges.entries()) legacy.put(c.getKey(), c.getValue());
            return legacy.isEmpty() ? OptimisticSchema.EMPTY : OptimisticSchema.fromLegacy(legacy);
        }

        @Override
        public void setSchema(OptimisticSchema s) throws Exception {
            legacyChanges.clear(); // converted by schema()
            if (s.isEmpty()) schema.clear();
            else schema.update(s);
        }
    }
}
