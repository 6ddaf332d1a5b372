package io.oscsync.job.it;

import io.oscsync.job.testing.Await;
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

/**
 * Every MySQL column type round-trips exactly, through the snapshot and through the binlog
 * (insert, update, delete), with the upstream at +03:00 and the downstream at -07:00.
 */
@ExtendWith(UpstreamDownstream.class)
class TypesIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    static final String TABLE = """
            CREATE TABLE %s.types (
              id INT PRIMARY KEY,
              ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED,
              mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED,
              dec65 DECIMAL(65,30), dec_u DECIMAL(10,2) UNSIGNED,
              f FLOAT, dbl DOUBLE,
              dt DATE, tm TIME, tm6 TIME(6), dtm DATETIME, dtm6 DATETIME(6), ts6 TIMESTAMP(6) NULL, ts0 TIMESTAMP NULL,
              y YEAR,
              c CHAR(10), vc VARCHAR(100), tx TEXT, mtx MEDIUMTEXT,
              bn BINARY(4), vb VARBINARY(10), bl BLOB,
              js JSON, en ENUM('a','b','c'), st SET('x','y','z'),
              b1 BIT(1), b8 BIT(8), b64 BIT(64)
            ) DEFAULT CHARSET=utf8mb4""";

    /** Edge values: limits of every integer, 65-digit decimals, sub-second times, emoji, binary zeros. */
    static String rows(int base) {
        return """
                (%1$d, -128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295,
                 -9223372036854775808, 18446744073709551615,
                 12345678901234567890123456789012345.123456789012345678901234567890, 99999999.99,
                 1.1, 1.7976931348623157e308,
                 '1000-01-01', '-838:59:59', '838:59:58.999999', '9999-12-31 23:59:59', '2024-02-29 12:00:00.000001',
                 '2030-06-15 10:20:30.123456', '1970-01-02 00:00:01',
                 1901, 'a😀', 'ü日本😀 ''q'' \\\\ "d"', REPEAT('long text ', 1000), 'mt',
                 x'00FF1000', x'', x'000102FF00',
                 '{"a": [1, 2.5, "x"], "b": null}', 'c', 'x,z',
                 b'1', b'10101010', b'1111111111111111111111111111111111111111111111111111111111111111'),
                (%2$d, 127, 0, 32767, 0, 8388607, 0, 2147483647, 0, 9223372036854775807, 0,
                 -0.000000000000000000000000000001, 0.00,
                 -3.4e38, -2.2250738585072014e-308,
                 '9999-12-31', '00:00:00', '-01:02:03.000004', '1000-01-01 00:00:00', '1970-01-01 00:00:00.000000',
                 '2038-01-18 06:14:07.999999', '2000-01-01 00:00:00',
                 2155, '', '', '', '', x'00000000', x'00', x'',
                 '[]', 'a', '', b'0', b'0', b'0'),
                (%3$d, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                 NULL, NULL, NULL, NULL, NULL, NULL)""".formatted(base, base + 1, base + 2);
    }

    @Test
    void everyColumnTypeRoundTripsThroughSnapshotAndBinlog(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("types");
        MariaDbServer up = pair.upstream();
        up.exec("CREATE DATABASE " + db, TABLE.formatted(db), "INSERT INTO " + db + ".types VALUES " + rows(1));

        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            Await.until("snapshot rows equal", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(up, db, "types", pair.downstream(), db, "types");
                return true;
            });
            MigrationFixture.awaitBinlogPhase(pair, db, db);

            up.exec(
                    "INSERT INTO " + db + ".types VALUES " + rows(11),
                    // Updates that swap extremes, and a delete, all through the binlog.
                    "UPDATE " + db + ".types SET biu = 1, dec65 = -dec65, ts6 = '2001-02-03 04:05:06.000007', "
                            + "b64 = b'101', js = '{\"k\": \"😀\"}', st = 'y', tm6 = '-12:00:00.5' WHERE id IN (1, 11)",
                    "UPDATE " + db + ".types SET ti = 1, vc = 'was null', bl = x'00' WHERE id = 13",
                    "DELETE FROM " + db + ".types WHERE id = 2");

            Await.until("binlog rows equal", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(up, db, "types", pair.downstream(), db, "types");
                return MigrationFixture.count(pair.downstream(), db + ".types") == 5;
            });
        }
    }
}
