package io.oscsync.job.sink.committer;

import io.oscsync.job.event.SinkOp;
import io.oscsync.job.event.SinkOpSerializer;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The committable's checkpoint format. Version 1: run id, sequence, the {@link SinkOpSerializer}
 * format version of the ops, op count, then the ops. A new layout gets a new version and keeps
 * reading the old ones; ops written in an older op format are read with that format.
 */
public final class CommitBatchSerializer implements SimpleVersionedSerializer<CommitBatch> {
    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(CommitBatch batch) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256 + batch.ops().size() * 64);
        out.writeUTF(batch.runId());
        out.writeLong(batch.seq());
        out.writeInt(SinkOpSerializer.CURRENT_VERSION);
        out.writeInt(batch.ops().size());
        for (SinkOp op : batch.ops()) SinkOpSerializer.INSTANCE.serialize(op, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public CommitBatch deserialize(int version, byte[] bytes) throws IOException {
        if (version != VERSION) {
            throw new IOException("commit batch format version " + version + " is newer than this osc-sync "
                    + "understands (" + VERSION + "): restore this checkpoint with the version that wrote it");
        }
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        String runId = in.readUTF();
        long seq = in.readLong();
        SinkOpSerializer opFormat = SinkOpSerializer.reading(in.readInt());
        int n = in.readInt();
        List<SinkOp> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) ops.add(opFormat.deserialize(in));
        return new CommitBatch(runId, seq, ops);
    }
}
