package org.apache.flink.cdc.connectors.mysql.source;

import org.apache.flink.cdc.connectors.mysql.source.config.MySqlSourceConfig;
import org.apache.flink.cdc.connectors.mysql.source.config.MySqlSourceConfigFactory;
import org.apache.flink.cdc.connectors.mysql.source.metrics.MySqlSourceReaderMetrics;
import org.apache.flink.cdc.connectors.mysql.source.reader.MySqlRecordEmitter;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;

import java.io.Serializable;

/**
 * The one door osc-sync opens into Flink CDC: its {@link MySqlSource} takes a record emitter of
 * the caller's only through a package-private constructor (Flink CDC's own pipeline connector
 * uses it). osc-sync's emitter puts each table's snapshot definition into the stream ahead of the
 * table's rows (io.oscsync.job.source.SnapshotEmitter). This class lives in Flink CDC's package
 * for that reason alone; the CDC classes are in the job jar, so both load from one class loader.
 */
public final class MySqlSourceWithEmitter {
    /** Makes the reader's emitter; serializable, as it travels with the source. */
    @FunctionalInterface
    public interface EmitterFactory<T> extends Serializable {
        MySqlRecordEmitter<T> create(
                DebeziumDeserializationSchema<T> deserializer,
                MySqlSourceReaderMetrics metrics,
                MySqlSourceConfig config);
    }

    private MySqlSourceWithEmitter() {}

    public static <T> MySqlSource<T> create(
            MySqlSourceConfigFactory configFactory,
            DebeziumDeserializationSchema<T> deserializer,
            EmitterFactory<T> emitters) {
        return new MySqlSource<>(
                configFactory, deserializer, (metrics, config) -> emitters.create(deserializer, metrics, config));
    }
}
