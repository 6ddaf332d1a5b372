package io.oscsync.job.cli;

import io.oscsync.job.config.TaskConfig;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;

import java.nio.file.Path;
import java.time.Duration;

/** The Flink settings every osc-sync job runs with, embedded or on a cluster. */
public final class JobSettings {
    private JobSettings() {}

    public static Configuration forTask(TaskConfig task, Path stateDir) {
        Configuration c = new Configuration();
        c.set(PipelineOptions.NAME, "osc-sync " + task.name());
        c.set(PipelineOptions.GENERIC_TYPES, false); // a Kryo fallback fails loudly
        c.set(PipelineOptions.OBJECT_REUSE, true);
        c.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        c.set(ExecutionCheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(task.checkpointIntervalMs()));
        c.set(ExecutionCheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        // Aligned barriers: the cross-key DDL protocol relies on them (see io.oscsync.job.sink.committer).
        c.set(ExecutionCheckpointingOptions.ENABLE_UNALIGNED, false);
        c.set(ExecutionCheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ofMillis(100));
        c.set(ExecutionCheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 3);
        // Bounded restarts: at most 5 failures in 10 minutes, then the job fails for good.
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "failure-rate");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL, 5);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL, Duration.ofMinutes(10));
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY, Duration.ofSeconds(3));
        if (stateDir != null) {
            c.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    stateDir.resolve("checkpoints").toUri().toString());
            c.set(
                    CheckpointingOptions.SAVEPOINT_DIRECTORY,
                    stateDir.resolve("savepoints").toUri().toString());
            c.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
            c.set(
                    ExecutionCheckpointingOptions.EXTERNALIZED_CHECKPOINT,
                    CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        }
        return c;
    }
}
