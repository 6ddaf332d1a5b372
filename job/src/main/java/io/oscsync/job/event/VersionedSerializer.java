package io.oscsync.job.event;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * The contract every osc-sync serializer follows: the record format has a version; a savepoint
 * remembers the version it was written with; restoring an older one reads it with the legacy
 * branch and migrates; a version from the future fails loudly instead of guessing.
 *
 * <p>Subclasses write the current format and read every format they have ever written.
 */
public abstract class VersionedSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    /** The format this serializer reads (writing is always in the current format). */
    protected final int readVersion;

    protected VersionedSerializer(int readVersion) {
        if (readVersion < 1 || readVersion > currentVersion()) {
            throw new IllegalStateException(getClass().getSimpleName() + " cannot read format version " + readVersion
                    + " (this build knows 1.." + currentVersion() + "); was the state written by a newer osc-sync?");
        }
        this.readVersion = readVersion;
    }

    /** The format version written by this build. */
    protected abstract int currentVersion();

    /** A serializer of this class that reads {@code version}. */
    protected abstract VersionedSerializer<T> withReadVersion(int version);

    protected abstract void write(T record, DataOutputView out) throws IOException;

    protected abstract T read(int version, DataInputView in) throws IOException;

    @Override
    public abstract VersionedSnapshot<T> snapshotConfiguration();

    @Override
    public final void serialize(T record, DataOutputView out) throws IOException {
        write(record, out);
    }

    @Override
    public final T deserialize(DataInputView in) throws IOException {
        return read(readVersion, in);
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean isImmutableType() {
        return true; // records are never changed after construction
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this; // stateless
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        return from;
    }

    @Override
    public T copy(T from, T reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((VersionedSerializer<?>) o).readVersion == readVersion;
    }

    @Override
    public int hashCode() {
        return getClass().hashCode() * 31 + readVersion;
    }

    /**
     * Remembers the record format version in the savepoint. Subclasses only add a public
     * no-argument constructor (Flink instantiates snapshots reflectively).
     */
    public abstract static class VersionedSnapshot<T> implements TypeSerializerSnapshot<T> {
        private static final int SNAPSHOT_FORMAT = 1;
        private VersionedSerializer<T> serializer;

        protected VersionedSnapshot(VersionedSerializer<T> serializer) {
            this.serializer = serializer;
        }

        @Override
        public int getCurrentVersion() {
            return SNAPSHOT_FORMAT;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(serializer.readVersion);
        }

        @Override
        public void readSnapshot(int snapshotFormat, DataInputView in, ClassLoader cl) throws IOException {
            if (snapshotFormat != SNAPSHOT_FORMAT) {
                throw new IOException("unknown serializer snapshot format " + snapshotFormat + " for " + getClass());
            }
            serializer = serializer.withReadVersion(in.readInt());
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return serializer;
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            if (!(old instanceof VersionedSnapshot<T> previous) || old.getClass() != getClass()) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            int written = previous.serializer.readVersion;
            if (written == serializer.currentVersion()) return TypeSerializerSchemaCompatibility.compatibleAsIs();
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
    }
}
