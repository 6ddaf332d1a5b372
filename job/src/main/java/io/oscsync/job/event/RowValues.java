package io.oscsync.job.event;

import io.oscsync.udfs.TableId;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/** The typed column values osc-sync carries, and their binary form (one tag byte per value). */
public final class RowValues {
    private static final byte NULL = 0, LONG = 1, DECIMAL = 2, DOUBLE = 3, FLOAT = 4, STRING = 5, BYTES = 6, BOOL = 7;

    private RowValues() {}

    public static void writeRow(Object[] row, DataOutputView out) throws IOException {
        if (row == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(row.length);
        for (Object v : row) writeValue(v, out);
    }

    public static Object[] readRow(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        Object[] row = new Object[n];
        for (int i = 0; i < n; i++) row[i] = readValue(in);
        return row;
    }

    public static void writeStrings(String[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (String s : a) StringValue.writeString(s, out);
    }

    public static String[] readStrings(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        String[] a = new String[n];
        for (int i = 0; i < n; i++) a[i] = StringValue.readString(in);
        return a;
    }

    /** A nullable string (StringValue handles null and strings over 64 KiB). */
    public static void writeString(String s, DataOutputView out) throws IOException {
        StringValue.writeString(s, out);
    }

    public static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    /** A nullable table id. */
    public static void writeTable(TableId t, DataOutputView out) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            StringValue.writeString(t.schema(), out);
            StringValue.writeString(t.table(), out);
        }
    }

    public static TableId readTable(DataInputView in) throws IOException {
        return in.readBoolean() ? new TableId(StringValue.readString(in), StringValue.readString(in)) : null;
    }

    static void writeValue(Object v, DataOutputView out) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof BigDecimal d) {
            out.writeByte(DECIMAL);
            out.writeInt(d.scale());
            writeBytes(d.unscaledValue().toByteArray(), out);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (v instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeFloat(f);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            StringValue.writeString(s, out);
        } else if (v instanceof byte[] b) {
            out.writeByte(BYTES);
            writeBytes(b, out);
        } else if (v instanceof Boolean b) {
            out.writeByte(BOOL);
            out.writeBoolean(b);
        } else {
            throw new IllegalArgumentException(
                    "not a row value type: " + v.getClass().getName());
        }
    }

    static Object readValue(DataInputView in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case LONG -> in.readLong();
            case DECIMAL -> {
                int scale = in.readInt();
                yield new BigDecimal(new BigInteger(readBytes(in)), scale);
            }
            case DOUBLE -> in.readDouble();
            case FLOAT -> in.readFloat();
            case STRING -> StringValue.readString(in);
            case BYTES -> readBytes(in);
            case BOOL -> in.readBoolean();
            default -> throw new IOException("corrupt row value: unknown tag " + tag);
        };
    }

    private static void writeBytes(byte[] b, DataOutputView out) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
