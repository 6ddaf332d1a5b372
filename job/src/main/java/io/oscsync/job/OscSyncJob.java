package io.oscsync.job;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.coordinator.Coordinator;
import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.event.SinkOp;
import io.oscsync.job.event.VersionedTypeInfo;
import io.oscsync.job.route.ClassifyAndRoute;
import io.oscsync.job.route.InstanceRules;
import io.oscsync.job.shard.ShardCoordination;
import io.oscsync.job.sink.TiDbSink;
import io.oscsync.job.sink.handle.DdlDecisions;
import io.oscsync.job.source.CdcSources;
import io.oscsync.job.source.UpstreamInfo;
import io.oscsync.udfs.TableId;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job graph, assembled in one place, one method per stage.
 *
 * <p>The coordinator and the sink run at the keyed parallelism P ({@link #keyedParallelism}), keyed
 * by target table over {@link TaskConfig#MAX_PARALLELISM} key groups. DDL that spans keys keeps its
 * binlog order through the protocol described in {@link io.oscsync.job.sink.committer}.
 */
public final class OscSyncJob {

    private OscSyncJob() {}

    /**
     * @param upstreams source id -> what the start-up checks learned of that upstream
     */
    public static void build(StreamExecutionEnvironment env, TaskConfig task, Map<String, UpstreamInfo> upstreams) {
        build(env, task, upstreams, DdlDecisions.NONE);
    }

    /**
     * @param upstreams source id -> what the start-up checks learned of that upstream
     * @param decisions the {@code --handle-ddl} decisions of this run
     */
    public static void build(
            StreamExecutionEnvironment env,
            TaskConfig task,
            Map<String, UpstreamInfo> upstreams,
            DdlDecisions decisions) {
        requireAlignedCheckpoints(env, task);
        Map<String, InstanceRules> rulesBySource = new LinkedHashMap<>();
        DataStream<ChangeEvent> routed = null;
        for (TaskConfig.Instance inst : task.mysqlInstances()) {
            InstanceRules rules = InstanceRules.of(task, inst);
            rulesBySource.put(inst.sourceId(), rules);
            DataStream<ChangeEvent> one = classifyAndRoute(
                    source(env, task, inst, rules, upstreams.get(inst.sourceId())),
                    rules,
                    upstreams.get(inst.sourceId()));
            routed = routed == null ? one : routed.union(one);
        }
        Map<String, String> zones = new LinkedHashMap<>();
        upstreams.forEach((sourceId, info) -> zones.put(sourceId, info.timeZone()));
        int p = keyedParallelism(task, env);
        sink(
                coordinate(
                        routed,
                        rulesBySource,
                        task.shardMode(),
                        initialShards(task, rulesBySource, upstreams),
                        zones,
                        p),
                task,
                p,
                decisions);
    }

    /** The task's {@code parallelism}, else Flink's {@code parallelism.default} when configured, else 1. */
    static int keyedParallelism(TaskConfig task, StreamExecutionEnvironment env) {
        if (task.parallelism() != null) return task.parallelism();
        return Math.min(
                TaskConfig.MAX_PARALLELISM,
                env.getConfiguration()
                        .getOptional(CoreOptions.DEFAULT_PARALLELISM)
                        .orElse(1));
    }

    /** Target key -> the upstream tables routed to it now: the members each shard group starts with. */
    static Map<String, List<String>> initialShards(
            TaskConfig task, Map<String, InstanceRules> rulesBySource, Map<String, UpstreamInfo> upstreams) {
        Map<String, List<String>> shards = new TreeMap<>();
        if (task.shardMode() == TaskConfig.ShardMode.NONE) return shards;
        rulesBySource.forEach((sourceId, rules) -> {
            for (TableId t : upstreams.get(sourceId).tables()) {
                shards.computeIfAbsent(Coordinator.key(rules.router().route(t)), k -> new ArrayList<>())
                        .add(ShardCoordination.shardId(sourceId, t.schema(), t.table()));
            }
        });
        return shards;
    }

    /**
     * A parallel snapshot (S > 1) hands the binlog to a reader only after a checkpoint completed,
     * and its order against the snapshot's rows rests on aligned barriers (see {@link #source}).
     */
    static void requireAlignedCheckpoints(StreamExecutionEnvironment env, TaskConfig task) {
        boolean parallelSnapshot = task.mysqlInstances().stream().anyMatch(i -> i.snapshotThreads() > 1);
        if (!parallelSnapshot) return;
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            throw new IllegalStateException("a snapshot read by several readers (mydumper-thread > 1) needs"
                    + " checkpointing: Flink CDC starts the binlog only after a checkpoint completes");
        }
        if (env.getCheckpointConfig().isUnalignedCheckpointsEnabled()) {
            throw new IllegalStateException("a snapshot read by several readers (mydumper-thread > 1) needs aligned"
                    + " checkpoints: unaligned barriers let a binlog change overtake a snapshot row of its key");
        }
    }

    /**
     * Source: one per instance, reading snapshot chunks with {@link TaskConfig.Instance#snapshotThreads}
     * readers (S); the binlog always has one reader.
     *
     * <p>Why a chunk's rows never reach ClassifyAndRoute after a later binlog change of a key in
     * that chunk, at any S (Flink CDC 3.5.0, flink-connector-mysql-cdc, release-3.5.0):
     * <ol>
     *   <li>Within a key: a chunk is read between a low and a high watermark and the binlog in
     *       between is merged into it (backfill, on: the builder never skips it), so its rows are
     *       the chunk at its high watermark; the binlog reader emits a change of a key of that
     *       chunk only when its position is after the chunk's high watermark
     *       (BinlogSplitReader#shouldEmit, lines 258-295).</li>
     *   <li>Across readers: a reader emits a chunk's rows, then (same thread) reports the chunk
     *       finished to the enumerator (MySqlSourceReader#onSplitFinished, 156-203). The
     *       enumerator's checkpoint c that first sees every chunk finished is recorded
     *       (MySqlSnapshotSplitAssigner#snapshotState, 454-458; MySqlSourceReader#reportFinishedSnapshotSplitsIfNeed,
     *       373-381, sends the report); Flink snapshots the enumerator
     *       before it injects barrier c into the readers, so every reader emitted its chunks'
     *       rows before its barrier c.</li>
     *   <li>The binlog split is created only when the snapshot assigner is finished
     *       (MySqlHybridSplitAssigner#getNext, 115-126), which at S > 1 happens only on completion
     *       of checkpoint c or later (MySqlSnapshotSplitAssigner#notifyCheckpointComplete, 463-474;
     *       MySqlSourceEnumerator#notifyCheckpointComplete assigns it, 189-193). Completion means
     *       every reader has already emitted barrier c, so all binlog records follow barrier c in
     *       the channel of the reader that holds the binlog. (At S = 1 the assigner skips the
     *       wait, onFinishedSplits 414-416: one reader, one FIFO channel.)</li>
     *   <li>ClassifyAndRoute (parallelism 1) reads all S channels with aligned barriers (checked
     *       by {@link #requireAlignedCheckpoints}; JobSettings turns unaligned off): it takes nothing
     *       after barrier c from any channel before barrier c arrived on every channel, that is,
     *       before every snapshot row.</li>
     * </ol>
     * So at the route stage every snapshot row precedes every binlog change, and a key's binlog
     * changes are exactly those after its chunk's image. A definition (SnapshotEmitter) precedes its
     * chunk's rows in its reader's channel, so a table is created before any of its rows arrive.
     */
    private static DataStream<ChangeEvent> source(
            StreamExecutionEnvironment env,
            TaskConfig task,
            TaskConfig.Instance inst,
            InstanceRules rules,
            UpstreamInfo upstream) {
        return env.fromSource(
                        CdcSources.create(task, inst, rules, upstream),
                        WatermarkStrategy.noWatermarks(),
                        "MySQL CDC " + inst.sourceId(),
                        VersionedTypeInfo.CHANGE_EVENT)
                .uid(Uids.source(inst.sourceId()))
                .setParallelism(inst.snapshotThreads());
    }

    // Source -> ClassifyAndRoute (parallelism 1: the instance's events in binlog order). At S = 1 a
    // forward edge (chained); at S > 1 Flink rebalances the S channels into the one subtask.
    private static DataStream<ChangeEvent> classifyAndRoute(
            DataStream<ChangeEvent> in, InstanceRules rules, UpstreamInfo upstream) {
        return in.process(new ClassifyAndRoute(rules, upstream.namedLikeTools().size()), VersionedTypeInfo.CHANGE_EVENT)
                .uid(Uids.classifyAndRoute(rules.sourceId()))
                .name("Classify and route " + rules.sourceId())
                .setParallelism(1);
    }

    // union -> keyBy(target table) -> Coordinator
    private static DataStream<SinkOp> coordinate(
            DataStream<ChangeEvent> routed,
            Map<String, InstanceRules> rules,
            TaskConfig.ShardMode shardMode,
            Map<String, List<String>> shards,
            Map<String, String> zones,
            int parallelism) {
        return routed.keyBy(e -> Coordinator.key(e.target()), Types.STRING)
                .process(new Coordinator(rules, shardMode, shards, zones), VersionedTypeInfo.SINK_OP)
                .uid(Uids.COORDINATOR)
                .name("Coordinator")
                .setParallelism(parallelism)
                .setMaxParallelism(TaskConfig.MAX_PARALLELISM);
    }

    /**
     * Coordinator -> TiDB sink, keyed by the same target table without a second shuffle: the
     * coordinator emits only ops whose target() is the key it was called with (a row or DDL's
     * target, the held events it releases are its key's own), and both stages have the same P and
     * max parallelism, so subtask i of the coordinator holds exactly the key groups of sink subtask
     * i. A forward edge then keeps the keying, and the two chain.
     */
    private static void sink(DataStream<SinkOp> ops, TaskConfig task, int parallelism, DdlDecisions decisions) {
        DataStreamUtils.reinterpretAsKeyedStream(ops, op -> Coordinator.key(op.target()), Types.STRING)
                .sinkTo(new TiDbSink(
                        task.targetDatabase(), task.metaSchema(), task.name(), task.applyWorkers(), decisions))
                .uid(Uids.SINK)
                .name("TiDB sink")
                .setParallelism(parallelism)
                .setMaxParallelism(TaskConfig.MAX_PARALLELISM);
    }
}
