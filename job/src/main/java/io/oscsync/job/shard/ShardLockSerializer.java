package io.oscsync.job.shard;

import io.oscsync.job.event.RowValues;
import io.oscsync.job.event.VersionedSerializer;
import io.oscsync.udfs.ddl.DdlStatement;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link PessimisticLock} in keyed state (the class keeps its first name: savepoints record it).
 *
 * <p>Format versions: 1 = first release; 2 = the statements in their parsed form (text from 1 is
 * parsed as it is read); 3 = after the shards reached, each shard's binlog event (count, then shard
 * and origin pairs; none from 1 and 2).
 */
public final class ShardLockSerializer extends VersionedSerializer<PessimisticLock> {
    private static final long serialVersionUID = 1L;
    static final int CURRENT_VERSION = 3;
    public static final ShardLockSerializer INSTANCE = new ShardLockSerializer(CURRENT_VERSION);

    private ShardLockSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    protected int currentVersion() {
        return CURRENT_VERSION;
    }

    @Override
    protected VersionedSerializer<PessimisticLock> withReadVersion(int version) {
        return new ShardLockSerializer(version);
    }

    @Override
    protected void write(PessimisticLock lock, DataOutputView out) throws IOException {
        out.writeInt(lock.statements().size());
        for (DdlStatement s : lock.statements()) s.writeTo(out);
        RowValues.writeStrings(lock.normalized().toArray(String[]::new), out);
        RowValues.writeString(lock.firstShard(), out);
        RowValues.writeString(lock.firstDdl(), out);
        RowValues.writeStrings(lock.reached().toArray(String[]::new), out);
        out.writeInt(lock.origins().size());
        for (Map.Entry<String, String> o : lock.origins().entrySet()) {
            RowValues.writeString(o.getKey(), out);
            RowValues.writeString(o.getValue(), out);
        }
    }

    @Override
    protected PessimisticLock read(int version, DataInputView in) throws IOException {
        List<DdlStatement> statements = new ArrayList<>();
        if (version >= 2) {
            for (int n = in.readInt(); n > 0; n--) statements.add(DdlStatement.readFrom(in));
        } else {
            for (String s : RowValues.readStrings(in)) statements.add(DdlStatement.parse(s));
        }
        List<String> normalized = List.of(RowValues.readStrings(in));
        String firstShard = RowValues.readString(in);
        String firstDdl = RowValues.readString(in);
        List<String> reached = List.of(RowValues.readStrings(in));
        Map<String, String> origins = new TreeMap<>();
        if (version >= 3) {
            for (int n = in.readInt(); n > 0; n--) origins.put(RowValues.readString(in), RowValues.readString(in));
        }
        return new PessimisticLock(statements, normalized, firstShard, firstDdl, reached, origins);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<PessimisticLock> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
