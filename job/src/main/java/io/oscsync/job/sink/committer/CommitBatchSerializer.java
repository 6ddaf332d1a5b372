package io.oscsync.job.sink.committer;

import io.oscsync.job.event.RowValues;
import io.oscsync.job.event.SinkOp;
import io.oscsync.job.event.SinkOpSerializer;
import io.oscsync.udfs.TableId;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The committable's checkpoint format. A new layout gets a new version and keeps reading the old
 * ones; ops written in an older op format are read with that format.
 *
 * <p>Version 1: run id, sequence, the {@link SinkOpSerializer} format version of the ops, op
 * count, then every op whole (its table and column names each time). Read as a {@linkplain
 * CommitBatch#legacy() legacy} batch.
 *
 * <p>Version 2: run id, sequence, partitions, op format version; a dictionary of the batch's
 * tables and one of its column lists; then per op its kind and, for a row change, the table's and
 * the column list's numbers (varints; column list 0 for none, n+1 for list n), both images and the
 * event time (a zigzag varint, the difference to the previous row change's); any other op (DDL,
 * barrier) whole in the op format.
 */
public final class CommitBatchSerializer implements SimpleVersionedSerializer<CommitBatch> {
    static final int VERSION = 2;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(CommitBatch batch) throws IOException {
        if (batch.legacy()) {
            throw new IllegalArgumentException(batch + " is of format 1, which is read but no longer written");
        }
        Map<TableId, Integer> tables = new HashMap<>();
        List<TableId> tableList = new ArrayList<>();
        Map<Columns, Integer> columns = new HashMap<>();
        List<String[]> columnList = new ArrayList<>();
        for (SinkOp op : batch.ops()) {
            if (!isRow(op)) continue;
            tables.computeIfAbsent(op.target(), t -> {
                tableList.add(t);
                return tableList.size() - 1;
            });
            if (op.columns() != null) {
                columns.computeIfAbsent(new Columns(op.columns()), c -> {
                    columnList.add(c.names);
                    return columnList.size() - 1;
                });
            }
        }
        DataOutputSerializer out = new DataOutputSerializer(256 + batch.ops().size() * 32);
        out.writeUTF(batch.runId());
        out.writeLong(batch.seq());
        out.writeInt(batch.partitions());
        out.writeInt(SinkOpSerializer.CURRENT_VERSION);
        out.writeInt(tableList.size());
        for (TableId t : tableList) RowValues.writeTable(t, out);
        out.writeInt(columnList.size());
        for (String[] c : columnList) RowValues.writeStrings(c, out);
        out.writeInt(batch.ops().size());
        long time = 0;
        for (SinkOp op : batch.ops()) {
            out.writeByte(op.kind().ordinal());
            if (isRow(op)) {
                writeVarint(tables.get(op.target()), out);
                writeVarint(op.columns() == null ? 0 : columns.get(new Columns(op.columns())) + 1L, out);
                RowValues.writeRow(op.before(), out);
                RowValues.writeRow(op.after(), out);
                long delta = op.eventTimeMs() - time;
                writeVarint((delta << 1) ^ (delta >> 63), out);
                time = op.eventTimeMs();
            } else {
                SinkOpSerializer.INSTANCE.serialize(op, out);
            }
        }
        return out.getCopyOfBuffer();
    }

    /** A row change: nothing but target, columns, images and time, so the short form holds it all. */
    private static boolean isRow(SinkOp op) {
        return op.kind() == SinkOp.Kind.INSERT || op.kind() == SinkOp.Kind.UPDATE || op.kind() == SinkOp.Kind.DELETE;
    }

    @Override
    public CommitBatch deserialize(int version, byte[] bytes) throws IOException {
        if (version > VERSION || version < 1) {
            throw new IOException("commit batch format version " + version + " is newer than this osc-sync "
                    + "understands (" + VERSION + "): restore this checkpoint with the version that wrote it");
        }
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        String runId = in.readUTF();
        long seq = in.readLong();
        if (version == 1) {
            SinkOpSerializer opFormat = SinkOpSerializer.reading(in.readInt());
            int n = in.readInt();
            List<SinkOp> ops = new ArrayList<>(n);
            for (int i = 0; i < n; i++) ops.add(opFormat.deserialize(in));
            return new CommitBatch(runId, seq, ops);
        }
        int partitions = in.readInt();
        SinkOpSerializer opFormat = SinkOpSerializer.reading(in.readInt());
        TableId[] tables = new TableId[in.readInt()];
        for (int i = 0; i < tables.length; i++) tables[i] = RowValues.readTable(in);
        String[][] columns = new String[in.readInt()][];
        for (int i = 0; i < columns.length; i++) columns[i] = RowValues.readStrings(in);
        int n = in.readInt();
        List<SinkOp> ops = new ArrayList<>(n);
        SinkOp.Kind[] kinds = SinkOp.Kind.values();
        long time = 0;
        for (int i = 0; i < n; i++) {
            SinkOp.Kind kind = kinds[in.readByte()];
            if (kind == SinkOp.Kind.INSERT || kind == SinkOp.Kind.UPDATE || kind == SinkOp.Kind.DELETE) {
                TableId t = tables[(int) readVarint(in)];
                int c = (int) readVarint(in);
                Object[] before = RowValues.readRow(in);
                Object[] after = RowValues.readRow(in);
                long zigzag = readVarint(in);
                time += (zigzag >>> 1) ^ -(zigzag & 1);
                ops.add(new SinkOp(t, kind, c == 0 ? null : columns[c - 1], before, after, time));
            } else {
                ops.add(opFormat.deserialize(in));
            }
        }
        return new CommitBatch(runId, seq, ops, partitions);
    }

    private static void writeVarint(long v, DataOutputSerializer out) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarint(DataInputDeserializer in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new IOException("corrupt commit batch: a varint longer than 10 bytes");
    }

    /** Column names compared by content. */
    private record Columns(String[] names) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Columns c && Arrays.equals(names, c.names);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(names);
        }
    }
}
