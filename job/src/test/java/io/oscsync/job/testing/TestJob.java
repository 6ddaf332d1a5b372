package io.oscsync.job.testing;

import io.oscsync.job.OscSyncJob;
import io.oscsync.job.cli.JobSettings;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.source.UpstreamChecks;
import io.oscsync.job.source.UpstreamInfo;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Starts the real osc-sync job on the test MiniCluster, the way the CLI does, and cancels it on close. */
public final class TestJob implements AutoCloseable {
    private static final AtomicInteger SERVER_IDS = new AtomicInteger(5400);
    /**
     * S of the tasks {@link #task} writes: {@code -Dit.snapshot-threads=3} runs an IT's snapshots
     * with three readers (each instance then gets a server-id range of that many ids).
     */
    public static final int SNAPSHOT_THREADS = Integer.getInteger("it.snapshot-threads", 1);

    private final JobClient client;

    private TestJob(JobClient client) {
        this.client = client;
    }

    public static TestJob start(TaskConfig task) throws Exception {
        return start(task, null);
    }

    /** Starts the job, restoring from {@code savepoint} when it is not null. */
    public static TestJob start(TaskConfig task, String savepoint) throws Exception {
        return start(task, savepoint, new Configuration());
    }

    /** Starts the job with the CLI's settings, then {@code overrides} on top. */
    public static TestJob start(TaskConfig task, String savepoint, Configuration overrides) throws Exception {
        return start(task, savepoint, overrides, io.oscsync.job.sink.handle.DdlDecisions.NONE);
    }

    /** As {@link #start(TaskConfig, String, Configuration)}, with the CLI's {@code --handle-ddl} decisions. */
    public static TestJob start(
            TaskConfig task,
            String savepoint,
            Configuration overrides,
            io.oscsync.job.sink.handle.DdlDecisions decisions)
            throws Exception {
        Map<String, UpstreamInfo> zones = UpstreamChecks.run(task);
        Configuration conf = JobSettings.forTask(task, null);
        conf.addAll(overrides);
        if (savepoint != null) conf.set(SavepointConfigOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        OscSyncJob.build(env, task, zones, decisions);
        return new TestJob(env.executeAsync(task.name()));
    }

    /** Checkpoints kept in {@code dir} when the job is cancelled, as --state-dir keeps them. */
    public static Configuration retainedCheckpoints(java.nio.file.Path dir) {
        Configuration c = new Configuration();
        c.set(
                org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.toUri().toString());
        c.set(
                org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions.EXTERNALIZED_CHECKPOINT,
                org.apache.flink.streaming.api.environment.CheckpointConfig.ExternalizedCheckpointCleanup
                        .RETAIN_ON_CANCELLATION);
        return c;
    }

    /** A task file for one upstream database of the pair, replicated as it is; {@code extra} is appended YAML. */
    public static TaskConfig task(UpstreamDownstream.Pair pair, String database, String instanceExtra, String extra) {
        return new TaskConfigLoader(k -> null).parse(taskYaml(pair, database, instanceExtra, extra));
    }

    /** The task file text behind {@link #task}. */
    public static String taskYaml(UpstreamDownstream.Pair pair, String database, String instanceExtra, String extra) {
        return """
                name: it-%s
                task-mode: all
                checkpoint-interval-ms: 500
                target-database:
                  host: 127.0.0.1
                  port: %d
                  user: %s
                  password: %s
                mysql-instances:
                  - source-id: up1
                    host: 127.0.0.1
                    port: %d
                    user: %s
                    password: %s
                    server-id: %s
                    mydumper-thread: %d
                    block-allow-list: only-test-db
                %s
                block-allow-list:
                  only-test-db:
                    do-dbs: ["%s"]
                %s
                """.formatted(
                        database,
                        pair.downstream().port(),
                        MariaDbServer.USER,
                        MariaDbServer.PASSWORD,
                        pair.upstream().port(),
                        MariaDbServer.USER,
                        MariaDbServer.PASSWORD,
                        serverIds(SNAPSHOT_THREADS),
                        SNAPSHOT_THREADS,
                        instanceExtra.indent(4).stripTrailing(),
                        database,
                        extra);
    }

    /** A fresh server-id, or a range of {@code count} fresh ids. */
    public static String serverIds(int count) {
        int first = SERVER_IDS.addAndGet(count) - count + 1;
        return count == 1 ? String.valueOf(first) : first + "-" + (first + count - 1);
    }

    public org.apache.flink.api.common.JobID id() {
        return client.getJobID();
    }

    public JobStatus status() throws Exception {
        return client.getJobStatus().get(10, TimeUnit.SECONDS);
    }

    /** Waits for the job to end (2 minutes at most) and returns its failure with every cause, as text. */
    public String awaitFailure() throws Exception {
        try {
            client.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            return org.apache.flink.util.ExceptionUtils.stringifyException(e);
        }
        throw new AssertionError("the job ended without failing");
    }

    /** Stops the job with a savepoint into {@code dir}; returns the savepoint's path. */
    public String stopWithSavepoint(java.nio.file.Path dir) throws Exception {
        return client.stopWithSavepoint(
                        false, dir.toUri().toString(), org.apache.flink.core.execution.SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
    }

    @Override
    public void close() throws Exception {
        if (!status().isGloballyTerminalState()) client.cancel().get(30, TimeUnit.SECONDS);
    }
}
