package io.oscsync.job.shard;

import io.oscsync.udfs.ddl.DdlStatement;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.StringUtils;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Flink's serializer contract for {@link OptimisticSchemaSerializer}, and its first format frozen. */
class OptimisticSchemaSerializerTest extends SerializerTestBase<OptimisticSchema> {
    private static final OptimisticSchema SAMPLE = new OptimisticSchema(Map.of(
            "column v",
                    new OptimisticSchema.Item("bigint", OptimisticSchema.UNKNOWN, Map.of("up1:a.t", "bigint"), null),
            "index i",
                    new OptimisticSchema.Item(
                            "(a)",
                            OptimisticSchema.ABSENT,
                            Map.of("up1:a.t", OptimisticSchema.ABSENT, "up2:b.t", "(a)"),
                            DdlStatement.parse("ALTER TABLE `s`.`t` DROP INDEX i"))));
    /** SAMPLE as format 1 wrote it. */
    private static final String FROZEN_V1 =
            "0000000209636f6c756d6e207607626967696e74023f0000000001087570313a612e7407626967696e7408696e646578"
                    + "2069042861290121414c544552205441424c45206073602e6074602044524f5020494e444558206900000002087570313a612e7401087570323a622e7404286129";

    @Override
    protected TypeSerializer<OptimisticSchema> createSerializer() {
        return OptimisticSchemaSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<OptimisticSchema> getTypeClass() {
        return OptimisticSchema.class;
    }

    @Override
    protected OptimisticSchema[] getTestData() {
        return new OptimisticSchema[] {OptimisticSchema.EMPTY, SAMPLE};
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<OptimisticSchema> serializer) {
        return true;
    }

    /** SAMPLE as format 2 writes it: the pending drop parsed. */
    private static final String FROZEN_V2 =
            "0000000209636f6c756d6e207607626967696e74023f0000000001087570313a612e7407626967696e7408696e646578"
                    + "20690428612901010100000020414c544552205441424c45206073602e6074602044524f5020494e4445582069000000"
                    + "0b414c5445525f5441424c450000000b616c746572207461626c65000000010000000c00000013000000017300000001"
                    + "740000000000000000010000000a44524f505f494e444558000000016900000000000000140000002000000002087570"
                    + "313a612e7401087570323a622e7404286129";

    @Test
    void formatOneStaysReadable() throws IOException {
        OptimisticSchema back = OptimisticSchemaSerializer.INSTANCE
                .withReadVersion(1)
                .deserialize(new DataInputDeserializer(StringUtils.hexStringToByte(FROZEN_V1)));
        assertThat(back).isEqualTo(SAMPLE);
    }

    @Test
    void formatTwoIsFrozen() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        OptimisticSchemaSerializer.INSTANCE.serialize(SAMPLE, out);
        assertThat(StringUtils.byteToHexString(out.getCopyOfBuffer()))
                .as("format 2 unchanged")
                .isEqualTo(FROZEN_V2);
        assertThat(OptimisticSchemaSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(StringUtils.hexStringToByte(FROZEN_V2))))
                .isEqualTo(SAMPLE);
    }
}
