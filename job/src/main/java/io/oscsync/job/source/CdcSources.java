package io.oscsync.job.source;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.jdbc.Tls;
import io.oscsync.job.route.InstanceRules;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSourceBuilder;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.cdc.connectors.mysql.table.StartupOptions;

import java.time.Duration;
import java.util.Properties;

/** One Flink CDC MySqlSource per mysql-instance. */
public final class CdcSources {
    private CdcSources() {}

    public static MySqlSource<ChangeEvent> create(TaskConfig task, TaskConfig.Instance inst, InstanceRules rules,
                                                  UpstreamInfo upstream) {
        Properties debezium = new Properties();
        // Exact values: BIGINT UNSIGNED as a decimal, not a wrapped long.
        debezium.setProperty("bigint.unsigned.handling.mode", "precise");
        debezium.setProperty("decimal.handling.mode", "precise");
        debezium.setProperty("binary.handling.mode", "bytes");
        // Debezium holds the last partial batch this long; the default 500 ms is latency for nothing.
        debezium.setProperty("poll.interval.ms", "50");
        // DATE, DATETIME and YEAR as the upstream stored them (zero dates, YEAR 0).
        debezium.setProperty("converters", "temporal");
        debezium.setProperty("temporal.type", TemporalConverter.class.getName());
        Properties jdbc = new Properties();
        jdbc.setProperty("yearIsDateType", "false"); // the snapshot reads YEAR as its number, 0 included
        Tls.jdbcProperties(inst.security()).forEach(jdbc::put);
        Tls.debeziumProperties(inst.security()).forEach(debezium::put);

        MySqlSourceBuilder<ChangeEvent> builder = MySqlSource.<ChangeEvent>builder();
        upstream.chunkKeys().forEach((t, column) -> builder.chunkKeyColumn(new ObjectPath(t.schema(), t.table()), column));
        return builder
                .hostname(inst.host())
                .port(inst.port())
                .username(inst.user())
                .password(inst.password().reveal())
                .serverId(inst.serverId())
                .serverTimeZone(upstream.timeZone())
                .databaseList(".*")
                .tableList(rules.captureRegex(upstream.schemas()))
                .startupOptions(startup(task, inst))
                .includeSchemaChanges(true)
                .scanNewlyAddedTableEnabled(false)
                .parseOnLineSchemaChanges(false) // osc-sync keeps that state in Flink state itself
                .heartbeatInterval(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(10))
                .connectMaxRetries(2)
                .debeziumProperties(debezium)
                .jdbcProperties(jdbc)
                .deserializer(new ChangeEventDeserializer(inst.sourceId(), inst.security()))
                .build();
    }

    private static StartupOptions startup(TaskConfig task, TaskConfig.Instance inst) {
        return switch (task.taskMode()) {
            case ALL -> StartupOptions.initial();
            case FULL -> StartupOptions.snapshot();
            case INCREMENTAL -> inst.meta() == null ? StartupOptions.latest()
                    : StartupOptions.specificOffset(inst.meta().binlogName(), inst.meta().binlogPos());
        };
    }
}
