package io.oscsync.udfs.expr;

import java.math.BigDecimal;

/**
 * Rows per second of typical expression-filter expressions on one core (a main, not a test: it
 * prints, never asserts a time). Run: see README, "Expression filters".
 */
public final class ExpressionBench {
    private ExpressionBench() {}

    public static void main(String[] args) {
        String[] columns = {"id", "c", "state", "name", "price", "ts", "doc", "note"};
        Object[][] rows = new Object[1024][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Object[] {
                (long) i,
                (long) (i * 7),
                (long) (i % 5),
                "name-" + i,
                new BigDecimal(i + ".25"),
                "2024-01-02 03:04:" + String.format("%02d", i % 60),
                "{\"id\": " + i + ", \"tags\": [\"a\"]}",
                i % 3 == 0 ? null : "note"
            };
        }
        String[] expressions = {
            "c % 2 = 0",
            "state != 1 AND name LIKE 'name-1%'",
            "price BETWEEN 10 AND 20.5 OR note IS NULL",
            "state IN (1, 3) AND UPPER(name) = 'NAME-7'",
            "ts > '2024-01-02 03:04:30'",
            "ts < NOW()",
            "doc->'$.id' = 42",
        };
        long n = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        for (String text : expressions) {
            RowExpression.Bound e = RowExpression.parse(text).bind(columns);
            long matched = 0;
            for (int i = 0; i < 200_000; i++) if (e.matches(rows[i & 1023])) matched++; // warm-up
            long start = System.nanoTime();
            for (long i = 0; i < n; i++) if (e.matches(rows[(int) (i & 1023)])) matched++;
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%-45s %,12.0f rows/s (%d matched)%n", text, n / seconds, matched);
        }
    }
}
