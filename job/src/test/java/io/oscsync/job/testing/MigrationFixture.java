package io.oscsync.job.testing;

import io.oscsync.job.config.TaskConfig;

import java.time.Duration;
import java.util.StringJoiner;

/** What the replication ITs share: a seeded table, counts, and a job started past its snapshot. */
public final class MigrationFixture {
    public static final String COLUMNS = "`id`, `a`, `b`";

    private MigrationFixture() {}

    /** A fresh database with table t (id PK, a, b) holding ids 1..rows; returns the database. */
    public static String seed(UpstreamDownstream.Pair pair, String prefix, int rows) {
        return seedDatabase(pair, UpstreamDownstream.uniqueDatabase(prefix), rows);
    }

    /** As {@link #seed}, in the database named {@code db} (e.g. one from {@link KeyedSubtasks#spreadDatabase}). */
    public static String seedDatabase(UpstreamDownstream.Pair pair, String db, int rows) {
        MariaDbServer up = pair.upstream();
        up.exec("CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, a INT, b VARCHAR(40))");
        StringJoiner values = new StringJoiner(",");
        for (int i = 1; i <= rows; i++) values.add("(" + i + ", " + (i % 13) + ", 'row " + i + "')");
        up.exec("INSERT INTO " + db + ".t VALUES " + values);
        return db;
    }

    /** Starts the job and returns once t's snapshot is downstream and the binlog is being read. */
    public static TestJob startPastSnapshot(UpstreamDownstream.Pair pair, String db, TaskConfig task, int rows)
            throws Exception {
        TestJob job = TestJob.start(task);
        Await.until("the snapshot", Duration.ofMinutes(2), () -> count(pair.downstream(), db + ".t") == rows);
        awaitBinlogPhase(pair, db, db);
        return job;
    }

    /** Marks the end of the snapshot: a row written now can only arrive through the binlog. */
    public static void awaitBinlogPhase(UpstreamDownstream.Pair pair, String db, String targetDb) {
        pair.upstream()
                .exec(
                        "CREATE TABLE IF NOT EXISTS " + db + ".binlog_probe (id INT PRIMARY KEY)",
                        "INSERT INTO " + db + ".binlog_probe VALUES (1)");
        Await.until(
                "the binlog phase",
                Duration.ofMinutes(2),
                () -> count(pair.downstream(), targetDb + ".binlog_probe") == 1);
    }

    /** The table's row count, or -1 while it does not exist. */
    public static long count(MariaDbServer s, String table) {
        try {
            return Long.parseLong(
                    s.query("SELECT COUNT(*) FROM " + table).get(0).get(0));
        } catch (IllegalStateException e) {
            return -1;
        }
    }
}
