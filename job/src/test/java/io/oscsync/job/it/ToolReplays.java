package io.oscsync.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.oscsync.job.testing.AppLoad;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.ShowCreateTable;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;

import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;

/** What the tool replay ITs share: the seed rows, waits, and the end state check. */
final class ToolReplays {
    private ToolReplays() {}

    /** Rows 1..rows of the fixtures' table t (id, a, b, old_col, note). */
    static void insertRows(MariaDbServer up, String db, int rows) {
        insertRows(up, db, "t", rows);
    }

    static void insertRows(MariaDbServer up, String db, String table, int rows) {
        StringJoiner values = new StringJoiner(",");
        for (int i = 1; i <= rows; i++)
            values.add("(" + i + ", " + (i % 13) + ", 'row " + i + "', " + (i % 7) + ", 'n" + i + "')");
        up.exec("INSERT INTO `" + db + "`.`" + table + "` (id, a, b, old_col, note) VALUES " + values);
    }

    static void awaitOperations(AppLoad app, int n) {
        Await.until("the app's " + n + " writes", Duration.ofSeconds(30), () -> app.operations() >= n);
    }

    /**
     * Waits until t is the same downstream in definition and rows, failing at once with the job's
     * error if it failed after {@code since}; then no tool table is left downstream.
     */
    static void awaitSameDownstream(UpstreamDownstream.Pair pair, String db, FlinkRest rest, TestJob job, long since)
            throws Exception {
        awaitSameDownstream(pair, db, "t", rest, job, since);
    }

    static void awaitSameDownstream(
            UpstreamDownstream.Pair pair, String db, String table, FlinkRest rest, TestJob job, long since)
            throws Exception {
        String[] failure = {null};
        Await.until(table + " equal downstream", Duration.ofMinutes(2), () -> {
            failure[0] = since(rest, job, since);
            if (failure[0] != null) return true;
            ShowCreateTable.assertSame(pair.upstream(), pair.downstream(), db, table);
            TableComparison.assertSameTable(pair.upstream(), db, table, pair.downstream(), db, table);
            return true;
        });
        if (failure[0] != null) throw new AssertionError("the job failed: " + failure[0]);
        for (String like : new String[] {"\\_\\_osc%", "n!%", "c!%", "o!%", "\\_vt\\_%", "%\\_vrepl"}) {
            TableComparison.assertNoTable(pair.downstream(), db, like);
        }
    }

    /** The first failure recorded after {@code since} (epoch ms), as its stack trace; null if none or no REST. */
    static String since(FlinkRest rest, TestJob job, long since) {
        if (rest == null) return null;
        try {
            JsonNode history = rest.get("/jobs/" + job.id() + "/exceptions")
                    .path("exceptionHistory")
                    .path("entries");
            for (JsonNode e : history) {
                if (e.path("timestamp").asLong() >= since)
                    return e.path("stacktrace").asText();
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The downstream's general log records every statement the sink sends (on before the cut-over). */
    static void generalLog(UpstreamDownstream.Pair pair, boolean on) {
        pair.downstream().exec("SET GLOBAL log_output = 'TABLE'", "SET GLOBAL general_log = " + (on ? 1 : 0));
    }

    /** The migration reached the downstream in one ALTER of t that adds column {@code added}. */
    static void assertAlteredOnce(UpstreamDownstream.Pair pair, String db) {
        assertAlteredOnce(pair, db, "t");
    }

    static void assertAlteredOnce(UpstreamDownstream.Pair pair, String db, String table) {
        generalLog(pair, false);
        List<List<String>> n = pair.downstream()
                .query(
                        "SELECT COUNT(*) FROM mysql.general_log WHERE command_type = 'Query' AND argument LIKE ?"
                                + " AND argument LIKE 'alter%' AND argument LIKE '%added%'",
                        "%`" + db + "`.`" + table + "`%");
        if (!n.equals(List.of(List.of("1")))) throw new AssertionError("ALTERs of t adding `added` downstream: " + n);
    }

    /** Returns once the job has read the binlog past this call: a row written now reached the downstream. */
    static void awaitReadPast(UpstreamDownstream.Pair pair, String db) {
        long n = MigrationFixture.count(pair.upstream(), db + ".binlog_probe") + 1;
        pair.upstream().exec("INSERT INTO " + db + ".binlog_probe VALUES (" + n + ")");
        Await.until(
                "the binlog read past probe " + n,
                Duration.ofMinutes(1),
                () -> MigrationFixture.count(pair.downstream(), db + ".binlog_probe") == n);
    }
}
