package io.oscsync.job.event;

import io.oscsync.udfs.TableId;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * {@link SinkOp} in checkpoints and on the wire.
 *
 * <p>Format versions: 1 = first release; 2 = a DDL's reason and time zone after the event time (read as null from 1).
 */
public final class SinkOpSerializer extends VersionedSerializer<SinkOp> {
    private static final long serialVersionUID = 1L;
    public static final int CURRENT_VERSION = 2;
    public static final SinkOpSerializer INSTANCE = new SinkOpSerializer(CURRENT_VERSION);

    private SinkOpSerializer(int readVersion) {
        super(readVersion);
    }

    /** A serializer that reads format {@code version} (for containers that record it, like the sink's committable). */
    public static SinkOpSerializer reading(int version) {
        return new SinkOpSerializer(version);
    }

    @Override
    protected int currentVersion() {
        return CURRENT_VERSION;
    }

    @Override
    protected VersionedSerializer<SinkOp> withReadVersion(int version) {
        return new SinkOpSerializer(version);
    }

    @Override
    protected void write(SinkOp op, DataOutputView out) throws IOException {
        RowValues.writeTable(op.target(), out);
        out.writeByte(op.kind().ordinal());
        RowValues.writeStrings(op.columns(), out);
        RowValues.writeRow(op.before(), out);
        RowValues.writeRow(op.after(), out);
        RowValues.writeString(op.ddl(), out);
        out.writeLong(op.eventTimeMs());
        RowValues.writeString(op.reason(), out);
        RowValues.writeString(op.timeZone(), out);
    }

    @Override
    protected SinkOp read(int version, DataInputView in) throws IOException {
        TableId target = RowValues.readTable(in);
        SinkOp.Kind kind = SinkOp.Kind.values()[in.readByte()];
        String[] columns = RowValues.readStrings(in);
        Object[] before = RowValues.readRow(in);
        Object[] after = RowValues.readRow(in);
        String ddl = RowValues.readString(in);
        long eventTimeMs = in.readLong();
        String reason = version >= 2 ? RowValues.readString(in) : null;
        String timeZone = version >= 2 ? RowValues.readString(in) : null;
        return new SinkOp(target, kind, columns, before, after, ddl, reason, timeZone, eventTimeMs);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<SinkOp> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
