package io.oscsync.job.event;

import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
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
            new SinkOp(TARGET, SinkOp.Kind.INSERT, cols, null, all, 1_700_000_000_000L),
            new SinkOp(TARGET, SinkOp.Kind.UPDATE, cols, all, all.clone(), Long.MAX_VALUE),
            new SinkOp(
                    TARGET,
                    SinkOp.Kind.DELETE,
                    new String[] {"id"},
                    new Object[] {Long.MIN_VALUE},
                    null,
                    Long.MIN_VALUE),
            // null and empty arrays, null column name and values
            new SinkOp(TARGET, SinkOp.Kind.INSERT, null, null, null, 0),
            new SinkOp(TARGET, SinkOp.Kind.UPDATE, new String[0], new Object[0], new Object[0], -1),
            new SinkOp(new TableId("", ""), SinkOp.Kind.INSERT, new String[] {null}, null, new Object[] {null}, 0),
            // DDL, short and long, without a reason or zone
            SinkOp.ddl(
                    TARGET,
                    DdlStatement.parse("ALTER TABLE `shop`.`orders` ADD COLUMN `c` INT, RENAME TO x"),
                    "plain DDL",
                    "+03:00",
                    1234),
            SinkOp.ddl(
                    new TableId("s😀", "t😀"),
                    DdlStatement.parse("/* " + LONG_TEXT + " */ CREATE TABLE t (id INT)"),
                    "gh-ost cut-over `s😀`.`_t😀_gho` -> `s😀`.`t😀`, " + LONG_TEXT,
                    null,
                    5),
            SinkOp.ddl(TARGET, DdlStatement.parse("DROP TABLE t"), null, null, 0),
            SinkOp.ddl(TARGET, DdlStatement.parse("DROP TABLE t"), null, null, 0)
                    .withOrigin("up1@bin.000001:4#0"),
            SinkOp.barrier(
                    TARGET,
                    new CrossKeyBarrier(
                            "up1@bin.000001:4#1/x", CrossKeyBarrier.Role.AWAIT, List.of(new TableId("s😀", "t😀"))),
                    7),
            SinkOp.barrier(TARGET, new CrossKeyBarrier("b", CrossKeyBarrier.Role.JOIN, List.of()), 0),
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
        SinkOp back = ChangeEventSerializerTest.roundTrip(
                SinkOpSerializer.INSTANCE, new SinkOp(TARGET, SinkOp.Kind.UPDATE, columnsFor(all), all, all, 9));
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
        SinkOp op = SinkOpSerializer.reading(1)
                .deserialize(new DataInputDeserializer(HexFormat.of().parseHex(FROZEN_V1)));
        assertEquals(
                SinkOp.ddl(
                        new TableId("s", "t"),
                        DdlStatement.parse("ALTER TABLE `s`.`t` ADD COLUMN c INT"),
                        null,
                        null,
                        5),
                op);
        assertNull(op.reason());
    }

    /** The same op in format 3: the statement in its parsed form instead of its text. */
    /** A MATCH_DEFINITION op as format 4 writes it. */
    public static final String FROZEN_V4 =
            "010273027403ffffffffffffffffffffffff01010000001c435245415445205441424c45206073602e60746020286120"
                    + "494e54290000000c4352454154455f5441424c450000000c637265617465207461626c65000000010000000d00000014"
                    + "00000001730000000174000000000000000000000000000000000504776879072b30333a3030114d415443485f444546"
                    + "494e4954494f4e";

    private static final String FROZEN_V5 =
            "010273027404ffffffffffffffffffffffff0000000000000000050000000100016900054157414954000000010102730275";

    public static final String FROZEN_V3 =
            "010273027403ffffffffffffffffffffffff010100000024414c544552205441424c45206073602e6074602041444420"
                    + "434f4c554d4e206320494e540000000b414c5445525f5441424c450000000b616c746572207461626c65000000010000"
                    + "000c00000013000000017300000001740000000000000000010000000a4144445f434f4c554d4e000000016300000003"
                    + "696e74000000140000002400000000000000050a706c61696e2044444c072b30333a3030";

    @Test
    void readsTheFrozenFormatTwoIntoTheParsedForm() throws IOException {
        SinkOp op = SinkOpSerializer.reading(2)
                .deserialize(new DataInputDeserializer(HexFormat.of().parseHex(FROZEN_V2)));
        assertEquals(
                SinkOp.ddl(
                        new TableId("s", "t"),
                        DdlStatement.parse("ALTER TABLE `s`.`t` ADD COLUMN c INT"),
                        "plain DDL",
                        "+03:00",
                        5),
                op);
    }

    @Test
    void readsTheFrozenFormatThree() throws IOException {
        SinkOp back = SinkOpSerializer.reading(3)
                .deserialize(new DataInputDeserializer(HexFormat.of().parseHex(FROZEN_V3)));
        assertEquals(
                SinkOp.ddl(
                        new TableId("s", "t"),
                        DdlStatement.parse("ALTER TABLE `s`.`t` ADD COLUMN c INT"),
                        "plain DDL",
                        "+03:00",
                        5),
                back);
        assertEquals(DdlMode.RUN, back.mode());
    }

    @Test
    void readsTheFrozenFormatFour() throws IOException {
        SinkOp op = SinkOp.ddl(
                new TableId("s", "t"),
                new DownstreamDdl(DdlStatement.parse("CREATE TABLE `s`.`t` (a INT)"), "why", DdlMode.MATCH_DEFINITION),
                "+03:00",
                5);
        SinkOp back = SinkOpSerializer.reading(4)
                .deserialize(new DataInputDeserializer(HexFormat.of().parseHex(FROZEN_V4)));
        assertEquals(op, back);
        assertEquals(DdlMode.MATCH_DEFINITION, back.mode());
    }

    @Test
    void readsTheFrozenFormatFive() throws IOException {
        SinkOp op = SinkOp.barrier(
                new TableId("s", "t"),
                new CrossKeyBarrier("i", CrossKeyBarrier.Role.AWAIT, List.of(new TableId("s", "u"))),
                5);
        SinkOp back = SinkOpSerializer.reading(5)
                .deserialize(new DataInputDeserializer(HexFormat.of().parseHex(FROZEN_V5)));
        assertEquals(op, back);
        assertNull(back.origin());
    }

    /** A DDL op with its origin, as format 6 writes it. */
    private static final String FROZEN_V6 =
            "010273027403ffffffffffffffffffffffff01010000000c44524f50205441424c4520740000000a44524f505f544142"
                    + "4c450000000a64726f70207461626c65000000010000000b0000000cffffffff00000001740000000000000000000000"
                    + "0000000000050a706c61696e2044444c000452554e000b757040622e313a342330";

    @Test
    void writesAndReadsTheFrozenFormatSix() throws IOException {
        SinkOp op = SinkOp.ddl(new TableId("s", "t"), DdlStatement.parse("DROP TABLE t"), "plain DDL", null, 5)
                .withOrigin("up@b.1:4#0");
        DataOutputSerializer out = new DataOutputSerializer(64);
        SinkOpSerializer.INSTANCE.serialize(op, out);
        assertEquals(FROZEN_V6, HexFormat.of().formatHex(out.getCopyOfBuffer()));
        SinkOp back = SinkOpSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(HexFormat.of().parseHex(FROZEN_V6)));
        assertEquals(op, back);
        assertEquals("up@b.1:4#0", back.origin());
        assertEquals(6, SinkOpSerializer.CURRENT_VERSION);
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
        TypeSerializerSnapshot<SinkOp> other =
                (TypeSerializerSnapshot) ChangeEventSerializer.INSTANCE.snapshotConfiguration();
        assertTrue(SinkOpSerializer.INSTANCE
                .snapshotConfiguration()
                .resolveSchemaCompatibility(other)
                .isIncompatible());
    }

    @Test
    void snapshotFromAFutureFormatVersionFailsClearly() throws IOException {
        ChangeEventSerializerTest.checkFutureVersionFails(
                SinkOpSerializer.INSTANCE, SinkOpSerializer.CURRENT_VERSION, "SinkOpSerializer");
    }

    @Test
    void unknownSnapshotFormatFails() {
        ChangeEventSerializerTest.checkUnknownSnapshotFormatFails(SinkOpSerializer.INSTANCE);
    }
}
