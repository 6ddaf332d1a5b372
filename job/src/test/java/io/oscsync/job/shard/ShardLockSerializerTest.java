package io.oscsync.job.shard;

import io.oscsync.job.event.ChangeEventSerializerTest;
import io.oscsync.job.event.SinkOpSerializer;
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

/** Flink's serializer contract for {@link ShardLockSerializer}, its first format frozen, and the version rules. */
class ShardLockSerializerTest extends SerializerTestBase<PessimisticLock> {
    private static final PessimisticLock SAMPLE = new PessimisticLock(
            ddls("ALTER TABLE `m`.`orders` ADD COLUMN `c` INT NOT NULL DEFAULT 5"),
            List.of("alter table `m`.`orders` add column `c` int not null default 5"),
            "up1:s1.orders",
            "ALTER TABLE orders ADD COLUMN c INT NOT NULL DEFAULT 5",
            List.of("up2:s3.orders", "up1:s1.orders"));
    /** SAMPLE as format 1 (the first release) wrote it: a format change that forgets its version fails here. */
    private static final String FROZEN_V1 =
            "000000013f414c544552205441424c4520606d602e606f7264657273602041444420434f4c554d4e2060636020494e54"
                    + "204e4f54204e554c4c2044454641554c542035000000013f616c746572207461626c6520606d602e606f726465727360"
                    + "2061646420636f6c756d6e2060636020696e74206e6f74206e756c6c2064656661756c7420350e7570313a73312e6f72"
                    + "6465727337414c544552205441424c45206f72646572732041444420434f4c554d4e206320494e54204e4f54204e554c"
                    + "4c2044454641554c542035000000020e7570313a73312e6f72646572730e7570323a73332e6f7264657273";

    static PessimisticLock[] locks() {
        return new PessimisticLock[] {
            SAMPLE,
            // several statements, a null first DDL (nothing to quote), unicode names, a long statement
            new PessimisticLock(
                    ddls("ALTER TABLE `m😀`.`o` ADD COLUMN a INT", "ALTER TABLE `m😀`.`o` ADD INDEX i (a)"),
                    List.of("a", "b"),
                    "up1:s😀.o",
                    null,
                    List.of("up1:s😀.o")),
            new PessimisticLock(
                    ddls("ALTER TABLE t COMMENT '" + "x".repeat(70_000) + "'"), List.of(), "", "", List.of()),
            WITH_ORIGINS,
        };
    }

