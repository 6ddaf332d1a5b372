package io.oscsync.job.sink.committer;

import io.oscsync.job.event.DdlMode;
import io.oscsync.job.event.DownstreamDdl;
import io.oscsync.job.event.SinkOp;
import io.oscsync.job.event.SinkOpSerializerTest;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommitBatchSerializerTest {
    private final CommitBatchSerializer serializer = new CommitBatchSerializer();

    @Test
    void roundTripsEveryKindOfOp() throws IOException {
        List<SinkOp> ops = new java.util.ArrayList<>(List.of(SinkOpSerializerTest.sampleOps()));
        ops.add(SinkOp.barrier(
                new TableId("s", "t"),
                new io.oscsync.job.event.CrossKeyBarrier(
                        "b", io.oscsync.job.event.CrossKeyBarrier.Role.AWAIT, List.of(new TableId("s", "u"))),
                3));
        CommitBatch batch = new CommitBatch("run-1", 42, ops, 16);
        CommitBatch back = serializer.deserialize(serializer.getVersion(), serializer.serialize(batch));
        assertThat(back.runId()).isEqualTo("run-1");
        assertThat(back.seq()).isEqualTo(42);
        assertThat(back.partitions()).isEqualTo(16);
        assertThat(back.legacy()).isFalse();
        assertThat(back.ops()).containsExactlyElementsOf(batch.ops());
    }

    @Test
    void namesEachTableAndColumnListOnce() throws IOException {
        List<SinkOp> ops = new java.util.ArrayList<>();
        String[] cols = {"a_rather_long_column_name", "another_long_column_name"};
        for (int i = 0; i < 50; i++) {
            ops.add(new SinkOp(
                    new TableId("some_schema", "some_table_name"),
                    SinkOp.Kind.INSERT,
                    cols,
                    null,
                    new Object[] {(long) i, "v"},
                    i));
        }
        byte[] bytes = serializer.serialize(new CommitBatch("r", 1, ops, 4));
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text.split("some_table_name", -1)).hasSize(2);
        assertThat(text.split("another_long_column_name", -1)).hasSize(2);
    }

    @Test
    void writesNoFormatOneBatch() {
        assertThatThrownBy(() -> serializer.serialize(new CommitBatch("r", 1, List.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Version-1 bytes written by the first release: a format change that forgets to bump the version fails here. */
    private static final String FROZEN_V1 = "0001720000000000000007000000010000000101027302740"
            + "3ffffffffffffffffffffffff25414c544552205441424c45206073602e6074602041444420434f4c554d4e206320494e54"
            + "0000000000000005";

    /** The same batch as written now: the layout of version 1, with ops in SinkOp format 2 (a DDL's reason). */
    private static final String FROZEN_V1_OPS_V2 = "0001720000000000000007000000020000000101027302740"
            + "3ffffffffffffffffffffffff25414c544552205441424c45206073602e6074602041444420434f4c554d4e206320494e54"
            + "0000000000000005" + "0a706c61696e2044444c" + "072b30333a3030";

    @Test
    void readsTheFrozenVersionOneFormat() throws IOException {
        CommitBatch expected = new CommitBatch(
                "r",
                7,
                List.of(SinkOp.ddl(
                        new TableId("s", "t"),
                        DdlStatement.parse("ALTER TABLE `s`.`t` ADD COLUMN c INT"),
                        null,
                        null,
                        5)));
        assertThat(serializer.deserialize(1, HexFormat.of().parseHex(FROZEN_V1)))
                .isEqualTo(expected);
    }

    @Test
    void readsOpsInFormatTwo() throws IOException {
        CommitBatch expected = new CommitBatch(
                "r",
                7,
                List.of(SinkOp.ddl(
                        new TableId("s", "t"),
                        DdlStatement.parse("ALTER TABLE `s`.`t` ADD COLUMN c INT"),
                        "plain DDL",
                        "+03:00",
                        5)));
        assertThat(serializer.deserialize(1, HexFormat.of().parseHex(FROZEN_V1_OPS_V2)))
                .isEqualTo(expected);
    }

    @Test
    void readsOpsOfFormatThree() throws IOException {
        CommitBatch expected = new CommitBatch(
                "r",
                7,
                List.of(SinkOp.ddl(
                        new TableId("s", "t"),
                        DdlStatement.parse("ALTER TABLE `s`.`t` ADD COLUMN c INT"),
                        "plain DDL",
                        "+03:00",
                        5)));
        String frozen = "000172000000000000000700000003" + "00000001" + SinkOpSerializerTest.FROZEN_V3;
        assertThat(serializer.deserialize(1, HexFormat.of().parseHex(frozen))).isEqualTo(expected);
    }

    @Test
    void readsFormatOneWithOpsOfFormatFour() throws IOException {
        CommitBatch expected = new CommitBatch(
                "r",
                7,
                List.of(SinkOp.ddl(
                        new TableId("s", "t"),
                        new DownstreamDdl(
                                DdlStatement.parse("CREATE TABLE `s`.`t` (a INT)"), "why", DdlMode.MATCH_DEFINITION),
                        "+03:00",
                        5)));
        String frozen = "000172000000000000000700000004" + "00000001" + SinkOpSerializerTest.FROZEN_V4;
        assertThat(serializer.deserialize(1, HexFormat.of().parseHex(frozen))).isEqualTo(expected);
    }

    @Test
    void refusesAFormatFromTheFuture() {
        assertThatThrownBy(() -> serializer.deserialize(3, new byte[0]))
                .hasMessageContaining("version 3")
                .hasMessageContaining("restore this checkpoint with the version");
    }
}
