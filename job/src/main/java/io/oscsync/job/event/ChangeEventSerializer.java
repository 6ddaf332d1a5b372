package io.oscsync.job.event;

import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * {@link ChangeEvent} in checkpoints and on the wire.
 *
 * <p>Format versions: 1 = first release; 2 = the parsed statement after the target (from 1 a routed
 * DDL's text is parsed as it is read). The kind is its ordinal; kinds are only ever appended
 * (DEFINITION came later), so version 1 bytes read the same; 3 = a {@link CrossKeyBarrier} after the statement
 * (flag, then as {@link SinkOpSerializer} writes it).
 */
public final class ChangeEventSerializer extends VersionedSerializer<ChangeEvent> {
    private static final long serialVersionUID = 1L;
    static final int CURRENT_VERSION = 3;
    public static final ChangeEventSerializer INSTANCE = new ChangeEventSerializer(CURRENT_VERSION);

    private ChangeEventSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    protected int currentVersion() {
        return CURRENT_VERSION;
    }

    @Override
    protected VersionedSerializer<ChangeEvent> withReadVersion(int version) {
        return new ChangeEventSerializer(version);
    }

    @Override
    protected void write(ChangeEvent e, DataOutputView out) throws IOException {
        RowValues.writeString(e.sourceId(), out);
        RowValues.writeTable(e.table(), out);
        out.writeByte(e.kind().ordinal());
        RowValues.writeStrings(e.columns(), out);
        RowValues.writeRow(e.before(), out);
        RowValues.writeRow(e.after(), out);
        RowValues.writeString(e.ddl(), out);
        RowValues.writeString(e.tableChanges(), out);
        RowValues.writeString(e.binlogFile(), out);
        out.writeLong(e.binlogPos());
        out.writeLong(e.eventTimeMs());
        RowValues.writeTable(e.target(), out);
        out.writeBoolean(e.statement() != null);
        if (e.statement() != null) e.statement().writeTo(out);
        SinkOpSerializer.writeBarrier(e.barrier(), out);
    }

    @Override
    protected ChangeEvent read(int version, DataInputView in) throws IOException {
        String sourceId = RowValues.readString(in);
        TableId table = RowValues.readTable(in);
        ChangeEvent.Kind kind = ChangeEvent.Kind.values()[in.readByte()];
        String[] columns = RowValues.readStrings(in);
        Object[] before = RowValues.readRow(in);
        Object[] after = RowValues.readRow(in);
        String ddl = RowValues.readString(in);
        String tableChanges = RowValues.readString(in);
        String binlogFile = RowValues.readString(in);
        long binlogPos = in.readLong();
        long eventTimeMs = in.readLong();
        TableId target = RowValues.readTable(in);
        DdlStatement statement;
        if (version >= 2) {
            statement = in.readBoolean() ? DdlStatement.readFrom(in) : null;
        } else {
            // Format 1 kept routed DDL as text only (a pessimistic shard lock's held events).
            statement = target != null && ddl != null && !kind.isRow() ? DdlStatement.parse(ddl) : null;
        }
        CrossKeyBarrier barrier = version >= 3 ? SinkOpSerializer.readBarrier(in) : null;
        return new ChangeEvent(
                sourceId,
                table,
                kind,
                columns,
                before,
                after,
                ddl,
                tableChanges,
                binlogFile,
                binlogPos,
                eventTimeMs,
                target,
                statement,
                barrier);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<ChangeEvent> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
