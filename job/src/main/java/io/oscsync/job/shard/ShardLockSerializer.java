package io.oscsync.job.shard;

import io.oscsync.job.event.RowValues;
import io.oscsync.job.event.VersionedSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.List;

/**
 * {@link ShardLock} in keyed state.
 *
 * <p>Format versions: 1 = first release.
 */
public final class ShardLockSerializer extends VersionedSerializer<ShardLock> {
    private static final long serialVersionUID = 1L;
    static final int CURRENT_VERSION = 1;
    public static final ShardLockSerializer INSTANCE = new ShardLockSerializer(CURRENT_VERSION);

    private ShardLockSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    protected int currentVersion() {
        return CURRENT_VERSION;
    }

    @Override
    protected VersionedSerializer<ShardLock> withReadVersion(int version) {
        return new ShardLockSerializer(version);
    }

    @Override
    protected void write(ShardLock lock, DataOutputView out) throws IOException {
        RowValues.writeStrings(lock.statements().toArray(String[]::new), out);
        RowValues.writeStrings(lock.normalized().toArray(String[]::new), out);
        RowValues.writeString(lock.firstShard(), out);
        RowValues.writeString(lock.firstDdl(), out);
        RowValues.writeStrings(lock.reached().toArray(String[]::new), out);
    }

    @Override
    protected ShardLock read(int version, DataInputView in) throws IOException {
        return new ShardLock(List.of(RowValues.readStrings(in)), List.of(RowValues.readStrings(in)),
                RowValues.readString(in), RowValues.readString(in), List.of(RowValues.readStrings(in)));
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<ShardLock> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
