package io.oscsync.job.sink.committer;

import io.oscsync.job.sink.plan.RowAction;
import io.oscsync.udfs.TableId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Statements are cut to the downstream's max_allowed_packet by upper bounds of their size. */
class StatementSizeTest {
    private static final TableId T = new TableId("db", "t");
    private static final String[] COLS = {"id", "b"};

    @Test
    void binaryCountsTwiceAsTextAndOnceAsBinary() {
        byte[] b = new byte[1000];
        assertThat(StatementSize.asText(b)).isEqualTo(2003); // x'...'
        assertThat(StatementSize.asBinary(b)).isLessThan(1100);
    }

    @Test
    void stringsCountTheirUtf8BytesAndEveryEscape() {
        String plain = "abc";
        String escaped = "'\\\"\n\r\0\032";
        String wide = "ü日😀";
        assertThat(StatementSize.asText(plain)).isEqualTo(5);
        assertThat(StatementSize.asText(escaped)).isEqualTo(2 + 2L * escaped.length());
        assertThat(StatementSize.asText(wide)).isGreaterThanOrEqualTo(2 + wide.getBytes(StandardCharsets.UTF_8).length);
        assertThat(StatementSize.asText(new BigDecimal("-12345.678"))).isEqualTo(12);
    }

    @Test
    void rowsShareAStatementUpToTheBudget() {
        List<RowAction> rows = new ArrayList<>();
        for (long id = 0; id < 10; id++) rows.add(RowAction.upsert(T, COLS, new Object[] {id, new byte[1000]}));
        // Each row is about 2 KB as text: a 7 KB budget holds the first three.
        assertThat(OpApplier.statementEnd(rows, 0, 7_000)).isEqualTo(3);
        assertThat(OpApplier.statementEnd(rows, 3, 7_000)).isEqualTo(6);
        assertThat(OpApplier.statementEnd(rows, 0, 1L << 20)).isEqualTo(10);
    }

    @Test
    void aRowTooLargeAsTextIsLeftToGoAlone() {
        List<RowAction> rows = List.of(
                RowAction.upsert(T, COLS, new Object[] {1L, new byte[10_000]}),
                RowAction.upsert(T, COLS, new Object[] {2L, new byte[10]}));
        assertThat(OpApplier.statementEnd(rows, 0, 15_000)).isEqualTo(0);
        assertThat(OpApplier.statementEnd(rows, 1, 15_000)).isEqualTo(2);
    }

    @Test
    void keylessBatchesCountTheStatementTextOfEveryRow() {
        List<RowAction> rows = new ArrayList<>();
        for (long id = 0; id < 10; id++) {
            rows.add(new RowAction(RowAction.Type.UPDATE_ONE, T, COLS, new Object[] {id, "x"}, new Object[] {id, "y"}));
        }
        long one = StatementSize.asText(
                RowStatements.updateOneRow(T, COLS),
                rows.get(0).values(),
                rows.get(0).old());
        assertThat(OpApplier.statementEnd(rows, 0, 3 * (one + 1))).isEqualTo(3);
    }
}
