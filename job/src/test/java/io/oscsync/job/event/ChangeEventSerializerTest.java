package io.oscsync.job.event;

import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flink's serializer contract (round trips, copies, snapshot and restore, duplication) for
 * {@link ChangeEventSerializer}, over every value type a row may carry, plus the format-version rules.
 */
public class ChangeEventSerializerTest extends SerializerTestBase<ChangeEvent> {

    static final String LONG_TEXT = longText();

    /** One of every value type RowValues carries, with its edge cases. */
    static Object[] allValues() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) binary[i] = (byte) i;
        return new Object[] {
            null,
            0L,
            -1L,
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            // DECIMAL(65,30) at full width, and BIGINT UNSIGNED's maximum (20 digits)
            new BigDecimal("12345678901234567890123456789012345.123456789012345678901234567890"),
            new BigDecimal("-0.000000000000000000000000000001"),
            new BigDecimal("18446744073709551615"),
            new BigDecimal("0.00"),
            new BigDecimal("1E+5"),
            Double.NaN,
            -0.0d,
            0.0d,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            Double.NEGATIVE_INFINITY,
            0.1d,
            Float.NaN,
            -0.0f,
            Float.MAX_VALUE,
            1.5f,
            "",
            "plain ascii",
            "utf8mb4: 😀 👍🏽 日本語 ä \u0000 end",
            LONG_TEXT,
            new byte[0],
            binary,
            new byte[] {0},
            Boolean.TRUE,
            Boolean.FALSE,
        };
    }

    static String[] columnsFor(Object[] values) {
        String[] columns = new String[values.length];
        for (int i = 0; i < columns.length; i++) columns[i] = "c" + i;
        return columns;
    }

    private static String longText() {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 70_500) sb.append("long text ").append(sb.length()).append(" 😀 ünïcödé ");
        return sb.toString();
    }

    private static final TableId T = new TableId("shop_01", "orders_01");
    private static final TableId TARGET = new TableId("shop", "orders");

    static ChangeEvent[] events() {
        Object[] all = allValues();
        String[] cols = columnsFor(all);
        Object[] small = {1L, "a", null};
        String[] smallCols = {"id", "name", "note"};
        List<ChangeEvent> e = new ArrayList<>();
        e.add(ChangeEvent.row("mysql-01", T, ChangeEvent.Kind.SNAPSHOT, cols, null, all, null, 0, 0));
        e.add(ChangeEvent.row(
                "mysql-01", T, ChangeEvent.Kind.INSERT, cols, null, all, "mysql-bin.000001", 4, 1_700_000_000_000L));
        e.add(ChangeEvent.row(
                        "mysql-01",
                        T,
                        ChangeEvent.Kind.UPDATE,
                        cols,
                        all,
                        all.clone(),
                        "mysql-bin.000001",
                        Long.MAX_VALUE,
                        Long.MIN_VALUE)
                .routedTo(TARGET));
        e.add(ChangeEvent.row(
                        "mysql-02", T, ChangeEvent.Kind.DELETE, smallCols, small, null, "mysql-bin.000002", 120, 5)
                .routedTo(TARGET));
        // null and empty arrays, a null column name
        e.add(ChangeEvent.row("mysql-02", T, ChangeEvent.Kind.INSERT, null, null, null, null, -1, -1));
        e.add(ChangeEvent.row(
                "mysql-02", T, ChangeEvent.Kind.UPDATE, new String[0], new Object[0], new Object[0], "", 0, 0));
        e.add(ChangeEvent.row(
                "mysql-02",
                T,
                ChangeEvent.Kind.INSERT,
                new String[] {"a", null},
                null,
                new Object[] {null, null},
                "mysql-bin.000003",
                7,
                8));
        // DDL: without and with target, with and without table changes
        e.add(ChangeEvent.ddl(
                "mysql-01",
                T,
                "ALTER TABLE `orders_01` ADD COLUMN `c` INT",
                "{\"tables\":[]}",
                "mysql-bin.000004",
                999,
                1234));
        String emoji = "ALTER TABLE `orders_01` ADD COLUMN `😀` TEXT";
        e.add(ChangeEvent.ddl("mysql-01", T, emoji, null, "mysql-bin.000004", 1999, 1235)
                .routedTo(TARGET, DdlStatement.parse(emoji)));
        e.add(ChangeEvent.ddl("mysql-01", new TableId("", ""), "DROP TABLE x", "", null, 0, 0));
        String create = "/* " + LONG_TEXT + " */ CREATE TABLE t (id INT)";
        e.add(ChangeEvent.ddl("mysql-01", T, create, LONG_TEXT, "mysql-bin.000005", 4, 0)
                .routedTo(new TableId("s😀", "t"), DdlStatement.parse(create)));
        // both sides of a cross-key barrier
        String rename = "RENAME TABLE a TO b";
        ChangeEvent owner = ChangeEvent.ddl("mysql-01", T, rename, "[]", "mysql-bin.000006", 4, 0)
                .routedTo(TARGET, DdlStatement.parse(rename))
                .withBarrier(new CrossKeyBarrier("id", CrossKeyBarrier.Role.AWAIT, List.of(new TableId("s😀", "b"))));
        e.add(owner);
        e.add(owner.joining(new TableId("s😀", "b"), new CrossKeyBarrier("id", CrossKeyBarrier.Role.JOIN, List.of())));
        // a DDL event may also carry a null statement (the serializer does not judge)
        e.add(new ChangeEvent("src", T, ChangeEvent.Kind.DDL, null, null, null, null, null, null, 0, 0, null));
        return e.toArray(new ChangeEvent[0]);
    }

    @Override
    protected TypeSerializer<ChangeEvent> createSerializer() {
        return ChangeEventSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<ChangeEvent> getTypeClass() {
        return ChangeEvent.class;
    }

    @Override
    protected ChangeEvent[] getTestData() {
        return events();
    }

    /** Records are immutable and built whole: there is no empty instance to create. */
    @Override
    protected boolean allowNullInstances(TypeSerializer<ChangeEvent> serializer) {
        return true;
    }

    // ---------------------------------------------------------------- values, checked one by one

    @Test
    void aRoutedDdlOfFormatOneIsParsedAsItIsRead() throws IOException {
        String sql = "ALTER TABLE `orders_01` ADD COLUMN c INT, DROP d";
        ChangeEvent routed = ChangeEvent.ddl("mysql-01", T, sql, null, "mysql-bin.000004", 9, 1)
                .routedTo(TARGET);
        DataOutputSerializer out = new DataOutputSerializer(128);
        ChangeEventSerializer.INSTANCE.serialize(routed, out);
        byte[] v3 = out.getCopyOfBuffer();
        assertEquals(0, v3[v3.length - 1], "format 3 ends with 'no barrier'");
        assertEquals(0, v3[v3.length - 2], "format 2 ends with 'no statement'");
        byte[] v2 = Arrays.copyOf(v3, v3.length - 1); // format 2 is format 3 without the barrier
        assertEquals(
                routed, ChangeEventSerializer.INSTANCE.withReadVersion(2).deserialize(new DataInputDeserializer(v2)));
        byte[] v1 = Arrays.copyOf(v2, v2.length - 1); // format 1 is format 2 without the statement
        ChangeEvent back = ChangeEventSerializer.INSTANCE.withReadVersion(1).deserialize(new DataInputDeserializer(v1));
        assertEquals(routed.routedTo(TARGET, DdlStatement.parse(sql)), back);
        assertEquals(2, back.statement().alterClauses().size());
    }

    @Test
    void everyValueComesBackWithItsTypeAndBits() throws IOException {
        Object[] all = allValues();
        ChangeEvent in = ChangeEvent.row("s", T, ChangeEvent.Kind.INSERT, columnsFor(all), null, all, "f", 4, 5);
        ChangeEvent out = roundTrip(ChangeEventSerializer.INSTANCE, in);
        Object[] back = out.after();
        assertEquals(all.length, back.length);
        for (int i = 0; i < all.length; i++) {
            Object want = all[i];
            Object got = back[i];
            if (want == null) {
                assertNull(got, "value " + i);
            } else if (want instanceof byte[] b) {
                assertArrayEquals(b, (byte[]) got, "value " + i);
            } else {
                assertEquals(want.getClass(), got.getClass(), "value " + i);
                assertEquals(want, got, "value " + i); // BigDecimal: same scale; Double/Float: same bits
            }
        }
        assertEquals(30, ((BigDecimal) back[5]).scale());
        assertEquals(Double.doubleToRawLongBits(-0.0d), Double.doubleToRawLongBits((Double) back[11]));
        assertEquals(LONG_TEXT, back[all.length - 6]);
        assertNull(out.before());
        assertNull(out.target());
    }

    @Test
    void unknownValueTypeIsRefusedOnWrite() {
        ChangeEvent bad = ChangeEvent.row(
                "s",
                T,
                ChangeEvent.Kind.INSERT,
                new String[] {"c"},
                null,
                new Object[] {42},
                "f",
                4,
                5); // Integer is not a row value type
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ChangeEventSerializer.INSTANCE.serialize(bad, new DataOutputSerializer(64)));
        assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
    }

    public static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T back = serializer.deserialize(in);
        assertEquals(0, in.available(), "the whole record is read back");
        return back;
    }

    // ---------------------------------------------------------------- snapshots and versions

    @Test
    void snapshotWrittenAndReadBackRestoresASerializerForTheSameData() throws IOException {
        checkSnapshotRestores(ChangeEventSerializer.INSTANCE, events());
    }

    @Test
    void compatibleAsIsWithItself() throws IOException {
        checkCompatibleAsIsWithItself(ChangeEventSerializer.INSTANCE);
    }

    @Test
    void incompatibleWithAnotherSerializersSnapshot() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<ChangeEvent> other =
                (TypeSerializerSnapshot) SinkOpSerializer.INSTANCE.snapshotConfiguration();
        assertTrue(ChangeEventSerializer.INSTANCE
                .snapshotConfiguration()
                .resolveSchemaCompatibility(other)
                .isIncompatible());
    }

    @Test
    void snapshotFromAFutureFormatVersionFailsClearly() throws IOException {
        checkFutureVersionFails(
                ChangeEventSerializer.INSTANCE, ChangeEventSerializer.CURRENT_VERSION, "ChangeEventSerializer");
    }

    @Test
    void unknownSnapshotFormatFails() {
        checkUnknownSnapshotFormatFails(ChangeEventSerializer.INSTANCE);
    }

    public static <T> void checkSnapshotRestores(VersionedSerializer<T> serializer, T[] data) throws IOException {
        DataOutputSerializer records = new DataOutputSerializer(1024);
        for (T d : data) serializer.serialize(d, records);

        DataOutputSerializer snapshotBytes = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(snapshotBytes, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<T> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(snapshotBytes.getCopyOfBuffer()),
                ChangeEventSerializerTest.class.getClassLoader());
        assertEquals(serializer.snapshotConfiguration().getClass(), restored.getClass());

        TypeSerializer<T> restoredSerializer = restored.restoreSerializer();
        assertEquals(serializer, restoredSerializer);
        DataInputDeserializer in = new DataInputDeserializer(records.getCopyOfBuffer());
        for (T d : data) assertEquals(d, restoredSerializer.deserialize(in));
        assertEquals(0, in.available());
    }

    public static <T> void checkCompatibleAsIsWithItself(VersionedSerializer<T> serializer) throws IOException {
        TypeSerializerSnapshot<T> snapshot = serializer.snapshotConfiguration();
        TypeSerializerSchemaCompatibility<T> direct = snapshot.resolveSchemaCompatibility(snapshot);
        assertTrue(direct.isCompatibleAsIs(), direct.toString());

        DataOutputSerializer bytes = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(bytes, snapshot);
        TypeSerializerSnapshot<T> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(bytes.getCopyOfBuffer()), ChangeEventSerializerTest.class.getClassLoader());
        TypeSerializerSchemaCompatibility<T> afterRestore =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertTrue(afterRestore.isCompatibleAsIs(), afterRestore.toString());
        assertFalse(afterRestore.isIncompatible());
    }

    public static <T> void checkFutureVersionFails(VersionedSerializer<T> serializer, int currentVersion, String name)
            throws IOException {
        TypeSerializerSnapshot<T> snapshot = serializer.snapshotConfiguration();
        // What writeVersionedSnapshot writes, with a record format version this build does not know.
        DataOutputSerializer bytes = new DataOutputSerializer(64);
        bytes.writeUTF(snapshot.getClass().getName());
        bytes.writeInt(snapshot.getCurrentVersion());
        bytes.writeInt(currentVersion + 1);

        RuntimeException e = assertThrows(
                RuntimeException.class,
                () -> TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(bytes.getCopyOfBuffer()),
                        ChangeEventSerializerTest.class.getClassLoader()));
        Throwable cause = e;
        while (!(cause instanceof IllegalStateException) && cause.getCause() != null) cause = cause.getCause();
        assertInstanceOf(IllegalStateException.class, cause, () -> "unexpected failure: " + e);
        String msg = cause.getMessage();
        assertNotNull(msg);
        assertTrue(msg.contains(name), msg);
        assertTrue(msg.contains("version " + (currentVersion + 1)), msg);
        assertTrue(msg.contains("newer osc-sync"), msg);

        // Directly, too: the snapshot refuses before any record is read with a guess.
        DataInputDeserializer in = new DataInputDeserializer(new byte[] {0, 0, 0, (byte) (currentVersion + 1)});
        IllegalStateException direct = assertThrows(
                IllegalStateException.class,
                () -> snapshot.readSnapshot(
                        snapshot.getCurrentVersion(), in, ChangeEventSerializerTest.class.getClassLoader()));
        assertTrue(
                direct.getMessage().contains("cannot read format version " + (currentVersion + 1)),
                direct.getMessage());
        // A version below 1 never existed.
        DataInputDeserializer zero = new DataInputDeserializer(new byte[] {0, 0, 0, 0});
        assertThrows(
                IllegalStateException.class,
                () -> snapshot.readSnapshot(
                        snapshot.getCurrentVersion(), zero, ChangeEventSerializerTest.class.getClassLoader()));
    }

    public static <T> void checkUnknownSnapshotFormatFails(VersionedSerializer<T> serializer) {
        TypeSerializerSnapshot<T> snapshot = serializer.snapshotConfiguration();
        DataInputDeserializer in = new DataInputDeserializer(new byte[] {0, 0, 0, 1});
        IOException e = assertThrows(
                IOException.class,
                () -> snapshot.readSnapshot(
                        snapshot.getCurrentVersion() + 1, in, ChangeEventSerializerTest.class.getClassLoader()));
        assertTrue(e.getMessage().contains("unknown serializer snapshot format"), e.getMessage());
    }
}
