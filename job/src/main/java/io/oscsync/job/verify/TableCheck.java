package io.oscsync.job.verify;

import java.util.ArrayList;
import java.util.List;

/** One target table being verified: what is compared, its chunks, and what was found. */
final class TableCheck {
    final Target target;
    /** Set when the table cannot be compared at all (missing on a side). */
    String missing;

    final List<String> schemaProblems = new ArrayList<>();
    /** The downstream columns every upstream has too, in the downstream's order. */
    List<TableLayout.Column> columns = List.of();
    /** The downstream key's columns; empty for a keyless table (one whole-table chunk, a multiset). */
    List<TableLayout.Column> keyColumns = List.of();

    final List<ChunkCheck> chunks = new ArrayList<>();

    TableCheck(Target target) {
        this.target = target;
    }

    List<String> keyNames() {
        return keyColumns.stream().map(TableLayout.Column::name).toList();
    }

    List<String> columnNames() {
        return columns.stream().map(TableLayout.Column::name).toList();
    }

    long upstreamRows() {
        return chunks.stream()
                .mapToLong(c -> c.first == null ? 0 : c.first[0].rows())
                .sum();
    }

    long downstreamRows() {
        return chunks.stream()
                .mapToLong(c -> c.first == null ? 0 : c.first[1].rows())
                .sum();
    }

    List<ChunkCheck> differing() {
        return chunks.stream().filter(c -> c.differs).toList();
    }

    boolean equal() {
        return missing == null && schemaProblems.isEmpty() && differing().isEmpty();
    }

    /** A chunk of the table: its first checksums (upstream union, downstream), the latest, and the rows found. */
    static final class ChunkCheck {
        final TableCheck table;
        final Chunk chunk;
        Checksum[] first;
        Checksum[] latest;
        boolean differs;
        /** The rows that differed in every row-level round so far; null before the first. */
        List<RowDifference> rows;

        ChunkCheck(TableCheck table, Chunk chunk) {
            this.table = table;
            this.chunk = chunk;
        }
    }
}
