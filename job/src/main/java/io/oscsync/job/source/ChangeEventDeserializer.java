package io.oscsync.job.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.event.VersionedTypeInfo;
import io.oscsync.job.jdbc.Tls;
import io.oscsync.udfs.TableId;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Field;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.util.Collector;

import java.util.List;

/** Debezium records -> typed {@link ChangeEvent}s, straight from the Struct (no JSON for rows). */
public final class ChangeEventDeserializer implements DebeziumDeserializationSchema<ChangeEvent> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String sourceId;
    private final TaskConfig.Security security;

    public ChangeEventDeserializer(String sourceId, TaskConfig.Security security) {
        this.sourceId = sourceId;
        this.security = security;
    }

    /**
     * Runs wherever Flink restores the source (JobManager, TaskManagers) before it connects:
     * makes the TLS stores its connection settings name (see {@link Tls}).
     */
    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (security != null) Tls.stores(security);
    }

    @Override
    public void deserialize(SourceRecord record, Collector<ChangeEvent> out) throws Exception {
        if (!(record.value() instanceof Struct value)) return;
        if (value.schema().field("historyRecord") != null) {
            out.collect(ddl(value));
            return;
        }
        if (value.schema().field("op") == null) return; // heartbeats and the like
        Struct source = value.getStruct("source");
        ChangeEvent.Kind kind = switch (value.getString("op")) {
            case "r" -> ChangeEvent.Kind.SNAPSHOT;
            case "c" -> ChangeEvent.Kind.INSERT;
            case "u" -> ChangeEvent.Kind.UPDATE;
            case "d" -> ChangeEvent.Kind.DELETE;
            default -> null;
        };
        if (kind == null) return; // truncate / message records: TRUNCATE arrives as DDL
        Struct before = value.getStruct("before");
        Struct after = value.getStruct("after");
        List<Field> fields = (after != null ? after : before).schema().fields();
        String[] columns = new String[fields.size()];
        for (int i = 0; i < columns.length; i++) columns[i] = columnName(fields.get(i));
        TableId table = new TableId(source.getString("db"), source.getString("table"));
        Object[] beforeValues, afterValues;
        try {
            beforeValues = values(before, fields);
            afterValues = values(after, fields);
        } catch (RuntimeException e) {
            throw new IllegalStateException("upstream " + sourceId + " table " + table + ": " + e.getMessage(), e);
        }
        out.collect(ChangeEvent.row(
                sourceId,
                table,
                kind,
                columns,
                beforeValues,
                afterValues,
                source.getString("file"),
                position(source),
                timestamp(source)));
    }

    private ChangeEvent ddl(Struct value) throws Exception {
        Struct source = value.getStruct("source");
        JsonNode history = JSON.readTree(value.getString("historyRecord"));
        String db = history.path("databaseName").asText("");
        JsonNode changes = history.path("tableChanges");
        String ddl = history.path("ddl").asText();
        if (ddl.indexOf('\uFFFD') >= 0) throw undecodable(db, ddl);
        // The subject table is parsed from the DDL text in classify-and-route; the source's
        // "table" field is not reliable for DDL (null, or several names for a RENAME).
        return ChangeEvent.ddl(
                sourceId,
                new TableId(db, ""),
                ddl,
                changes.isMissingNode() ? "[]" : changes.toString(),
                source == null ? null : source.getString("file"),
                source == null ? 0 : position(source),
                source == null ? 0 : timestamp(source));
    }

    /**
     * A binlog statement is decoded with its client's charset (osc-sync's QueryEventDataDeserializer);
     * U+FFFD in it means bytes that charset could not read (a charset Java lacks, or a client that sent
     * bytes other than it declared). Replicating it would give different names, ENUM members or
     * defaults downstream, so the job stops.
     */
    private IllegalStateException undecodable(String db, String ddl) {
        return new IllegalStateException("upstream " + sourceId + ": a DDL statement in database " + db + " could not "
                + "be decoded with its client's charset (its unreadable bytes are shown as U+FFFD): " + ddl
                + ". osc-sync stops rather than apply a changed statement downstream. To go on: drop the table downstream and start the task again "
                + "without its checkpoints (its snapshot reads the table as it is now); write DDL with non-ASCII text "
                + "through utf8mb4 connections (pt-online-schema-change: --charset utf8mb4)");
    }

    /**
     * The column's real name. Debezium's DDL parser strips the outer backquotes of a name but
     * keeps a backquote inside it doubled ({@code `n``2`} becomes {@code n``2}); MySQL names
     * cannot hold a backquote unquoted, so halving every pair gives back the name exactly.
     */
    static String columnName(Field f) {
        return f.name().replace("``", "`");
    }

    private static Object[] values(Struct row, List<Field> fields) {
        if (row == null) return null;
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            Field f = fields.get(i);
            // Not row.get(f): for a null value that returns the schema's default (the column's DEFAULT).
            values[i] = DebeziumValues.convert(f.name(), f.schema(), row.getWithoutDefault(f.name()));
        }
        return values;
    }

    private static long position(Struct source) {
        Object pos = source.get("pos");
        return pos == null ? 0 : ((Number) pos).longValue();
    }

    private static long timestamp(Struct source) {
        Object ts = source.get("ts_ms");
        return ts == null ? 0 : ((Number) ts).longValue();
    }

    @Override
    public TypeInformation<ChangeEvent> getProducedType() {
        return VersionedTypeInfo.CHANGE_EVENT;
    }
}
