package io.oscsync.job.verify;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The plain-text report: one line per table, then for a differing table its key ranges (and rows). */
final class VerifyReport {
    /** Rows printed per chunk with --rows; the rest are counted. */
    static final int ROWS_PER_CHUNK = 50;

    private VerifyReport() {}

    static void print(PrintStream out, List<TableCheck> tables, boolean rows, long checksumNanos, long totalNanos) {
        int width = 0;
        for (TableCheck t : tables)
            width = Math.max(width, t.target.table().toString().length());
        long rowsChecked = 0;
        int different = 0;
        for (TableCheck t : tables) {
            rowsChecked += Math.max(t.upstreamRows(), t.downstreamRows());
            if (!t.equal()) different++;
            String name = String.format(Locale.ROOT, "%-" + width + "s", t.target.table());
            out.println("  " + (t.equal() ? "EQUAL    " : "DIFFERENT") + " " + name + "  " + counts(t) + " <- "
                    + String.join(
                            ", ",
                            t.target.sources().stream().map(Object::toString).toList()));
            if (t.missing != null) out.println("      " + t.missing);
            for (String p : t.schemaProblems) out.println("      schema: " + p);
            if (!t.equal() && !t.target.filtered().isEmpty()) {
                out.println("      note: the task filters rows of this table (" + String.join("; ", t.target.filtered())
                        + "), so it may differ on purpose");
            }
            for (TableCheck.ChunkCheck c : t.differing()) printChunk(out, t, c, rows);
        }
        out.println("result: "
                + (different == 0
                        ? "all " + tables.size() + " table(s) equal"
                        : different + " of " + tables.size() + " table(s) differ")
                + "; "
                + String.format(Locale.ROOT, "%,d", rowsChecked) + " rows checksummed in "
                + Verifier.seconds(checksumNanos) + " s (" + Verifier.rate(rowsChecked, checksumNanos) + "), "
                + Verifier.seconds(totalNanos) + " s in all");
    }

    private static String counts(TableCheck t) {
        if (t.missing != null) return "";
        long up = t.upstreamRows();
        long down = t.downstreamRows();
        // An equal table's first counts may differ by the rows that were in flight: its upstream count is the one.
        String rows = up == down || t.equal()
                ? String.format(Locale.ROOT, "%,d row%s", up, up == 1 ? "" : "s")
                : String.format(Locale.ROOT, "%,d rows upstream, %,d downstream", up, down);
        String chunks = t.keyColumns.isEmpty()
                ? "keyless, compared as a multiset"
                : t.chunks.size() + " chunk" + (t.chunks.size() == 1 ? "" : "s");
        return "(" + rows + ", " + chunks + ")";
    }

    private static void printChunk(PrintStream out, TableCheck t, TableCheck.ChunkCheck c, boolean rows) {
        List<RowDifference> diffs = c.rows == null ? List.of() : c.rows;
        Map<String, Integer> kinds = new TreeMap<>();
        for (RowDifference r : diffs) kinds.merge(r.kind(), 1, Integer::sum);
        StringBuilder what = new StringBuilder();
        kinds.forEach((k, n) -> what.append(what.length() == 0 ? "" : ", ")
                .append(n)
                .append(' ')
                .append(k));
        out.println(String.format(
                Locale.ROOT,
                "      %s: %,d rows upstream, %,d downstream; %s",
                c.chunk.describe(t.keyNames()),
                c.latest[0].rows(),
                c.latest[1].rows(),
                diffs.isEmpty() ? "checksums differ" : diffs.size() + " row(s) differ (" + what + ")"));
        if (!rows) return;
        List<String> columns = t.columnNames();
        int shown = 0;
        for (RowDifference r : diffs) {
            if (shown++ == ROWS_PER_CHUNK) {
                out.println("        ... " + (diffs.size() - ROWS_PER_CHUNK) + " more");
                break;
            }
            if (t.keyColumns.isEmpty()) {
                // A multiset: the row is its own identity; what differs is how many copies each side holds.
                out.println(String.format(
                        Locale.ROOT,
                        "        %s: %s, %d upstream, %d downstream",
                        r.kind(),
                        RowText.row(columns, r.id()),
                        r.upstreamCopies(),
                        r.downstreamCopies()));
                continue;
            }
            out.println("        " + r.kind() + ": " + RowText.row(t.keyNames(), r.id()));
            if (r.upstream() != null) out.println("          upstream   " + RowText.row(columns, r.upstream()));
            if (r.downstream() != null) out.println("          downstream " + RowText.row(columns, r.downstream()));
        }
    }
}
