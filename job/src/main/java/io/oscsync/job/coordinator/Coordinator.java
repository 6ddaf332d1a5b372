package io.oscsync.job.coordinator;

import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.event.SinkOp;
import io.oscsync.job.event.VersionedTypeInfo;
import io.oscsync.job.route.InstanceRules;
import io.oscsync.udfs.TableId;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
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

import java.util.Map;

/**
 * Keyed by target table: turns routed change events into ordered sink operations. Rows pass
 * through; DDL goes through {@link DdlHandler}, which follows ghost-table lifecycles kept in
 * keyed state (RocksDB), so a failover or savepoint restart mid-migration loses nothing.
 */
public final class Coordinator extends KeyedProcessFunction<String, ChangeEvent, SinkOp>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    static final MapStateDescriptor<String, GhostRecord> GHOSTS = new MapStateDescriptor<>("ghosts", Types.STRING,
            new VersionedTypeInfo<>(GhostRecord.class, GhostRecordSerializer.INSTANCE));
    /** Definitions of real tables renamed away, kept only with online-ddl-derive-missing. */
    static final MapStateDescriptor<String, String> MOVED_AWAY =
            new MapStateDescriptor<>("moved-away-definitions", Types.STRING, Types.STRING);

    private final Map<String, InstanceRules> rulesBySource;
    private transient MapState<String, GhostRecord> ghosts;
    private transient MapState<String, String> movedAway;
    private transient GhostMetrics metrics;
    /** Migrations in flight on this subtask, for the gauge; kept in operator state so restarts keep it right. */
    private transient ListState<Long> inFlightState;
    private transient long restoredInFlight;

    public Coordinator(Map<String, InstanceRules> rulesBySource) {
        this.rulesBySource = Map.copyOf(rulesBySource);
    }

    @Override
    public void open(Configuration parameters) {
        ghosts = getRuntimeContext().getMapState(GHOSTS);
        movedAway = getRuntimeContext().getMapState(MOVED_AWAY);
        metrics = new GhostMetrics(getRuntimeContext().getMetricGroup(), restoredInFlight);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        inFlightState = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("ghost-migrations-in-flight", Types.LONG));
        restoredInFlight = 0;
        for (Long n : inFlightState.get()) restoredInFlight += n;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        inFlightState.update(java.util.List.of(metrics.inFlight()));
    }

    @Override
    public void processElement(ChangeEvent e, Context ctx, Collector<SinkOp> out) throws Exception {
        if (e.kind().isRow()) {
            out.collect(new SinkOp(e.target(), rowKind(e.kind()), e.columns(), e.before(), e.after(), null,
                    e.eventTimeMs()));
            return;
        }
        InstanceRules rules = rulesBySource.get(e.sourceId());
        LOG.info("DDL from {} at {}:{} on {}: {}", e.sourceId(), e.binlogFile(), e.binlogPos(), e.target(), e.ddl());
        DdlHandler handler = new DdlHandler(e.sourceId(), rules.classifier(), rules.router(), metrics,
                rules.deriveMissingCutOvers(), e.tableChanges());
        try {
            for (String ddl : handler.handle(e.ddl(), e.table().schema(), store())) {
                out.collect(SinkOp.ddl(e.target(), ddl, e.eventTimeMs()));
            }
        } catch (DdlHandler.CutOverException ex) {
            throw new SuppressRestartsException(new IllegalStateException(ex.getMessage() + " [binlog "
                    + e.binlogFile() + ":" + e.binlogPos() + "]", ex));
        }
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
            case DDL -> throw new IllegalArgumentException("not a row kind");
        };
    }

    /** The key of a target table in keyBy. */
    public static String key(TableId target) {
        return target.toString();
    }
}
