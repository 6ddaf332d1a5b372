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
import io.oscsync.job.sink.committer.TiDbCommitter;
import io.oscsync.job.source.CdcSources;
import io.oscsync.job.source.UpstreamInfo;
import io.oscsync.udfs.TableId;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
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
                p);
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

    /** K, the sink's apply workers per subtask; until the task file names them, DM's default. */
    static int applyWorkers(TaskConfig task) {
        return TiDbCommitter.DEFAULT_WORKERS;
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

    // Source (one per instance; a binlog has one reader)
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
                .setParallelism(1);
    }

    // Source -> ClassifyAndRoute (stateless, before keyBy)
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

    // Coordinator -> keyBy(target table) -> TiDB sink
    private static void sink(DataStream<SinkOp> ops, TaskConfig task, int parallelism) {
        ops.keyBy(op -> Coordinator.key(op.target()), Types.STRING)
                .sinkTo(new TiDbSink(task.targetDatabase(), task.metaSchema(), task.name(), applyWorkers(task)))
                .uid(Uids.SINK)
                .name("TiDB sink")
                .setParallelism(parallelism)
                .setMaxParallelism(TaskConfig.MAX_PARALLELISM);
    }
}
