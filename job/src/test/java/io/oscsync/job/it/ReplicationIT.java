package io.oscsync.job.it;

import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.KeyedSubtasks;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Random;
import java.util.StringJoiner;

/** Snapshot, then a live insert/update/delete load with a plain ALTER in the middle, on real servers. */
@ExtendWith(UpstreamDownstream.class)
class ReplicationIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final int SNAPSHOT_ROWS = 50_000;

    /**
     * At P=3 (every IT not parametrized runs at 1): its two tables on two subtasks, so the snapshot
     * and the live load go through two coordinators and two committers at once.
     */
    @Test
    void snapshotThenLiveLoadWithPlainAlterEndsEqual(UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini)
            throws Exception {
        int p = KeyedSubtasks.parallelism(3);
        String db = KeyedSubtasks.spreadDatabase("repl", p, "orders", "events");
        MariaDbServer up = pair.upstream();
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".orders (id BIGINT PRIMARY KEY, customer VARCHAR(40) NOT NULL, "
                        + "amount DECIMAL(12,2), note TEXT, updated DATETIME(6))",
                "CREATE TABLE " + db + ".events (a INT, b VARCHAR(20))"); // no key at all
        seed(up, db);

        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", KeyedSubtasks.yaml(p)))) {
            Await.until(
                    "the snapshot downstream",
                    Duration.ofMinutes(3),
                    () -> MigrationFixture.count(pair.downstream(), db + ".orders") == SNAPSHOT_ROWS);
            MigrationFixture.awaitBinlogPhase(pair, db, db);

            Random random = new Random(42);
            load(up, db, random, 0, 1500);
            up.exec("ALTER TABLE " + db
                    + ".orders ADD COLUMN status VARCHAR(10) NOT NULL DEFAULT 'new' AFTER customer, "
                    + "ADD INDEX ix_customer (customer)");
            load(up, db, random, 1500, 3000);
            up.exec("UPDATE " + db + ".orders SET status = 'paid' WHERE id % 7 = 0");

            Await.until("orders equal downstream", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(up, db, "orders", pair.downstream(), db, "orders");
                return true;
            });
            Await.until("keyless events equal downstream", Duration.ofMinutes(1), () -> {
                TableComparison.assertSameTable(up, db, "events", pair.downstream(), db, "events");
                return true;
            });
            OscIts.assertRunsAt(mini, job, p, 2);
        }
    }

    private static void seed(MariaDbServer up, String db) {
        for (int from = 0; from < SNAPSHOT_ROWS; from += 5000) {
            StringJoiner values = new StringJoiner(",");
            for (int id = from; id < from + 5000; id++) {
                values.add("(" + id + ", 'c" + (id % 97) + "', " + (id % 1000) + ".25, 'n" + id
                        + "', '2024-02-29 23:59:59.123456')");
            }
            up.exec("INSERT INTO " + db + ".orders VALUES " + values);
        }
    }

    /** Inserts new ids, updates and deletes random ones, and touches the keyless table. */
    private static void load(MariaDbServer up, String db, Random random, int from, int to) {
        for (int i = from; i < to; i++) {
            int id = SNAPSHOT_ROWS + i;
            up.exec("INSERT INTO " + db + ".orders (id, customer, amount, note, updated) VALUES (" + id + ", 'live', "
                    + random.nextInt(10_000) + ".5, NULL, NOW(6))");
            int other = random.nextInt(SNAPSHOT_ROWS + i);
            switch (i % 4) {
                case 0 ->
                    up.exec("UPDATE " + db + ".orders SET amount = amount + 1, note = 'u" + i + "' WHERE id = "
                            + other);
                case 1 -> up.exec("DELETE FROM " + db + ".orders WHERE id = " + other);
                case 2 -> up.exec("UPDATE " + db + ".orders SET id = " + (-id) + " WHERE id = " + other);
                default -> up.exec("INSERT INTO " + db + ".events VALUES (" + (i % 10) + ", 'e" + (i % 3) + "')");
            }
            if (i % 50 == 0) up.exec("UPDATE " + db + ".events SET b = 'x' WHERE a = " + (i % 10) + " LIMIT 1");
            if (i % 70 == 0) up.exec("DELETE FROM " + db + ".events WHERE a = " + (i % 10) + " LIMIT 1");
        }
    }
}
