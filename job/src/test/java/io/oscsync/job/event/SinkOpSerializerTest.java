package io.oscsync.job.event;

import io.oscsync.udfs.TableId;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;

import static io.oscsync.job.event.ChangeEventSerializerTest.LONG_TEXT;
import static io.oscsync.job.event.ChangeEventSerializerTest.allValues;
import static io.oscsync.job.event.ChangeEventSerializerTest.columnsFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flink's serializer contract for {@link SinkOpSerializer}, plus the format-version rules. */
public class SinkOpSerializerTest extends SerializerTestBase<SinkOp> {

    private static final TableId TARGET = new TableId("shop", "orders");

    /** One op of each kind and shape, for containers of ops (the sink's committable). */
    public static SinkOp[] sampleOps() {
        return ops();
    }

    static SinkOp[] ops() {
        Object[] all = allValues();
        String[] cols = columnsFor(all);
        return new SinkOp[] {
                new SinkOp(TARGET, SinkOp.Kind.INSERT, cols, null, all, null, 1_700_000_000_000L),
                new SinkOp(TARGET, SinkOp.Kind.UPDATE, cols, all, all.clone(), null, Long.MAX_VALUE),
                new SinkOp(TARGET, SinkOp.Kind.DELETE, new String[] {"id"}, new Object[] {Long.MIN_VALUE}, null, null,
                        Long.MIN_VALUE),
                // null and empty arrays, null column name and values
                new SinkOp(TARGET, SinkOp.Kind.INSERT, null, null, null, null, 0),
                new SinkOp(TARGET, SinkOp.Kind.UPDATE, new String[0], new Object[0], new Object[0], "", -1),
                new SinkOp(new TableId("", ""), SinkOp.Kind.INSERT, new String[] {null}, null, new Object[] {null}, null, 0),
                // DDL, short and long, and one with no statement
                SinkOp.ddl(TARGET, "ALTER TABLE `shop`.`orders` ADD COLUMN `c` INT", "plain DDL", "+03:00", 1234),
                SinkOp.ddl(new TableId("s😀", "t😀"), "/* " + LONG_TEXT + " */ CREATE TABLE t (id INT)",
                        "gh-ost cut-over `s😀`.`_t😀_gho` -> `s😀`.`t😀`, " + LONG_TEXT, null, 5),
                SinkOp.ddl(TARGET, null, null, null, 0),
        };
    }

    @Override
    protected TypeSerializer<SinkOp> createSerializer() {
        return SinkOpSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<SinkOp> getTypeClass() {
        return SinkOp.class;
    }

    @Override
    protected SinkOp[] getTestData() {
        return ops();
    }

    /** Records are immutable and built whole: there is no empty instance to create. */
    @Override
    protected boolean allowNullInstances(TypeSerializer<SinkOp> serializer) {
        return true;
    }

    @Test
    void everyValueComesBackWithItsTypeAndBits() throws IOException {
        Object[] all = allValues();
        SinkOp back = ChangeEventSerializerTest.roundTrip(SinkOpSerializer.INSTANCE,
                new SinkOp(TARGET, SinkOp.Kind.UPDATE, columnsFor(all), all, all, null, 9));
        for (Object[] row : List.of(back.before(), back.after())) {
            assertEquals(all.length, row.length);
            for (int i = 0; i < all.length; i++) {
                if (all[i] == null) {
                    assertNull(row[i], "value " + i);
                } else if (all[i] instanceof byte[] b) {
                    assertArrayEquals(b, (byte[]) row[i], "value " + i);
                } else {
                    assertEquals(all[i].getClass(), row[i].getClass(), "value " + i);
                    assertEquals(all[i], row[i], "value " + i);
                }
            }
        }
        assertNull(back.ddl());
        assertEquals(9, back.eventTimeMs());
    }

    /** A DDL op as format 1 (the first release) wrote it: a format change that forgets its version fails here. */
    private static final String FROZEN_V1 = "01027302740" + "3ffffffffffffffffffffffff25414c544552205441424c4520607360"
            + "2e6074602041444420434f4c554d4e206320494e54" + "0000000000000005";
    /** The same op in format 2: the reason "plain DDL" and the time zone "+03:00" follow. */
    private static final String FROZEN_V2 = FROZEN_V1 + "0a706c61696e2044444c" + "072b30333a3030";

    @Test
    void readsFormatOneAsADdlWithoutAReason() throws IOException {
        SinkOp op = SinkOpSerializer.reading(1).deserialize(new DataInputDeserializer(HexFormat.of().parseHex(FROZEN_V1)));
        assertEquals(SinkOp.ddl(new TableId("s", "t"), "ALTER TABLE `s`.`t` ADD COLUMN c INT", null, null, 5), op);
        assertNull(op.reason());
    }

    @Test
    void writesAndReadsTheFrozenFormatTwo() throws IOException {
        SinkOp op = SinkOp.ddl(new TableId("s", "t"), "ALTER TABLE `s`.`t` ADD COLUMN c INT", "plain DDL", "+03:00", 5);
        DataOutputSerializer out = new DataOutputSerializer(64);
        SinkOpSerializer.INSTANCE.serialize(op, out);
        assertEquals(FROZEN_V2, HexFormat.of().formatHex(out.getCopyOfBuffer()));
        assertEquals(op, SinkOpSerializer.INSTANCE.deserialize(new DataInputDeserializer(HexFormat.of().parseHex(FROZEN_V2))));
        assertEquals(2, SinkOpSerializer.CURRENT_VERSION);
    }

    @Test
    void snapshotWrittenAndReadBackRestoresASerializerForTheSameData() throws IOException {
        ChangeEventSerializerTest.checkSnapshotRestores(SinkOpSerializer.INSTANCE, ops());
    }

    @Test
    void compatibleAsIsWithItself() throws IOException {
        ChangeEventSerializerTest.checkCompatibleAsIsWithItself(SinkOpSerializer.INSTANCE);
    }

    @Test
    void incompatibleWithAnotherSerializersSnapshot() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<SinkOp> other = (TypeSerializerSnapshot) ChangeEventSerializer.INSTANCE.snapshotConfiguration();
        assertTrue(SinkOpSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(other).isIncompatible());
    }

    @Test
    void snapshotFromAFutureFormatVersionFailsClearly() throws IOException {
        ChangeEventSerializerTest.checkFutureVersionFails(SinkOpSerializer.INSTANCE, SinkOpSerializer.CURRENT_VERSION,
                "SinkOpSerializer");
    }

    @Test
    void unknownSnapshotFormatFails() {
        ChangeEventSerializerTest.checkUnknownSnapshotFormatFails(SinkOpSerializer.INSTANCE);
    }
}
