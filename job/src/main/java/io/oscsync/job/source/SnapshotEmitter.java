package io.oscsync.job.source;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.route.InstanceRules;
import io.oscsync.udfs.TableId;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.cdc.connectors.mysql.source.metrics.MySqlSourceReaderMetrics;
import org.apache.flink.cdc.connectors.mysql.source.reader.MySqlRecordEmitter;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplitState;
import org.apache.flink.cdc.connectors.mysql.source.utils.RecordUtils;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Flink CDC's emitter, plus table definitions ahead of rows:
 * <ul>
 *   <li>at the low watermark of each snapshot chunk, the definition {@link SnapshotDefinitions}
 *       read for that chunk;</li>
 *   <li>in the binlog phase, before the first row of each replicated table in this reader's life,
 *       the table's definition as it is now, without a position. A table created while the
 *       snapshot ended has rows in the binlog but no CREATE TABLE (Flink CDC starts reading after
 *       it): this is what creates it downstream. The coordinator ignores such a definition for a
 *       table it knows.</li>
 * </ul>
 */
final class SnapshotEmitter extends MySqlRecordEmitter<ChangeEvent> {
    private final String runKey;
    private final String sourceId;
    private final InstanceRules rules;
    private final TaskConfig.Database upstream;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Set<TableId> defined = new HashSet<>();

    SnapshotEmitter(DebeziumDeserializationSchema<ChangeEvent> deserializer, MySqlSourceReaderMetrics metrics,
                    String runKey, InstanceRules rules, TaskConfig.Database upstream) {
        super(deserializer, metrics, true);
        this.runKey = runKey;
        this.sourceId = rules.sourceId();
        this.rules = rules;
        this.upstream = upstream;
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
            defined.add(d.table());
            output.collect(ChangeEvent.definition(sourceId, d.table(), d.createTable(), d.binlogFile(), d.binlogPos()));
        } else if (state.isBinlogSplitState() && RecordUtils.isSchemaChangeEvent(element)) {
            defined.addAll(tablesOf(element)); // made or changed by a DDL the job reads: no definition needed
        } else if (state.isBinlogSplitState() && RecordUtils.isDataChangeRecord(element)) {
            io.debezium.relational.TableId id = RecordUtils.getTableId(element);
            TableId table = new TableId(id.catalog(), id.table());
            if (defined.add(table) && replicated(table)) {
                SnapshotDefinitions.Definition d = SnapshotDefinitions.readIfExists(upstream, table);
                // Gone since (renamed or dropped later in the binlog): the job has read its CREATE before.
                if (d != null) output.collect(ChangeEvent.definition(sourceId, table, d.createTable(), null, 0));
            }
        }
        super.processElement(element, output, state);
    }

    /** The tables a schema change record names in its post-DDL definitions. */
    private static List<TableId> tablesOf(SourceRecord ddl) throws Exception {
        Struct value = (Struct) ddl.value();
        JsonNode changes = JSON.readTree(value.getString("historyRecord")).path("tableChanges");
        List<TableId> tables = new ArrayList<>();
        for (JsonNode change : changes) {
            io.debezium.relational.TableId id = io.debezium.relational.TableId.parse(change.path("id").asText());
            if (id != null && id.catalog() != null) tables.add(new TableId(id.catalog(), id.table()));
        }
        return tables;
    }

    private boolean replicated(TableId t) {
        return rules.classify(t).isReal() && rules.blockAllowList().allows(t);
    }
}
