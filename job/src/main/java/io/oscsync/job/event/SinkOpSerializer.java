package io.oscsync.job.event;

import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SinkOp} in checkpoints and on the wire.
 *
 * <p>Format versions: 1 = first release; 2 = a DDL's reason and time zone after the event time (read as null from 1);
 * 3 = the DDL in its parsed form instead of its text (text from 1 and 2 is parsed as it is read); 4 = a DDL's
 * {@link DdlMode} by name after the time zone (RUN for earlier formats); 5 = a {@link CrossKeyBarrier} after the
 * mode (flag, id, role by name, participants); 6 = a DDL's origin ({@code source@file:pos#n}) after the barrier
 * (null from earlier formats: their DDL ops are fingerprinted by target and text, see
 * {@link io.oscsync.job.sink.handle.DdlFingerprint}).
 */
public final class SinkOpSerializer extends VersionedSerializer<SinkOp> {
    private static final long serialVersionUID = 1L;
    public static final int CURRENT_VERSION = 6;
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
        out.writeBoolean(op.statement() != null);
        if (op.statement() != null) op.statement().writeTo(out);
        out.writeLong(op.eventTimeMs());
        RowValues.writeString(op.reason(), out);
        RowValues.writeString(op.timeZone(), out);
        RowValues.writeString(op.mode() == null ? null : op.mode().name(), out);
        writeBarrier(op.barrier(), out);
        RowValues.writeString(op.origin(), out);
    }

    @Override
    protected SinkOp read(int version, DataInputView in) throws IOException {
        TableId target = RowValues.readTable(in);
        SinkOp.Kind kind = SinkOp.Kind.values()[in.readByte()];
        String[] columns = RowValues.readStrings(in);
        Object[] before = RowValues.readRow(in);
        Object[] after = RowValues.readRow(in);
        DdlStatement ddl;
        if (version >= 3) {
            ddl = in.readBoolean() ? DdlStatement.readFrom(in) : null;
        } else {
            String text = RowValues.readString(in);
            ddl = text == null ? null : DdlStatement.parse(text);
        }
        long eventTimeMs = in.readLong();
        String reason = version >= 2 ? RowValues.readString(in) : null;
        String timeZone = version >= 2 ? RowValues.readString(in) : null;
        String mode = version >= 4 ? RowValues.readString(in) : null;
        CrossKeyBarrier barrier = version >= 5 ? readBarrier(in) : null;
        String origin = version >= 6 ? RowValues.readString(in) : null;
        return new SinkOp(
                target,
                kind,
                columns,
                before,
                after,
                ddl,
                reason,
                timeZone,
                mode == null ? null : DdlMode.valueOf(mode),
                barrier,
                eventTimeMs,
                origin);
    }

    static void writeBarrier(CrossKeyBarrier b, DataOutputView out) throws IOException {
        out.writeBoolean(b != null);
        if (b == null) return;
        out.writeUTF(b.id());
        out.writeUTF(b.role().name());
        out.writeInt(b.participants().size());
        for (TableId t : b.participants()) RowValues.writeTable(t, out);
    }

    static CrossKeyBarrier readBarrier(DataInputView in) throws IOException {
        if (!in.readBoolean()) return null;
        String id = in.readUTF();
        CrossKeyBarrier.Role role = CrossKeyBarrier.Role.valueOf(in.readUTF());
        int n = in.readInt();
        List<TableId> participants = new ArrayList<>(n);
        for (int i = 0; i < n; i++) participants.add(RowValues.readTable(in));
        return new CrossKeyBarrier(id, role, participants);
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
