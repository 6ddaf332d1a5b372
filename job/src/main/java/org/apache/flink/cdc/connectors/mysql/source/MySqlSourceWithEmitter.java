package org.apache.flink.cdc.connectors.mysql.source;

import io.oscsync.job.source.BinlogProgress;
import io.oscsync.job.source.ProgressReader;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.cdc.connectors.mysql.source.config.MySqlSourceConfig;
import org.apache.flink.cdc.connectors.mysql.source.config.MySqlSourceConfigFactory;
import org.apache.flink.cdc.connectors.mysql.source.metrics.MySqlSourceReaderMetrics;
import org.apache.flink.cdc.connectors.mysql.source.reader.MySqlRecordEmitter;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplit;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;

import java.io.Serializable;

/**
 * The one door osc-sync opens into Flink CDC: its {@link MySqlSource} takes a record emitter of
 * the caller's only through a package-private constructor (Flink CDC's own pipeline connector
 * uses it). osc-sync's emitter puts each table's snapshot definition into the stream ahead of the
 * table's rows (io.oscsync.job.source.SnapshotEmitter). This class lives in Flink CDC's package
 * for that reason alone; the CDC classes are in the job jar, so both load from one class loader.
 *
 * <p>Each reader it makes also reports its binlog progress ({@link BinlogProgress}): the emitter
 * sees the records, the reader wrapper the checkpoints, and both get the same progress object.
 */
public final class MySqlSourceWithEmitter<T> extends MySqlSource<T> {
    private static final long serialVersionUID = 1L;

    /** Makes the reader's emitter; serializable, as it travels with the source. */
    @FunctionalInterface
    public interface EmitterFactory<T> extends Serializable {
        MySqlRecordEmitter<T> create(
                DebeziumDeserializationSchema<T> deserializer,
                MySqlSourceReaderMetrics metrics,
                MySqlSourceConfig config,
                BinlogProgress progress);
    }

    /**
     * Flink CDC asks for the emitter from inside {@link MySqlSource#createReader}, with no reader
     * context: the progress object of the reader being made is handed over through here.
     */
    private static final class Handoff implements Serializable {
        private static final long serialVersionUID = 1L;
        private transient BinlogProgress progress;
    }

    private final String sourceId;
    private final Handoff handoff;

    private MySqlSourceWithEmitter(
            MySqlSourceConfigFactory configFactory,
            DebeziumDeserializationSchema<T> deserializer,
            EmitterFactory<T> emitters,
            String sourceId,
            Handoff handoff) {
        super(
                configFactory,
                deserializer,
                (metrics, config) -> emitters.create(deserializer, metrics, config, handoff.progress));
        this.sourceId = sourceId;
        this.handoff = handoff;
    }

    public static <T> MySqlSource<T> create(
            MySqlSourceConfigFactory configFactory,
            DebeziumDeserializationSchema<T> deserializer,
            EmitterFactory<T> emitters,
            String sourceId) {
        return new MySqlSourceWithEmitter<>(configFactory, deserializer, emitters, sourceId, new Handoff());
    }

    @Override
    public SourceReader<T, MySqlSplit> createReader(SourceReaderContext context) throws Exception {
        BinlogProgress progress = new BinlogProgress(sourceId, context.metricGroup());
        synchronized (handoff) {
            handoff.progress = progress;
            try {
                return new ProgressReader<>(super.createReader(context), progress);
            } finally {
                handoff.progress = null;
            }
        }
    }
}
