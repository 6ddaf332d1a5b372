package io.oscsync.job.coordinator;

import io.oscsync.job.event.RowValues;
import io.oscsync.job.event.VersionedSerializer;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link GhostRecord} in keyed state.
 *
 * <p>Format versions: 1 = first release; 2 = the recorded DDL in its parsed form (text from 1 is
 * parsed as it is read); 3 = the ghost's full CREATE TABLE, when it had one, after the DDL (none from 1 and 2).
 */
public final class GhostRecordSerializer extends VersionedSerializer<GhostRecord> {
    private static final long serialVersionUID = 1L;
    static final int CURRENT_VERSION = 3;
    public static final GhostRecordSerializer INSTANCE = new GhostRecordSerializer(CURRENT_VERSION);

    private GhostRecordSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    protected int currentVersion() {
        return CURRENT_VERSION;
    }

    @Override
    protected VersionedSerializer<GhostRecord> withReadVersion(int version) {
        return new GhostRecordSerializer(version);
    }

    @Override
    protected void write(GhostRecord r, DataOutputView out) throws IOException {
        RowValues.writeString(r.sourceId(), out);
        RowValues.writeTable(r.ghost(), out);
        RowValues.writeTable(r.origin(), out);
        out.writeInt(r.ddls().size());
        for (DdlStatement ddl : r.ddls()) ddl.writeTo(out);
        out.writeBoolean(r.shape() != null);
        if (r.shape() != null) r.shape().writeTo(out);
    }

    @Override
    protected GhostRecord read(int version, DataInputView in) throws IOException {
        String sourceId = RowValues.readString(in);
        TableId ghost = RowValues.readTable(in);
        TableId origin = RowValues.readTable(in);
        int n = in.readInt();
        List<DdlStatement> ddls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ddls.add(version >= 2 ? DdlStatement.readFrom(in) : DdlStatement.parse(RowValues.readString(in)));
        }
        DdlStatement shape = version >= 3 && in.readBoolean() ? DdlStatement.readFrom(in) : null;
        return new GhostRecord(sourceId, ghost, origin, ddls, shape);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<GhostRecord> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
