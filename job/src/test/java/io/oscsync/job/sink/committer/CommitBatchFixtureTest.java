package io.oscsync.job.sink.committer;

import io.oscsync.job.event.CrossKeyBarrier;
import io.oscsync.job.event.SinkOp;
import io.oscsync.job.event.SinkOpSerializer;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Committables as a checkpoint of an earlier release holds them, under {@code
 * src/test/resources/commit-batches/v<N>.bin}: each is read back as the batch {@link #typicalBatch}
 * builds. {@code -Dosc.fixture.write=true} writes the current version's file anew.
 */
class CommitBatchFixtureTest {
    private static final Path FIXTURES =
            Path.of(System.getProperty("osc.repoRoot", "..")).resolve("job/src/test/resources/commit-batches");

    static final TableId ORDERS = new TableId("shop", "orders");
    static final TableId ITEMS = new TableId("shop", "items");
    static final TableId LOG = new TableId("shop", "audit_log");

    /**
     * A batch as a busy checkpoint interval makes it: inserts, updates and deletes over three tables
     * (one keyless), a DDL in the middle, and a cross-key barrier pair.
     */
    static CommitBatch typicalBatch() {
        String[] orderCols = {"id", "customer_id", "status", "total", "note", "created_at", "updated_at"};
        String[] itemCols = {"order_id", "line", "sku", "qty", "price"};
        String[] logCols = {"at", "who", "what"};
        List<SinkOp> ops = new ArrayList<>();
        long t = 1_764_547_200_000L;
        for (int i = 0; i < 200; i++) {
            Object[] order = {
                (long) i,
                1000L + i % 37,
                "new",
                new BigDecimal("19.99"),
                "note " + i,
                "2026-12-01 04:00:00",
                "2026-12-01 04:00:00.123"
            };
            ops.add(new SinkOp(ORDERS, SinkOp.Kind.INSERT, orderCols, null, order, t + i));
            Object[] item = {(long) i, 1L, "SKU-" + (i % 50), 2L, new BigDecimal("9.995")};
            ops.add(new SinkOp(ITEMS, SinkOp.Kind.INSERT, itemCols, null, item, t + i));
            if (i % 3 == 0) {
                Object[] paid = order.clone();
                paid[2] = "paid";
                paid[6] = "2026-12-01 04:00:01.456";
                ops.add(new SinkOp(ORDERS, SinkOp.Kind.UPDATE, orderCols, order, paid, t + i));
            }
            if (i % 10 == 0) ops.add(new SinkOp(ITEMS, SinkOp.Kind.DELETE, itemCols, item, null, t + i));
            ops.add(new SinkOp(
                    LOG, SinkOp.Kind.INSERT, logCols, null, new Object[] {t + i, "app", "order " + i}, t + i));
            if (i == 100) {
                ops.add(SinkOp.ddl(
                        ITEMS,
                        DdlStatement.parse("ALTER TABLE `shop`.`items` ADD COLUMN `gift` TINYINT"),
                        "plain DDL",
                        "+00:00",
                        t + i));
            }
        }
        ops.add(SinkOp.barrier(
                ORDERS, new CrossKeyBarrier("b-1", CrossKeyBarrier.Role.AWAIT, List.of(ITEMS)), t + 300));
        ops.add(SinkOp.barrier(ITEMS, new CrossKeyBarrier("b-1", CrossKeyBarrier.Role.JOIN, List.of()), t + 300));
        ops.add(SinkOp.barrier(ORDERS, new CrossKeyBarrier("b-1", CrossKeyBarrier.Role.RELEASE, List.of()), t + 300));
        return new CommitBatch("3f6c1d2e-5a4b-4c3d-9e8f-0a1b2c3d4e5f-0", 17, ops);
    }

    @Test
    void readsTheFirstFormatAsTheReleaseBeforePartitionsWroteIt() throws IOException {
        byte[] bytes = Files.readAllBytes(FIXTURES.resolve("v1.bin"));
        CommitBatch back = new CommitBatchSerializer().deserialize(1, bytes);
        CommitBatch expected = typicalBatch();
        assertThat(back.runId()).isEqualTo(expected.runId());
        assertThat(back.seq()).isEqualTo(expected.seq());
        assertThat(back.ops()).containsExactlyElementsOf(expected.ops());
    }

    @Test
    void readsTheSecondFormat() throws IOException {
        CommitBatch back = new CommitBatchSerializer().deserialize(2, Files.readAllBytes(FIXTURES.resolve("v2.bin")));
        CommitBatch expected = typicalBatch();
        assertThat(back.partitions()).isEqualTo(16);
        assertThat(back.ops()).containsExactlyElementsOf(expected.ops());
    }

    /** The committable of a typical batch, format 1 against the current format (figures for the log). */
    @Test
    void theCurrentFormatIsSmallerThanTheFirst() throws IOException {
        long v1 = Files.size(FIXTURES.resolve("v1.bin"));
        CommitBatch batch = typicalBatch();
        byte[] current =
                new CommitBatchSerializer().serialize(new CommitBatch(batch.runId(), batch.seq(), batch.ops(), 16));
        System.out.printf(
                "commit batch of %d ops: format 1 %d bytes, format %d %d bytes (%.0f%%)%n",
                batch.ops().size(),
                v1,
                new CommitBatchSerializer().getVersion(),
                current.length,
                100.0 * current.length / v1);
        assertThat(current.length).isLessThan((int) (v1 * 3 / 4));
    }

    /** The batch as this release makes it: its DDL op knows the binlog event that made it (op format 6). */
    static CommitBatch typicalBatchWithOrigins() {
        CommitBatch b = typicalBatch();
        List<SinkOp> ops = b.ops().stream()
                .map(op -> op.kind() == SinkOp.Kind.DDL ? op.withOrigin("up1@mysql-bin.000003:4711#0") : op)
                .toList();
        return new CommitBatch(b.runId(), b.seq(), ops, 16);
    }

    /** Format 2 of the batch with ops of format 6 (the DDL's origin): the layout is the same, the ops say their format. */
    @Test
    void readsTheSecondFormatWithOpsOfFormatSix() throws IOException {
        byte[] bytes = Files.readAllBytes(FIXTURES.resolve("v2-ops6.bin"));
        CommitBatch back = new CommitBatchSerializer().deserialize(2, bytes);
        assertThat(back.ops())
                .containsExactlyElementsOf(typicalBatchWithOrigins().ops());
        assertThat(back.ops())
                .filteredOn(op -> op.kind() == SinkOp.Kind.DDL)
                .extracting(SinkOp::origin)
                .containsExactly("up1@mysql-bin.000003:4711#0");
    }

    @Test
    @EnabledIfSystemProperty(named = "osc.fixture.write", matches = "true")
    void writeCurrentFixture() throws IOException {
        CommitBatchSerializer serializer = new CommitBatchSerializer();
        Files.createDirectories(FIXTURES);
        Files.write(
                FIXTURES.resolve("v" + serializer.getVersion() + "-ops" + SinkOpSerializer.CURRENT_VERSION + ".bin"),
                serializer.serialize(typicalBatchWithOrigins()));
    }
}
