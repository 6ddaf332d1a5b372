package io.oscsync.job.cli;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs the job in this JVM on a local MiniCluster with its web UI. With a state dir it resumes
 * from the newest checkpoint or savepoint there, and on SIGTERM/SIGINT stops with a savepoint.
 */
public final class EmbeddedRunner {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRunner.class);
    static final int SLOTS = 4;

    private EmbeddedRunner() {}

    /** @return the process exit code */
    public static int run(Configuration jobConf, Path stateDir, Consumer<StreamExecutionEnvironment> pipeline)
            throws Exception {
        Configuration conf = new Configuration(jobConf);
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "8081-8181");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, SLOTS);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(256));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(64));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(64));

        if (stateDir == null) {
            // The sink's batches live in checkpoints; the JobManager's heap (5 MiB) is too small for them.
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    java.nio.file.Files.createTempDirectory("osc-sync-checkpoints-").toUri().toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        pipeline.accept(env);
        JobGraph job = env.getStreamGraph().getJobGraph();
        if (EmbeddedRunner.class.getClassLoader() != ClassLoader.getSystemClassLoader()) {
            // Started by the java -jar launcher: a job without jars would get the system class
            // loader, which has no Flink; naming our jar gives it a user loader under the launcher's.
            job.setClasspaths(List.of(EmbeddedRunner.class.getProtectionDomain().getCodeSource().getLocation()));
        }
        Optional<Path> resume = stateDir == null ? Optional.empty() : StateDirs.newestRestorePoint(stateDir);
        resume.ifPresent(p -> {
            LOG.info("resuming from {}", p);
            System.out.println("osc-sync: resuming from " + p);
            job.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(p.toUri().toString(), false));
        });

        CompletableFuture<String> stopSignal = new CompletableFuture<>();
        Signal.handle(new Signal("TERM"), s -> stopSignal.complete("SIGTERM"));
        Signal.handle(new Signal("INT"), s -> stopSignal.complete("SIGINT"));

        MiniClusterConfiguration cluster = new MiniClusterConfiguration.Builder()
                .setConfiguration(conf).setNumTaskManagers(1).setNumSlotsPerTaskManager(SLOTS).build();
        try (MiniCluster mini = new MiniCluster(cluster)) {
            mini.start();
            System.out.println("osc-sync: web UI at " + mini.getRestAddress().get());
            JobID id = mini.submitJob(job).get().getJobID();
            System.out.println("osc-sync: job " + id + " running");
            CompletableFuture<JobResult> result = mini.requestJobResult(id);
            CompletableFuture.anyOf(result, stopSignal).join();
            if (!result.isDone()) return stop(mini, id, stateDir, stopSignal.join());
            JobResult r = result.get();
            if (r.isSuccess()) {
                System.out.println("osc-sync: job finished");
                return 0;
            }
            Throwable cause = r.getSerializedThrowable().map(t -> t.deserializeError(EmbeddedRunner.class.getClassLoader()))
                    .orElse(null);
            LOG.error("job failed", cause);
            System.err.println("osc-sync: job failed: " + FailureAdvice.explain(cause));
            return 1;
        }
    }

    private static int stop(MiniCluster mini, JobID id, Path stateDir, String signal) throws Exception {
        if (stateDir == null) {
            System.out.println("osc-sync: " + signal + ": cancelling (no --state-dir, so no savepoint)");
            mini.cancelJob(id).get();
            return 0;
        }
        System.out.println("osc-sync: " + signal + ": stopping with a savepoint");
        String path = mini.stopWithSavepoint(id, stateDir.resolve("savepoints").toUri().toString(), false,
                SavepointFormatType.CANONICAL).get();
        System.out.println("osc-sync: savepoint " + path);
        return 0;
    }

}
