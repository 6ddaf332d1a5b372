package io.oscsync.job.it;

import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/** Keys with a latin1 VARCHAR column: deletes and key updates find their row downstream. */
@ExtendWith(UpstreamDownstream.class)
class Latin1KeysIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static final String[] TABLES = {"single", "composite", "with_unique"};

    @Test
    void latin1KeyRowsAreDeletedAndUpdatedDownstream(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("latin1k");
        MariaDbServer up = pair.upstream();
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".single (k VARCHAR(20) CHARACTER SET latin1 NOT NULL PRIMARY KEY, v INT) "
                        + "DEFAULT CHARSET=utf8mb4",
                "CREATE TABLE " + db + ".composite (k0 VARCHAR(20) CHARACTER SET latin1 NOT NULL, k1 CHAR(5) NOT NULL, "
                        + "v INT, PRIMARY KEY (k0, k1)) DEFAULT CHARSET=utf8mb4",
                "CREATE TABLE " + db + ".with_unique (k VARCHAR(20) CHARACTER SET latin1 NOT NULL PRIMARY KEY, "
                        + "u INT NOT NULL, UNIQUE KEY uk_u (u)) DEFAULT CHARSET=utf8mb4");
        for (String t : TABLES) {
            String cols = t.equals("composite") ? "(k0, k1, v)" : t.equals("single") ? "(k, v)" : "(k, u)";
            String x = t.equals("composite") ? ", 'x'" : "";
            up.exec("INSERT INTO " + db + "." + t + " " + cols + " VALUES ('ñé'" + x + ", 1), ('ab'" + x + ", 2), "
                    + "('ÿÀ©'" + x + ", 3), ('ß'" + x + ", 4)");
        }

        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            awaitEqual(pair, db, Duration.ofMinutes(2));
            MigrationFixture.awaitBinlogPhase(pair, db, db);

            for (String t : TABLES) {
                String k = t.equals("composite") ? "k0" : "k";
                String x = t.equals("composite") ? ", 'x'" : "";
                String cols = t.equals("composite") ? "(k0, k1, v)" : t.equals("single") ? "(k, v)" : "(k, u)";
                up.exec(
                        "DELETE FROM " + db + "." + t + " WHERE " + k + " = 'ñé'",
                        "UPDATE " + db + "." + t + " SET " + k + " = 'üü' WHERE " + k + " = 'ÿÀ©'",
                        "INSERT INTO " + db + "." + t + " " + cols + " VALUES ('¿é'" + x + ", 5)",
                        "DELETE FROM " + db + "." + t + " WHERE " + k + " = '¿é'");
            }
            awaitEqual(pair, db, Duration.ofMinutes(1));
        }
    }

    private static void awaitEqual(UpstreamDownstream.Pair pair, String db, Duration timeout) {
        TableComparison.awaitSame(pair, db, timeout, TABLES);
    }
}
