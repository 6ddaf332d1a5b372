package io.oscsync.job;

import io.oscsync.job.cli.JobSettings;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.source.UpstreamInfo;
import io.oscsync.udfs.TableId;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job graph's shape: parallelisms, chaining and the edges between stages (built, not run). */
class OscSyncJobGraphTest {
    private static TaskConfig task(String instanceExtra) {
        return new TaskConfigLoader(k -> null).parse("""
                        name: graph
                        parallelism: 3
                        target-database: {host: 127.0.0.1, port: 4000, user: root}
                        mysql-instances:
                          - {source-id: a, host: 127.0.0.1, port: 3306, user: repl, server-id: 5401-5403%s}
                        """.formatted(instanceExtra));
    }

    private static List<JobVertex> vertices(TaskConfig task, Configuration overrides) {
        Configuration conf = JobSettings.forTask(task, null);
        conf.addAll(overrides);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        UpstreamInfo upstream = new UpstreamInfo(
                "+00:00",
                Map.of(),
                List.of("db"),
                List.of(new TableId("db", "t")),
                new UpstreamInfo.BinlogPosition("mysql-bin.000001", 4),
                1,
                List.of());
        OscSyncJob.build(env, task, Map.of("a", upstream));
        List<JobVertex> vertices = new ArrayList<>();
        env.getStreamGraph().getJobGraph().getVertices().forEach(vertices::add);
        return vertices;
    }

    private static JobVertex named(List<JobVertex> vertices, String part) {
        return vertices.stream()
                .filter(v -> v.getName().contains(part))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no vertex named with " + part + " in " + vertices));
    }

    @Test
    void snapshotReadersAtSRouteAtOneCoordinatorChainedToTheSinkAtP() {
        List<JobVertex> vertices = vertices(task(""), new Configuration());
        // source (S = 3) | classify and route (1) | coordinator -> sink writer -> committer (P = 3)
        assertEquals(
                3,
                vertices.size(),
                () -> vertices.stream().map(JobVertex::getName).toList().toString());
        assertEquals(3, named(vertices, "MySQL CDC a").getParallelism());
        assertEquals(1, named(vertices, "Classify and route a").getParallelism());
        JobVertex keyed = named(vertices, "Coordinator");
        assertTrue(keyed.getName().contains("TiDB sink"), keyed::getName);
        assertEquals(3, keyed.getParallelism());
    }

    @Test
    void oneReaderKeepsSourceAndRouteChained() {
        List<JobVertex> vertices = vertices(task(", mydumper-thread: 1"), new Configuration());
        assertEquals(
                2,
                vertices.size(),
                () -> vertices.stream().map(JobVertex::getName).toList().toString());
        assertTrue(named(vertices, "MySQL CDC a").getName().contains("Classify and route a"));
    }

    @Test
    void parallelSnapshotRefusesUnalignedCheckpoints() {
        Configuration unaligned = new Configuration();
        unaligned.set(ExecutionCheckpointingOptions.ENABLE_UNALIGNED, true);
        unaligned.set(ExecutionOptions.RUNTIME_MODE, org.apache.flink.api.common.RuntimeExecutionMode.STREAMING);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> vertices(task(""), unaligned));
        assertTrue(e.getMessage().contains("aligned checkpoints"), e::getMessage);
        vertices(task(", mydumper-thread: 1"), unaligned); // one reader: one FIFO channel, no barrier needed
    }
}
