package io.oscsync.job.config;

import io.oscsync.job.route.InstanceRules;
import io.oscsync.job.testing.ShippedConf;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commented examples in conf/ stay loadable as the code changes. */
class ConfExamplesTest {
    /** Relative to the job module, where Maven runs its tests. */
    private static final Path CONF = Path.of("../conf");

    private static List<Path> taskFiles() throws IOException {
        try (Stream<Path> files = Files.list(CONF)) {
            return files.filter(p -> p.getFileName().toString().matches("task-.*\\.yaml"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void everyTaskExampleLoads() throws IOException {
        List<Path> files = taskFiles();
        assertTrue(files.size() >= 4, "expected the task examples in " + CONF.toAbsolutePath() + ", found " + files);
        TreeSet<String> variables = new TreeSet<>();
        TaskConfigLoader loader = new TaskConfigLoader(name -> {
            variables.add(name);
            return "dummy-" + name.toLowerCase();
        });
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            TaskConfig c = loader.read(f);
            names.add(c.name());
            assertFalse(c.mysqlInstances().isEmpty(), f.toString());
            for (TaskConfig.Instance i : c.mysqlInstances()) {
                assertFalse(i.password().isEmpty(), f + ": passwords come from ${...} variables");
                // The rules compile as the job builds them (wildcards, filters, online-DDL rules).
                assertEquals(i.sourceId(), InstanceRules.of(c, i).sourceId());
            }
            assertFalse(c.targetDatabase().password().isEmpty(), f + ": passwords come from ${...} variables");
        }
        assertEquals(names.size(), new TreeSet<>(names).size(), "task names differ between examples: " + names);
        assertTrue(variables.contains("TIDB_PASSWORD"), variables.toString());
    }

    @Test
    void examplesShowWhatTheyAreNamedFor() {
        TaskConfigLoader loader = new TaskConfigLoader(name -> "dummy");

        TaskConfig single = loader.read(CONF.resolve("task-single.yaml"));
        assertEquals(1, single.mysqlInstances().size());
        assertFalse(single.blockAllowList().isEmpty());
        assertFalse(single.routes().isEmpty());
        assertTrue(single.filters().values().stream()
                .anyMatch(f -> f.action() == TaskConfig.FilterAction.IGNORE
                        && f.events().contains("drop database")));

        TaskConfig pessimistic = loader.read(CONF.resolve("task-shard-pessimistic.yaml"));
        assertEquals(TaskConfig.ShardMode.PESSIMISTIC, pessimistic.shardMode());
        assertEquals(2, pessimistic.mysqlInstances().size());
        assertTrue(pessimistic.routes().values().stream()
                .anyMatch(r -> r.schemaPattern().equals("shop_*")
                        && "orders_*".equals(r.tablePattern())
                        && r.targetSchema().equals("shop")
                        && "orders".equals(r.targetTable())));

        TaskConfig optimistic = loader.read(CONF.resolve("task-shard-optimistic.yaml"));
        assertEquals(TaskConfig.ShardMode.OPTIMISTIC, optimistic.shardMode());

        TaskConfig incremental = loader.read(CONF.resolve("task-incremental.yaml"));
        assertEquals(TaskConfig.TaskMode.INCREMENTAL, incremental.taskMode());
        incremental.mysqlInstances().forEach(i -> assertTrue(i.meta() != null, i.sourceId() + " has meta"));
    }

    @Test
    void flinkConfigLoadsWithFlinksOwnParser(@TempDir Path dir) throws IOException {
        Configuration c = ShippedConf.flinkConfig(dir);
        assertEquals("rocksdb", c.get(StateBackendOptions.STATE_BACKEND));
        assertEquals("file:///tmp/osc-sync/checkpoints", c.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
        assertEquals("file:///tmp/osc-sync/savepoints", c.get(CheckpointingOptions.SAVEPOINT_DIRECTORY));
        assertTrue(c.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS));
        assertEquals(
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION,
                c.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION));
        assertFalse(c.get(PipelineOptions.GENERIC_TYPES));
        assertEquals("failure-rate", c.get(RestartStrategyOptions.RESTART_STRATEGY));
        assertEquals(5, c.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL));
        assertEquals(
                Duration.ofMinutes(10),
                c.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL));
        assertEquals(Duration.ofSeconds(10), c.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY));
        assertEquals("127.0.0.1", c.get(RestOptions.BIND_ADDRESS));
        assertEquals("127.0.0.1", c.get(RestOptions.ADDRESS));
        assertEquals(2, c.get(TaskManagerOptions.NUM_TASK_SLOTS));
        MemorySize jm = c.get(JobManagerOptions.TOTAL_PROCESS_MEMORY);
        MemorySize tm = c.get(TaskManagerOptions.TOTAL_PROCESS_MEMORY);
        assertTrue(jm.add(tm).compareTo(MemorySize.parse("22g")) < 0, "Flink must leave room on a 24 GiB machine");
        assertTrue(tm.compareTo(MemorySize.parse("8g")) > 0, "the TaskManager gets most of the machine");
    }

    @Test
    void log4jConfigHasTheAgreedLevels() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(CONF.resolve("log4j2.properties"))) {
            p.load(r);
        }
        assertEquals("WARN", p.getProperty("rootLogger.level"));
        String oscLogger = p.stringPropertyNames().stream()
                .filter(k -> k.startsWith("logger.") && k.endsWith(".name") && "io.oscsync".equals(p.getProperty(k)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no logger for io.oscsync"));
        assertEquals("INFO", p.getProperty(oscLogger.replace(".name", ".level")));
        String appender = p.getProperty("rootLogger.appenderRef.console.ref");
        assertTrue(
                p.stringPropertyNames().stream()
                        .anyMatch(k ->
                                k.startsWith("appender.") && k.endsWith(".name") && appender.equals(p.getProperty(k))),
                "the root logger's appender is defined");
        assertTrue(p.containsValue("CONSOLE"));

        // And Log4j itself builds the same levels from it.
        Path file = CONF.resolve("log4j2.properties");
        try (var in = Files.newInputStream(file)) {
            org.apache.logging.log4j.core.config.Configuration config = new PropertiesConfigurationFactory()
                    .getConfiguration(new LoggerContext("conf-examples"), new ConfigurationSource(in, file.toFile()));
            config.initialize();
            assertEquals(
                    Level.INFO,
                    config.getLoggerConfig("io.oscsync.job.cli.Main").getLevel());
            assertEquals(
                    Level.WARN,
                    config.getLoggerConfig("org.apache.flink.runtime").getLevel());
            assertEquals(1, config.getRootLogger().getAppenders().size());
        }
    }
}
