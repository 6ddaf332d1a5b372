package io.oscsync.job.sink.handle;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;

/**
 * The sink writer's state entries. Version 1: fingerprint, action, statement, each as a length
 * and UTF-8 bytes (no 64 KiB limit).
 */
public final class HandledDdlSerializer implements SimpleVersionedSerializer<HandledDdl> {
    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(HandledDdl h) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64 + h.statement().length() * 2);
        write(h.fingerprint(), out);
        write(h.action(), out);
        write(h.statement(), out);
        return out.getCopyOfBuffer();
    }

    @Override
    public HandledDdl deserialize(int version, byte[] bytes) throws IOException {
        if (version != VERSION) {
            throw new IOException("sink writer state format version " + version + " is not one this osc-sync "
                    + "understands (" + VERSION + "): restore this checkpoint with the version that wrote it");
        }
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        return new HandledDdl(read(in), read(in), read(in));
    }

    private static void write(String s, DataOutputSerializer out) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String read(DataInputDeserializer in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
