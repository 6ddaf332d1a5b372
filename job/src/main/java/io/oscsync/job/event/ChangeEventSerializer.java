package io.oscsync.job.event;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * {@link ChangeEvent} in checkpoints and on the wire.
 *
 * <p>Format versions: 1 = first release. The kind is its ordinal; kinds are only ever appended
 * (DEFINITION came later), so version 1 bytes read the same.
 */
public final class ChangeEventSerializer extends VersionedSerializer<ChangeEvent> {
    private static final long serialVersionUID = 1L;
    static final int CURRENT_VERSION = 1;
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
    }

    @Override
    protected ChangeEvent read(int version, DataInputView in) throws IOException {
        // Only version 1 exists so far; a later format adds a branch here and keeps this one.
        return new ChangeEvent(RowValues.readString(in), RowValues.readTable(in), ChangeEvent.Kind.values()[in.readByte()],
                RowValues.readStrings(in), RowValues.readRow(in), RowValues.readRow(in), RowValues.readString(in),
                RowValues.readString(in), RowValues.readString(in), in.readLong(), in.readLong(), RowValues.readTable(in));
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
