package io.oscsync.job.cli;

import io.oscsync.job.Uids;
import io.oscsync.job.coordinator.CoordinatorState;
import io.oscsync.job.coordinator.GhostRecord;
import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.shard.OptimisticSchema;
import io.oscsync.job.shard.PessimisticLock;
import io.oscsync.job.sink.handle.HandledDdl;
import io.oscsync.job.sink.handle.HandledDdlSerializer;
import io.oscsync.udfs.ddl.DdlStatement;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code inspect --savepoint PATH}: what osc-sync keeps in a savepoint or retained checkpoint,
 * read with Flink's State Processor API, like DM's status commands show for a live task: the
 * migrations in flight (table, ghost, recorded DDL), pending shard locks, held events.
 */
public final class SavepointInspector {
    /** Flink's name for a stateful sink writer's list state (SinkWriterOperator, 1.20). */
    private static final String WRITER_STATE = "writer_raw_states";

    private SavepointInspector() {}

    /** One target table's coordinator state, as text lines. */
    record TargetState(String target, List<String> lines, int migrations, int locks, long held) {
        /** As one string, so the reader's output needs no serializer of its own: counts, then the lines. */
        String encode() {
            return migrations + "\t" + locks + "\t" + held + "\t" + target + "\n" + String.join("\n", lines);
        }

        static TargetState decode(String s) {
            String[] lines = s.split("\n", -1);
            String[] head = lines[0].split("\t", 4);
            List<String> rest = lines.length == 1 || (lines.length == 2 && lines[1].isEmpty())
                    ? List.of()
                    : List.of(lines).subList(1, lines.length);
            return new TargetState(
                    head[3], rest, Integer.parseInt(head[0]), Integer.parseInt(head[1]), Long.parseLong(head[2]));
        }
    }

    public static int run(String savepoint, PrintStream out) throws Exception {
        Configuration conf = new Configuration();
        if (SavepointInspector.class.getClassLoader() != ClassLoader.getSystemClassLoader()) {
            // Started by the java -jar launcher: as in EmbeddedRunner, the reading job names our jar.
            conf.set(
                    PipelineOptions.CLASSPATHS,
                    List.of(SavepointInspector.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toString()));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        SavepointReader reader = SavepointReader.read(env, savepoint);
        Map<String, TargetState> byTarget = new TreeMap<>();
        try (CloseableIterator<String> it = reader.readKeyedState(
                        OperatorIdentifier.forUid(Uids.COORDINATOR), new Reader(), Types.STRING, Types.STRING)
                .executeAndCollect()) {
            it.forEachRemaining(encoded -> {
                TargetState s = TargetState.decode(encoded);
                byTarget.put(s.target(), s);
            });
        }
        int migrations = 0, locks = 0;
        long held = 0;
        out.println("osc-sync state in " + savepoint);
        for (TargetState s : byTarget.values()) {
            if (s.lines().isEmpty()) continue;
            out.println("target " + s.target());
            s.lines().forEach(l -> out.println("  " + l));
            migrations += s.migrations();
            locks += s.locks();
            held += s.held();
        }
        List<HandledDdl> handled = handledDdl(reader);
        for (HandledDdl h : handled) {
            out.println("--handle-ddl " + h.fingerprint() + "=" + h.action() + " used on: " + h.statement());
        }
        out.println("summary: migrations_in_flight=" + migrations + " shard_locks_pending=" + locks + " held_events="
                + held + " handled_ddl=" + handled.size());
        return 0;
    }

    /** The sink writer's state: the --handle-ddl decisions used (none in savepoints of releases before it). */
    private static List<HandledDdl> handledDdl(SavepointReader reader) throws Exception {
        List<HandledDdl> out = new ArrayList<>();
        HandledDdlSerializer serializer = new HandledDdlSerializer();
        try (CloseableIterator<byte[]> it = reader.readListState(
                        OperatorIdentifier.forUid(Uids.SINK),
                        WRITER_STATE,
                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                .executeAndCollect()) {
            while (it.hasNext()) out.add(SimpleVersionedSerialization.readVersionAndDeSerialize(serializer, it.next()));
        }
        out.sort(java.util.Comparator.comparing(HandledDdl::fingerprint));
        return out;
    }

    /** Reads one target key's coordinator state with the same descriptors the job writes it with. */
    static final class Reader extends KeyedStateReaderFunction<String, String> {
        private transient MapState<String, GhostRecord> ghosts;
        private transient ValueState<List<String>> members;
        private transient ValueState<PessimisticLock> lock;
        private transient ListState<ChangeEvent> held;
        private transient MapState<String, PessimisticLock> changes;
        private transient ValueState<OptimisticSchema> schema;

        @Override
        public void open(Configuration parameters) {
            ghosts = getRuntimeContext().getMapState(CoordinatorState.GHOSTS);
            members = getRuntimeContext().getState(CoordinatorState.SHARD_MEMBERS);
            lock = getRuntimeContext().getState(CoordinatorState.SHARD_LOCK);
            held = getRuntimeContext().getListState(CoordinatorState.SHARD_HELD);
            changes = getRuntimeContext().getMapState(CoordinatorState.SHARD_CHANGES);
            schema = getRuntimeContext().getState(CoordinatorState.SHARD_SCHEMA);
        }

        @Override
        public void readKey(String key, Context ctx, Collector<String> out) throws Exception {
            List<String> lines = new ArrayList<>();
            int migrations = 0;
            for (GhostRecord r : ghosts.values()) {
                migrations++;
                lines.add("migration in flight: " + r.origin() + " via ghost " + r.ghost() + " (source " + r.sourceId()
                        + "), " + r.ddls().size() + " recorded DDL(s):");
                for (DdlStatement ddl : r.ddls()) lines.add("  " + ddl.sql());
            }
            PessimisticLock l = lock.value();
            List<String> shards = members.value();
            if (l != null) {
                List<String> waiting = new ArrayList<>(shards == null ? List.of() : shards);
                waiting.removeAll(l.reached());
                lines.add("shard lock pending: " + PessimisticLock.texts(l.statements()) + ", first " + l.firstShard()
                        + "; reached by " + l.reached() + "; waiting for " + waiting);
            }
            long count = 0;
            for (ChangeEvent ignored : held.get()) count++;
            if (count > 0) lines.add("held events: " + count);
            for (Map.Entry<String, PessimisticLock> c :
                    changes.entries()) { // written by releases before shard-optimistic-schema
                lines.add("optimistic " + c.getKey() + ": "
                        + PessimisticLock.texts(c.getValue().statements()) + ", by "
                        + c.getValue().reached());
            }
            OptimisticSchema s = schema.value();
            if (s != null) {
                for (Map.Entry<String, OptimisticSchema.Item> i : s.items().entrySet()) {
                    OptimisticSchema.Item item = i.getValue();
                    lines.add("optimistic " + i.getKey() + ": target has [" + item.target() + "], shards "
                            + item.shards()
                            + (item.pendingDrop() == null
                                    ? ""
                                    : ", drop waiting: " + item.pendingDrop().sql()));
                }
            }
            if (shards != null && !lines.isEmpty()) lines.add("shards: " + shards);
            out.collect(new TargetState(key, lines, migrations, l == null ? 0 : 1, count).encode());
        }
    }
}
