package io.oscsync.job.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.route.InstanceRules;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.ddl.RenamePair;
import io.oscsync.udfs.ddl.UnsupportedDdlException;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.cdc.connectors.mysql.source.metrics.MySqlSourceReaderMetrics;
import org.apache.flink.cdc.connectors.mysql.source.reader.MySqlRecordEmitter;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplitState;
import org.apache.flink.cdc.connectors.mysql.source.utils.RecordUtils;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String runKey;
    private final String sourceId;
    private final InstanceRules rules;
    private final TaskConfig.Database upstream;
    /** Tables whose definition or DDL this reader has passed on: no definition at their first binlog row. */
    private final Set<TableId> defined = new HashSet<>();

    private final BinlogProgress progress;

    SnapshotEmitter(
            DebeziumDeserializationSchema<ChangeEvent> deserializer,
            MySqlSourceReaderMetrics metrics,
            String runKey,
            InstanceRules rules,
            TaskConfig.Database upstream,
            BinlogProgress progress) {
        super(deserializer, metrics, true);
        this.progress = progress;
        this.runKey = runKey;
        this.sourceId = rules.sourceId();
        this.rules = rules;
        this.upstream = upstream;
    }

    @Override
    protected void processElement(SourceRecord element, SourceOutput<ChangeEvent> output, MySqlSplitState state)
            throws Exception {
        track(element, state);
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
            JsonNode history = JSON.readTree(((Struct) element.value()).getString("historyRecord"));
            defined.addAll(tablesOf(history)); // made or changed by a DDL the job reads: no definition needed
            super.processElement(element, output, state); // records the DDL's tables in the split's state
            forgetGoneTables(history, state.asBinlogSplitState().getTableSchemas());
            return;
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

    /** O(1) per record: the split state (a reference), a row count, and one event time per checkpoint interval. */
    private void track(SourceRecord element, MySqlSplitState state) {
        boolean row = RecordUtils.isDataChangeRecord(element);
        if (row) progress.row();
        if (!state.isBinlogSplitState()) return;
        progress.saw(state.asBinlogSplitState());
        if (progress.wantsChangeTime() && (row || RecordUtils.isSchemaChangeEvent(element))) {
            Long ts = RecordUtils.getMessageTimestamp(element);
            progress.change(ts == null ? System.currentTimeMillis() : ts);
        }
    }

    /**
     * Flink CDC keeps every table a DDL touched in the binlog split's state, dropped and renamed
     * away ones too, and a restored reader hands them to Debezium as existing; Debezium then takes
     * a later CREATE TABLE of that name (pt-osc's _t_new of the next run, a table made again) for
     * one of a table it has and drops it, and the job never sees it. So tables a DDL dropped or
     * renamed away leave the state.
     */
    private static void forgetGoneTables(JsonNode history, Map<io.debezium.relational.TableId, ?> state) {
        // From the statement: Debezium's record of a DROP names no table.
        String schema = history.path("databaseName").asText("");
        DdlStatement stmt;
        try {
            stmt = DdlStatement.parse(history.path("ddl").asText());
        } catch (UnsupportedDdlException e) {
            return; // not a statement that drops or renames a table
        }
        Set<TableId> gone = new LinkedHashSet<>();
        if (stmt.kind() == DdlStatement.Kind.DROP_TABLE) gone.addAll(stmt.tables(schema));
        for (RenamePair p : stmt.renames(schema)) { // RENAME a TO b, b TO a: a is still there
            gone.add(p.from());
            gone.remove(p.to());
        }
        for (TableId t : gone) state.remove(new io.debezium.relational.TableId(t.schema(), null, t.table()));
    }

    /** The tables a schema change record names in its post-DDL definitions. */
    private static List<TableId> tablesOf(JsonNode history) {
        JsonNode changes = history.path("tableChanges");
        List<TableId> tables = new ArrayList<>();
        for (JsonNode change : changes) {
            io.debezium.relational.TableId id =
                    io.debezium.relational.TableId.parse(change.path("id").asText());
            if (id != null && id.catalog() != null) tables.add(new TableId(id.catalog(), id.table()));
        }
        return tables;
    }

    private boolean replicated(TableId t) {
        return rules.classify(t).isReal() && rules.blockAllowList().allows(t);
    }
}