    @Override
    protected TypeSerializer<PessimisticLock> createSerializer() {
        return ShardLockSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<PessimisticLock> getTypeClass() {
        return PessimisticLock.class;
    }

    @Override
    protected PessimisticLock[] getTestData() {
        return locks();
    }

    /** Records are immutable and built whole: there is no empty instance to create. */
    @Override
    protected boolean allowNullInstances(TypeSerializer<PessimisticLock> serializer) {
        return true;
    }

    @Test
    void roundTripKeepsStatementsAndTheShardsReached() throws IOException {
        for (PessimisticLock r : locks()) {
            assertThat(ChangeEventSerializerTest.roundTrip(ShardLockSerializer.INSTANCE, r))
                    .isEqualTo(r);
        }
    }

    /** SAMPLE as format 2 writes it: the statements parsed. */
    private static final String FROZEN_V2 =
            "00000001010000003e414c544552205441424c4520606d602e606f7264657273602041444420434f4c554d4e20606360"
                    + "20494e54204e4f54204e554c4c2044454641554c5420350000000b414c5445525f5441424c450000000b616c74657220"
                    + "7461626c65000000010000000c00000018000000016d000000066f72646572730000000000000000010000000a414444"
                    + "5f434f4c554d4e000000016300000016696e74206e6f74206e756c6c2064656661756c742035000000190000003e0000"
                    + "00013f616c746572207461626c6520606d602e606f7264657273602061646420636f6c756d6e2060636020696e74206e"
                    + "6f74206e756c6c2064656661756c7420350e7570313a73312e6f726465727337414c544552205441424c45206f726465"
                    + "72732041444420434f4c554d4e206320494e54204e4f54204e554c4c2044454641554c542035000000020e7570313a73"
                    + "312e6f72646572730e7570323a73332e6f7264657273";

    private static List<DdlStatement> ddls(String... sql) {
        return java.util.Arrays.stream(sql).map(DdlStatement::parse).toList();
    }

    @Test
    void formatOneStaysReadableAsParsedStatements() throws IOException {
        assertThat(ShardLockSerializer.INSTANCE
                        .withReadVersion(1)
                        .deserialize(new DataInputDeserializer(HexFormat.of().parseHex(FROZEN_V1))))
                .isEqualTo(SAMPLE);
    }

    @Test
    void formatTwoStaysReadableWithoutOrigins() throws IOException {
        PessimisticLock back = ShardLockSerializer.INSTANCE
                .withReadVersion(2)
                .deserialize(new DataInputDeserializer(HexFormat.of().parseHex(FROZEN_V2)));
        assertThat(back).isEqualTo(SAMPLE);
        assertThat(back.origin()).isNull();
    }

    /** SAMPLE with each shard's binlog event. */
    private static final PessimisticLock WITH_ORIGINS = new PessimisticLock(
            SAMPLE.statements(),
            SAMPLE.normalized(),
            SAMPLE.firstShard(),
            SAMPLE.firstDdl(),
            SAMPLE.reached(),
            java.util.Map.of("up1:s1.orders", "up1@b.1:4", "up2:s3.orders", "up2@b.7:9"));
    /** WITH_ORIGINS as format 3 writes it: format 2, then the origins. */
    private static final String FROZEN_V3 = FROZEN_V2 + "00000002" + "0e7570313a73312e6f7264657273"
            + "0a75703140622e313a34" + "0e7570323a73332e6f7264657273" + "0a75703240622e373a39";

    @Test
    void formatThreeIsFrozen() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        ShardLockSerializer.INSTANCE.serialize(WITH_ORIGINS, out);
        assertThat(HexFormat.of().formatHex(out.getCopyOfBuffer()))
                .as("format 3 unchanged")
                .isEqualTo(FROZEN_V3);
        PessimisticLock back = ShardLockSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(HexFormat.of().parseHex(FROZEN_V3)));
        assertThat(back).isEqualTo(WITH_ORIGINS);
        assertThat(back.origin()).isEqualTo("lock[up1@b.1:4, up2@b.7:9]");
        assertThat(ShardLockSerializer.CURRENT_VERSION).isEqualTo(3);
    }

    @Test
    void snapshotWrittenAndReadBackRestoresASerializerForTheSameData() throws IOException {
        ChangeEventSerializerTest.checkSnapshotRestores(ShardLockSerializer.INSTANCE, locks());
    }

    @Test
    void compatibleAsIsWithItself() throws IOException {
        ChangeEventSerializerTest.checkCompatibleAsIsWithItself(ShardLockSerializer.INSTANCE);
    }

    @Test
    void incompatibleWithAnotherSerializersSnapshot() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<PessimisticLock> other =
                (TypeSerializerSnapshot) SinkOpSerializer.INSTANCE.snapshotConfiguration();
        assertThat(ShardLockSerializer.INSTANCE
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(other)
                        .isIncompatible())
                .isTrue();
    }

    @Test
    void snapshotFromAFutureFormatVersionFailsClearly() throws IOException {
        ChangeEventSerializerTest.checkFutureVersionFails(
                ShardLockSerializer.INSTANCE, ShardLockSerializer.CURRENT_VERSION, "ShardLockSerializer");
    }

    @Test
    void unknownSnapshotFormatFails() {
        ChangeEventSerializerTest.checkUnknownSnapshotFormatFails(ShardLockSerializer.INSTANCE);
    }
}
