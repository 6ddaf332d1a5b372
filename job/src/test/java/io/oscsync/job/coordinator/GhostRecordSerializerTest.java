package io.oscsync.job.coordinator;

import io.oscsync.job.event.ChangeEventSerializerTest;
import io.oscsync.job.event.SinkOpSerializer;
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

import static org.assertj.core.api.Assertions.assertThat;

/** Flink's serializer contract for {@link GhostRecordSerializer}, its first format frozen, and the version rules. */
class GhostRecordSerializerTest extends SerializerTestBase<GhostRecord> {
    private static final GhostRecord SAMPLE = new GhostRecord(
            "up1",
            new TableId("s", "_t_gho"),
            new TableId("s", "t"),
            ddls("ALTER TABLE `s`.`_t_gho` ADD COLUMN c INT", "ALTER TABLE `s`.`_t_gho` DROP COLUMN d"));
    /** SAMPLE as format 1 (the first release) wrote it: a format change that forgets its version fails here. */
    private static final String FROZEN_V1 = "04757031"
            + "010273075f745f67686f"
            + "0102730274"
            + "00000002"
            + "2a414c544552205441424c45206073602e605f745f67686f602041444420434f4c554d4e206320494e54"
            + "27414c544552205441424c45206073602e605f745f67686f602044524f5020434f4c554d4e2064";

    /** SAMPLE as format 2 writes it: the DDL parsed. */
    private static final String FROZEN_V2 =
            "04757031010273075f745f67686f0102730274000000020100000029414c544552205441424c45206073602e605f745f"
                    + "67686f602041444420434f4c554d4e206320494e540000000b414c5445525f5441424c450000000b616c746572207461"
                    + "626c65000000010000000c000000180000000173000000065f745f67686f0000000000000000010000000a4144445f43"
                    + "4f4c554d4e000000016300000003696e7400000019000000290100000026414c544552205441424c45206073602e605f"
                    + "745f67686f602044524f5020434f4c554d4e20640000000b414c5445525f5441424c450000000b616c74657220746162"
                    + "6c65000000010000000c000000180000000173000000065f745f67686f0000000000000000010000000b44524f505f43"
                    + "4f4c554d4e0000000164000000000000001900000026";

    /** A ghost built by a full CREATE TABLE, as format 3 writes it. */
    private static final GhostRecord SHAPED = GhostRecord.created(
            "up1",
            new TableId("s", "__osc_new_t"),
            new TableId("s", "t"),
            DdlStatement.parse("CREATE TABLE `s`.`__osc_new_t` (a INT)"));

    private static final String FROZEN_V3 =
            "047570310102730c5f5f6f73635f6e65775f74010273027400000000010100000026435245415445205441424c452060"
                    + "73602e605f5f6f73635f6e65775f746020286120494e54290000000c4352454154455f5441424c450000000c63726561"
                    + "7465207461626c65000000010000000d0000001e00000001730000000b5f5f6f73635f6e65775f740000000000000000"
                    + "00";

    private static List<DdlStatement> ddls(String... sql) {
        return java.util.Arrays.stream(sql).map(DdlStatement::parse).toList();
    }

    static GhostRecord[] records() {
        return new GhostRecord[] {
            SAMPLE,
            SHAPED,
            GhostRecord.created("up2", new TableId("s", "_t_new"), new TableId("s", "t"), null),
            // unicode names, a long DDL, one schema per source (the key holds the source id)
            new GhostRecord(
                    "",
                    new TableId("s😀", "_t😀_gho"),
                    new TableId("s😀", "t😀"),
                    ddls("ALTER TABLE `s😀`.`_t😀_gho` COMMENT '" + "x".repeat(70_000) + "'")),
        };
    }

    @Override
    protected TypeSerializer<GhostRecord> createSerializer() {
        return GhostRecordSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<GhostRecord> getTypeClass() {
        return GhostRecord.class;
    }

    @Override
    protected GhostRecord[] getTestData() {
        return records();
    }

    /** Records are immutable and built whole: there is no empty instance to create. */
    @Override
    protected boolean allowNullInstances(TypeSerializer<GhostRecord> serializer) {
        return true;
    }

    @Test
    void roundTripKeepsEveryDdlInOrder() throws IOException {
        for (GhostRecord r : records()) {
            assertThat(ChangeEventSerializerTest.roundTrip(GhostRecordSerializer.INSTANCE, r))
                    .isEqualTo(r);
        }
    }

    @Test
    void formatOneStaysReadableAsParsedDdl() throws IOException {
        assertThat(GhostRecordSerializer.INSTANCE
                        .withReadVersion(1)
                        .deserialize(new DataInputDeserializer(HexFormat.of().parseHex(FROZEN_V1))))
                .isEqualTo(SAMPLE);
    }

    @Test
    void formatTwoStaysReadable() throws IOException {
        assertThat(GhostRecordSerializer.INSTANCE
                        .withReadVersion(2)
                        .deserialize(new DataInputDeserializer(HexFormat.of().parseHex(FROZEN_V2))))
                .isEqualTo(SAMPLE);
    }

    @Test
    void formatThreeIsFrozen() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        GhostRecordSerializer.INSTANCE.serialize(SHAPED, out);
        assertThat(HexFormat.of().formatHex(out.getCopyOfBuffer()))
                .as("format 3 unchanged")
                .isEqualTo(FROZEN_V3);
        assertThat(GhostRecordSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(HexFormat.of().parseHex(FROZEN_V3))))
                .isEqualTo(SHAPED);
        assertThat(GhostRecordSerializer.CURRENT_VERSION).isEqualTo(3);
    }

    @Test
    void snapshotWrittenAndReadBackRestoresASerializerForTheSameData() throws IOException {
        ChangeEventSerializerTest.checkSnapshotRestores(GhostRecordSerializer.INSTANCE, records());
    }

    @Test
    void compatibleAsIsWithItself() throws IOException {
        ChangeEventSerializerTest.checkCompatibleAsIsWithItself(GhostRecordSerializer.INSTANCE);
    }

    @Test
    void incompatibleWithAnotherSerializersSnapshot() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<GhostRecord> other =
                (TypeSerializerSnapshot) SinkOpSerializer.INSTANCE.snapshotConfiguration();
        assertThat(GhostRecordSerializer.INSTANCE
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(other)
                        .isIncompatible())
                .isTrue();
    }

    @Test
    void snapshotFromAFutureFormatVersionFailsClearly() throws IOException {
        ChangeEventSerializerTest.checkFutureVersionFails(
                GhostRecordSerializer.INSTANCE, GhostRecordSerializer.CURRENT_VERSION, "GhostRecordSerializer");
    }

    @Test
    void unknownSnapshotFormatFails() {
        ChangeEventSerializerTest.checkUnknownSnapshotFormatFails(GhostRecordSerializer.INSTANCE);
    }
}
