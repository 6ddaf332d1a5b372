package io.oscsync.job.source;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.jdbc.Tls;
import io.oscsync.job.route.InstanceRules;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSourceBuilder;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSourceWithEmitter;
import org.apache.flink.cdc.connectors.mysql.source.assigners.state.PendingSplitsState;
import org.apache.flink.cdc.connectors.mysql.source.config.MySqlSourceConfig;
import org.apache.flink.cdc.connectors.mysql.source.config.MySqlSourceConfigFactory;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplit;
import org.apache.flink.cdc.connectors.mysql.table.StartupOptions;
import org.apache.flink.table.catalog.ObjectPath;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

/** One Flink CDC MySqlSource per mysql-instance; see {@link EmptyStartSource} for an upstream with no table yet. */
public final class CdcSources {
    private CdcSources() {}

    public static Source<ChangeEvent, MySqlSplit, PendingSplitsState> create(
            TaskConfig task, TaskConfig.Instance inst, InstanceRules rules, UpstreamInfo upstream) {
        Properties debezium = new Properties();
        // Exact values: BIGINT UNSIGNED as a decimal, not a wrapped long.
        debezium.setProperty("bigint.unsigned.handling.mode", "precise");
        debezium.setProperty("decimal.handling.mode", "precise");
        debezium.setProperty("binary.handling.mode", "bytes");
        // Debezium holds the last partial batch this long; the default 500 ms is latency for nothing.
        debezium.setProperty("poll.interval.ms", "50");
        // Flink CDC skips a DDL Debezium cannot parse, and Debezium then drops the table's rows with an
        // error in the log (e.g. CREATE TABLE ... DEFAULT x''): stop instead, naming the statement.
        debezium.setProperty("database.history.skip.unparseable.ddl", "false");
        // DATE, DATETIME and YEAR as the upstream stored them (zero dates, YEAR 0).
        debezium.setProperty("converters", "temporal,binarytext");
        debezium.setProperty("temporal.type", TemporalConverter.class.getName());
        // Text, ENUM and SET with the binary charset as their bytes / members.
        debezium.setProperty("binarytext.type", BinaryCharsetConverter.class.getName());
        Properties jdbc = new Properties();
        jdbc.setProperty("yearIsDateType", "false"); // the snapshot reads YEAR as its number, 0 included
        Tls.jdbcProperties(inst.security()).forEach(jdbc::put);
        Tls.debeziumProperties(inst.security()).forEach(debezium::put);

        ChangeEventDeserializer deserializer = new ChangeEventDeserializer(inst.sourceId(), inst.security());
        MySqlSourceConfigFactory capture = builder(task, inst, upstream, debezium, jdbc, deserializer)
                .tableList(rules.captureRegex(upstream.schemas()), EmptyStartSource.STAND_IN_PATTERN) // kept on restore
                .build()
                .getConfigFactory();
        MySqlSourceConfigFactory snapshot = builder(task, inst, upstream, debezium, jdbc, deserializer)
                .tableList(rules.snapshotRegex(upstream.schemas()))
                .build()
                .getConfigFactory();
        String runKey = inst.sourceId() + "/" + UUID.randomUUID();
        TaskConfig.Database connection = inst.connection();
        MySqlSource<ChangeEvent> source = MySqlSourceWithEmitter.create(
                new SnapshotScopedConfig(capture, snapshot),
                deserializer,
                (d, metrics, config, progress) -> new SnapshotEmitter(d, metrics, runKey, rules, connection, progress),
                inst.sourceId());
        source.setSnapshotHooks(SnapshotDefinitions.hooks(runKey, inst.sourceId(), connection));
        return upstream.capturedAtStart() == 0 ? new EmptyStartSource<>(source) : source;
    }

    private static MySqlSourceBuilder<ChangeEvent> builder(
            TaskConfig task,
            TaskConfig.Instance inst,
            UpstreamInfo upstream,
            Properties debezium,
            Properties jdbc,
            ChangeEventDeserializer deserializer) {
        MySqlSourceBuilder<ChangeEvent> builder = MySqlSource.<ChangeEvent>builder();
        upstream.chunkKeys()
                .forEach((t, column) -> builder.chunkKeyColumn(new ObjectPath(t.schema(), t.table()), column));
        return builder.hostname(inst.host())
                .port(inst.port())
                .username(inst.user())
                .password(inst.password().reveal())
                .serverId(inst.serverId())
                .serverTimeZone(upstream.timeZone())
                .databaseList(".*")
                .startupOptions(startup(task, inst, upstream))
                .includeSchemaChanges(true)
                .scanNewlyAddedTableEnabled(false)
                .parseOnLineSchemaChanges(false) // osc-sync keeps that state in Flink state itself
                .heartbeatInterval(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(10))
                .connectMaxRetries(2)
                .debeziumProperties(debezium)
                .jdbcProperties(jdbc)
                .deserializer(deserializer);
    }

    /**
     * Flink CDC builds the split enumerator's configuration (which tables to snapshot) and each
     * reader's (which tables to follow in the binlog) from one factory: this one gives the
     * enumerator the snapshot's table list and the readers the capture regex, ghosts included.
     */
    private static final class SnapshotScopedConfig extends MySqlSourceConfigFactory {
        private static final long serialVersionUID = 1L;
        /** Flink CDC's name for its enumerator's configuration. */
        private static final String ENUMERATOR = "mysql_source_split_enumerator";

        private final MySqlSourceConfigFactory capture;
        private final MySqlSourceConfigFactory snapshot;

        SnapshotScopedConfig(MySqlSourceConfigFactory capture, MySqlSourceConfigFactory snapshot) {
            this.capture = capture;
            this.snapshot = snapshot;
        }

        @Override
        public MySqlSourceConfig createConfig(int subtaskId, String serverName) {
            return (ENUMERATOR.equals(serverName) ? snapshot : capture).createConfig(subtaskId, serverName);
        }
    }

    private static StartupOptions startup(TaskConfig task, TaskConfig.Instance inst, UpstreamInfo upstream) {
        if (upstream.capturedAtStart() == 0 && task.taskMode().binlog()) {
            // Flink CDC refuses a snapshot of no table. There is nothing to copy: read the binlog from
            // before the check found no table, so every table created since comes with its CREATE TABLE.
            if (task.taskMode() == TaskConfig.TaskMode.INCREMENTAL && inst.meta() != null) {
                return StartupOptions.specificOffset(
                        inst.meta().binlogName(), inst.meta().binlogPos());
            }
            return StartupOptions.specificOffset(
                    upstream.binlogAtStart().file(), upstream.binlogAtStart().position());
        }
        return switch (task.taskMode()) {
            case ALL -> StartupOptions.initial();
            case FULL -> StartupOptions.snapshot();
            case INCREMENTAL ->
                inst.meta() == null
                        ? StartupOptions.latest()
                        : StartupOptions.specificOffset(
                                inst.meta().binlogName(), inst.meta().binlogPos());
        };
    }
}
