package io.oscsync.job.verify;

import io.oscsync.udfs.TableId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkSqlTest {
    private static final TableId T = new TableId("shop", "orders");
    private static final List<TableLayout.Column> COLUMNS = List.of(
            new TableLayout.Column("id", "int(11)", "int", false, null),
            new TableLayout.Column("name", "varchar(20)", "varchar", true, null),
            new TableLayout.Column("raw", "varbinary(8)", "varbinary", true, null));

    @Test
    void aSingleColumnRangeIsLowInclusiveHighExclusive() {
        ChunkSql.Sql where = ChunkSql.where(List.of("id"), new Chunk(1, List.of(10), List.of(20)));
        assertThat(where.text()).isEqualTo(" WHERE `id` >= ? AND `id` < ?");
        assertThat(where.params()).containsExactly(10, 20);
    }

    @Test
    void openEndsHaveNoBound() {
        assertThat(ChunkSql.where(List.of("id"), new Chunk(0, null, List.of(5))).text())
                .isEqualTo(" WHERE `id` < ?");
        assertThat(ChunkSql.where(List.of("id"), Chunk.WHOLE_TABLE).text()).isEmpty();
    }

    @Test
    void aCompositeBoundCompareColumnByColumnWithALeadingRangeOnTheFirst() {
        List<Object> params = new ArrayList<>();
        String lower = ChunkSql.compare(List.of("a", "b", "c"), List.of(1, 2, 3), ">", params);
        assertThat(lower).isEqualTo("(`a` >= ? AND (`a` > ? OR (`a` = ? AND (`b` > ? OR (`b` = ? AND `c` >= ?)))))");
        assertThat(params).containsExactly(1, 1, 1, 2, 2, 3);
        params.clear();
        String upper = ChunkSql.compare(List.of("a", "b"), List.of(1, 2), "<", params);
        assertThat(upper).isEqualTo("(`a` <= ? AND (`a` < ? OR (`a` = ? AND `b` < ?)))");
        assertThat(params).containsExactly(1, 1, 1, 2);
    }

    @Test
    void theChecksumSumsHashesOfTextRowsWithNullMarkers() {
        ChunkSql.Sql sql = ChunkSql.checksum(T, COLUMNS, List.of("id"), new Chunk(0, List.of(1), null));
        assertThat(sql.text())
                .isEqualTo("SELECT COUNT(*), COALESCE(SUM(CRC32(r)), 0), COALESCE(SUM(CRC32(REVERSE(r))), 0) FROM "
                        + "(SELECT CONCAT_WS('\u001f', CONVERT(`id` USING utf8mb4), CONVERT(`name` USING utf8mb4), "
                        + "HEX(`raw`), CONCAT(ISNULL(`id`), ISNULL(`name`), ISNULL(`raw`))) AS r "
                        + "FROM `shop`.`orders` WHERE `id` >= ?) v");
    }

    @Test
    void theNextBoundaryIsTheRowChunkRowsOnInKeyOrder() {
        ChunkSql.Sql sql = ChunkSql.nextBoundary(T, List.of("a", "b"), List.of(1, "x"), 500);
        assertThat(sql.text())
                .isEqualTo(
                        "SELECT `a`, `b` FROM `shop`.`orders` WHERE (`a` >= ? AND (`a` > ? OR (`a` = ? AND `b` >= ?)))"
                                + " ORDER BY `a`, `b` LIMIT 1 OFFSET 500");
        assertThat(ChunkSql.nextBoundary(T, List.of("id"), null, 10).text())
                .isEqualTo("SELECT `id` FROM `shop`.`orders` ORDER BY `id` LIMIT 1 OFFSET 10");
    }

    @Test
    void rowsSelectTheKeyThenEveryColumnRendered() {
        ChunkSql.Sql sql = ChunkSql.rows(T, COLUMNS, COLUMNS.subList(0, 1), Chunk.WHOLE_TABLE);
        assertThat(sql.text())
                .isEqualTo("SELECT CONVERT(`id` USING utf8mb4), CONVERT(`id` USING utf8mb4), "
                        + "CONVERT(`name` USING utf8mb4), HEX(`raw`) FROM `shop`.`orders`");
    }

    @Test
    void aBackquoteInANameIsDoubled() {
        assertThat(ChunkSql.where(List.of("we`ird"), new Chunk(0, List.of(1), null))
                        .text())
                .isEqualTo(" WHERE `we``ird` >= ?");
    }
}
