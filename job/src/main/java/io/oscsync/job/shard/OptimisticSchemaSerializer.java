package io.oscsync.job.shard;

import io.oscsync.job.event.RowValues;
import io.oscsync.job.event.VersionedSerializer;
import io.oscsync.udfs.ddl.DdlStatement;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link OptimisticSchema} in keyed state.
 *
 * <p>Format versions: 1 = first release (before it, optimistic mode kept shard locks in the
 * {@code shard-changes} map state, converted on first use by {@link OptimisticSchema#fromLegacy});
 * 2 = a pending DROP in its parsed form (its text in 1, parsed as it is read).
 */
public final class OptimisticSchemaSerializer extends VersionedSerializer<OptimisticSchema> {
    private static final long serialVersionUID = 1L;
    static final int CURRENT_VERSION = 2;
    public static final OptimisticSchemaSerializer INSTANCE = new OptimisticSchemaSerializer(CURRENT_VERSION);

    private OptimisticSchemaSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    protected int currentVersion() {
        return CURRENT_VERSION;
    }

    @Override
    protected VersionedSerializer<OptimisticSchema> withReadVersion(int version) {
        return new OptimisticSchemaSerializer(version);
    }

    @Override
    protected void write(OptimisticSchema schema, DataOutputView out) throws IOException {
        out.writeInt(schema.items().size());
        for (Map.Entry<String, OptimisticSchema.Item> e : schema.items().entrySet()) {
            OptimisticSchema.Item item = e.getValue();
            RowValues.writeString(e.getKey(), out);
            RowValues.writeString(item.target(), out);
            RowValues.writeString(item.base(), out);
            out.writeBoolean(item.pendingDrop() != null);
            if (item.pendingDrop() != null) item.pendingDrop().writeTo(out);
            out.writeInt(item.shards().size());
            for (Map.Entry<String, String> s : item.shards().entrySet()) {
                RowValues.writeString(s.getKey(), out);
                RowValues.writeString(s.getValue(), out);
            }
        }
    }

    @Override
    protected OptimisticSchema read(int version, DataInputView in) throws IOException {
        Map<String, OptimisticSchema.Item> items = new TreeMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            String key = RowValues.readString(in);
            String target = RowValues.readString(in);
            String base = RowValues.readString(in);
            DdlStatement pendingDrop;
            if (version >= 2) {
                pendingDrop = in.readBoolean() ? DdlStatement.readFrom(in) : null;
            } else {
                String text = RowValues.readString(in);
                pendingDrop = text == null ? null : DdlStatement.parse(text);
            }
            Map<String, String> shards = new TreeMap<>();
            for (int m = in.readInt(); m > 0; m--) shards.put(RowValues.readString(in), RowValues.readString(in));
            items.put(key, new OptimisticSchema.Item(target, base, shards, pendingDrop));
        }
        return new OptimisticSchema(items);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<OptimisticSchema> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
