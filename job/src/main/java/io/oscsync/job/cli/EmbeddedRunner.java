package io.oscsync.job.cli;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs the job in this JVM on a local MiniCluster with its web UI. With a state dir it resumes
 * from the newest checkpoint or savepoint there, and on SIGTERM/SIGINT stops with a savepoint, or,
 * when none can be taken, cancels the job; either way in bounded time.
 */
public final class EmbeddedRunner {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRunner.class);
    static final int SLOTS = 4;
    // Bounds on a stop, so a signal always ends the process (the caller exits with the code returned).
    static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(2);
    static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private EmbeddedRunner() {}

    /** @return the process exit code */
    public static int run(Configuration jobConf, Path stateDir, Consumer<StreamExecutionEnvironment> pipeline)
            throws Exception {
        Configuration conf = new Configuration(jobConf);
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "8081-8181");
        // `status` reads metrics through the REST API, which refreshes them this often (Flink: 10 s).
        if (!jobConf.contains(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL))
            conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(2));
        conf.set(CoreOptions.CLASSLOADER_RESOLVE_ORDER, "parent-first");
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(256));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(64));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(64));

        if (stateDir == null) {
            // The sink's batches live in checkpoints; the JobManager's heap (5 MiB) is too small for them.
            conf.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    java.nio.file.Files.createTempDirectory("osc-sync-checkpoints-")
                            .toUri()
                            .toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        pipeline.accept(env);
        JobGraph job = env.getStreamGraph().getJobGraph();
        // With slot sharing the job needs as many slots as its widest stage (P, or an instance's S).
        int slots = SLOTS;
        for (var vertex : job.getVertices()) slots = Math.max(slots, vertex.getParallelism());
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        if (EmbeddedRunner.class.getClassLoader() != ClassLoader.getSystemClassLoader()) {
            // Started by the java -jar launcher: a job without jars would get the system class
            // loader, which has no Flink; naming our jar gives it a user loader under the launcher's.
            // That loader asks the launcher's first (set above), so each class has one copy: child-first,
            // Flink CDC (org.apache.flink.*, always parent-first) would meet another copy of Debezium.
            job.setClasspaths(List.of(
                    EmbeddedRunner.class.getProtectionDomain().getCodeSource().getLocation()));
        }
        Optional<Path> resume = stateDir == null ? Optional.empty() : StateDirs.newestRestorePoint(stateDir);
        resume.ifPresent(p -> {
            LOG.info("resuming from {}", p);
            System.out.println("osc-sync: resuming from " + p);
            job.setSavepointRestoreSettings(
                    SavepointRestoreSettings.forPath(p.toUri().toString(), false));
        });

        CompletableFuture<String> stopSignal = new CompletableFuture<>();
        Signal.handle(new Signal("TERM"), s -> onSignal(stopSignal, "SIGTERM"));
        Signal.handle(new Signal("INT"), s -> onSignal(stopSignal, "SIGINT"));

        MiniClusterConfiguration cluster = new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build();
        MiniCluster mini = new MiniCluster(cluster);
        try {
            mini.start();
            System.out.println("osc-sync: web UI at " + mini.getRestAddress().get());
            JobID id = mini.submitJob(job).get().getJobID();
            System.out.println("osc-sync: job " + id + " running");
            CompletableFuture<JobResult> result = mini.requestJobResult(id);
            CompletableFuture.anyOf(result, stopSignal).join();
            if (!result.isDone()) return stop(mini, id, result, stateDir, stopSignal.join());
            JobResult r = result.get();
            if (r.isSuccess()) {
                System.out.println("osc-sync: job finished");
                return 0;
            }
            Throwable cause = r.getSerializedThrowable()
                    .map(t -> t.deserializeError(EmbeddedRunner.class.getClassLoader()))
                    .orElse(null);
            LOG.error("job failed", cause);
            System.err.println("osc-sync: job failed: " + FailureAdvice.explain(cause));
            return 1;
        } finally {
            close(mini);
        }
    }

    /** The first signal stops the job (bounded, see {@link #stop}); a second one ends the process at once. */
    private static void onSignal(CompletableFuture<String> stopSignal, String signal) {
        if (!stopSignal.complete(signal)) {
            System.err.println("osc-sync: " + signal + " again: exiting now, without waiting for the job");
            Runtime.getRuntime().halt(1);
        }
    }

    /**
     * Stops the job on a signal, in bounded time: with a state dir, a savepoint when the job runs;
     * when it cannot be taken (the job is starting or restarting after a failure, or the savepoint
     * fails or takes too long), the job is cancelled and the output says so.
     *
     * @return 0 when the job stopped as asked, 1 when it was cancelled without the savepoint asked for
     */
    private static int stop(
            MiniCluster mini, JobID id, CompletableFuture<JobResult> result, Path stateDir, String signal)
            throws Exception {
        if (stateDir == null) {
            System.out.println("osc-sync: " + signal + ": cancelling (no --state-dir, so no savepoint)");
            cancel(mini, id, result);
            return 0;
        }
        JobStatus status = status(mini, id);
        String noSavepoint;
        if (status == JobStatus.RUNNING) {
            System.out.println("osc-sync: " + signal + ": stopping with a savepoint");
            try {
                String path = mini.stopWithSavepoint(
                                id,
                                stateDir.resolve("savepoints").toUri().toString(),
                                false,
                                SavepointFormatType.CANONICAL)
                        .get(SAVEPOINT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                System.out.println("osc-sync: savepoint " + path);
                return 0;
            } catch (ExecutionException e) {
                noSavepoint = "the savepoint failed: " + FailureAdvice.rootMessage(e);
            } catch (TimeoutException e) {
                noSavepoint = "the savepoint took longer than " + SAVEPOINT_TIMEOUT.toSeconds() + " s";
            }
        } else {
            noSavepoint = "the job is " + (status == null ? "in an unknown state" : status)
                    + ", so no savepoint can be taken";
        }
        System.out.println("osc-sync: " + signal + ": " + noSavepoint + "; cancelling");
        lastFailure(mini, id).ifPresent(f -> System.out.println("osc-sync: the job's last failure: " + f));
        cancel(mini, id, result);
        Optional<Path> resume = StateDirs.newestRestorePoint(stateDir);
        System.out.println("osc-sync: the next start "
                + resume.map(p -> "resumes from " + p).orElse("starts afresh: no checkpoint was completed"));
        return 1;
    }

    private static JobStatus status(MiniCluster mini, JobID id) {
        try {
            return mini.getJobStatus(id).get(ASK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("could not read the job's status", e);
            return null;
        }
    }

    /** Why the job last failed, if it did: a job restarting in a loop says here what it is stuck on. */
    private static Optional<String> lastFailure(MiniCluster mini, JobID id) {
        try {
            ErrorInfo failure = mini.getExecutionGraph(id)
                    .get(ASK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .getFailureInfo();
            return Optional.ofNullable(failure).map(f -> FailureAdvice.explain(f.getException()));
        } catch (Exception e) {
            LOG.warn("could not read the job's last failure", e);
            return Optional.empty();
        }
    }

    /** Cancels the job and waits, bounded, until it has ended. */
    private static void cancel(MiniCluster mini, JobID id, CompletableFuture<JobResult> result) {
        try {
            if (!result.isDone()) mini.cancelJob(id).get(CANCEL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            result.get(CANCEL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("osc-sync: the job did not end within " + CANCEL_TIMEOUT.toSeconds()
                    + " s of the cancel; exiting anyway");
        } catch (Exception e) {
            if (!result.isDone()) System.err.println("osc-sync: cancelling failed: " + FailureAdvice.rootMessage(e));
        }
    }

    /** Shuts the cluster down, bounded: a task stuck in a connection attempt must not keep the process. */
    private static void close(MiniCluster mini) {
        try {
            mini.closeAsync().get(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("osc-sync: the embedded Flink cluster did not shut down within "
                    + CLOSE_TIMEOUT.toSeconds() + " s; exiting anyway");
        } catch (Exception e) {
            LOG.warn("shutting the embedded Flink cluster down failed", e);
        }
    }
}
