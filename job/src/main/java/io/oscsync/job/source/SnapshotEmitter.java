package io.oscsync.job.source;

import io.oscsync.job.event.ChangeEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.cdc.connectors.mysql.source.metrics.MySqlSourceReaderMetrics;
import org.apache.flink.cdc.connectors.mysql.source.reader.MySqlRecordEmitter;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplitState;
import org.apache.flink.cdc.connectors.mysql.source.utils.RecordUtils;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;

/**
 * Flink CDC's emitter, plus: at the low watermark of each snapshot chunk, the table's definition
 * as {@link SnapshotDefinitions} read it for that chunk, ahead of the chunk's rows.
 */
final class SnapshotEmitter extends MySqlRecordEmitter<ChangeEvent> {
    private final String runKey;
    private final String sourceId;

    SnapshotEmitter(DebeziumDeserializationSchema<ChangeEvent> deserializer, MySqlSourceReaderMetrics metrics,
                    String runKey, String sourceId) {
        super(deserializer, metrics, true);
        this.runKey = runKey;
        this.sourceId = sourceId;
    }

    @Override
    protected void processElement(SourceRecord element, SourceOutput<ChangeEvent> output, MySqlSplitState state)
            throws Exception {
        if (state.isSnapshotSplitState() && RecordUtils.isLowWatermarkEvent(element)) {
            String splitId = state.asSnapshotSplitState().toMySqlSplit().splitId();
            SnapshotDefinitions.Definition d = SnapshotDefinitions.take(runKey, splitId);
            if (d == null) {
                // The hook runs before every chunk's low watermark in this subtask; without it the
                // downstream table could be made from another point in time than the rows.
                throw new IllegalStateException("source " + sourceId + ": no definition was read for snapshot chunk "
                        + splitId + " before its rows");
            }
            output.collect(ChangeEvent.definition(sourceId, d.table(), d.createTable(), d.binlogFile(), d.binlogPos()));
        }
        super.processElement(element, output, state);
    }
}
