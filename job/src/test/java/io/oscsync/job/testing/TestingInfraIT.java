package io.oscsync.job.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static io.oscsync.job.testing.TableComparison.assertNoTable;
import static io.oscsync.job.testing.TableComparison.assertSameTable;
import static io.oscsync.job.testing.TableComparison.rowChecksum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test servers and the table comparison themselves. */
@ExtendWith(UpstreamDownstream.class)
class TestingInfraIT {
    private static final String TABLE = "CREATE TABLE %s.t (id INT PRIMARY KEY, name VARCHAR(20) NULL,"
            + " ts TIMESTAMP(6) NULL DEFAULT NULL, payload BLOB, flag TINYINT(1) NOT NULL DEFAULT 0)";

    @Test
    void upstreamWritesRowBinlogAndZonesDiffer(UpstreamDownstream.Pair db) {
        assertEquals(
                List.of(List.of("ROW", "FULL", "1")),
                db.upstream().query("SELECT @@binlog_format, @@binlog_row_image, @@log_bin"));
        assertEquals("+03:00", db.upstream().query("SELECT @@time_zone").get(0).get(0));
        assertEquals(
                "-07:00", db.downstream().query("SELECT @@time_zone").get(0).get(0));
    }

    @Test
    void copiedTableIsSameAndOneChangedValueIsNot(UpstreamDownstream.Pair db) throws SQLException {
        String up = UpstreamDownstream.uniqueDatabase("infra");
        String down = UpstreamDownstream.uniqueDatabase("infra");
        db.upstream()
                .exec(
                        "CREATE DATABASE " + up,
                        TABLE.formatted(up),
                        "INSERT INTO " + up + ".t VALUES (1, 'a''b', '2024-02-29 23:59:59.123456', x'00FF10', 1),"
                                + " (2, NULL, NULL, NULL, 0), (3, 'ü', '1999-12-31 21:00:00.000001', x'', 0)");
        db.downstream().exec("CREATE DATABASE " + down, TABLE.formatted(down));

        copyRows(db, up, down);

        assertSameTable(db.upstream(), up, "t", db.downstream(), down, "t");
        assertEquals(rowChecksum(db.upstream(), up, "t"), rowChecksum(db.downstream(), down, "t"));
        assertTrue(rowChecksum(db.upstream(), up, "t").startsWith("3:"));
        assertNoTable(db.downstream(), down, "%\\_gho");

        db.downstream().exec("UPDATE " + down + ".t SET ts = ts + INTERVAL 1 MICROSECOND WHERE id = 3");
        AssertionError changed = assertThrows(
                AssertionError.class, () -> assertSameTable(db.upstream(), up, "t", db.downstream(), down, "t"));
        assertTrue(changed.getMessage().contains("row 3"), changed.getMessage());
        assertNotEquals(rowChecksum(db.upstream(), up, "t"), rowChecksum(db.downstream(), down, "t"));
    }

    @Test
    void aLongRowIsShownAroundItsFirstDifference() {
        String up = "('" + "ab3".repeat(3_000_000) + "x', 1)";
        String down = "('" + "ab3".repeat(3_000_000) + "y', 1)";
        String shown = TableComparison.around(up, down);
        assertTrue(shown.length() < 3_000, shown.substring(0, 200));
        assertTrue(shown.startsWith("..."), shown);
        assertTrue(
                shown.endsWith(
                        "ab3x', 1) (9000008 chars, shown from char 8999002; the first difference at char 9000002)"),
                shown);
        assertEquals("(1, 2)", TableComparison.around("(1, 2)", "(1, 3)"));
    }

    @Test
    void awaitNamesWhatTimedOut() {
        AssertionError e =
                assertThrows(AssertionError.class, () -> Await.until("never", Duration.ofMillis(300), () -> false));
        assertTrue(e.getMessage().contains("never"), e.getMessage());
    }

    /** Plain JDBC copy, as an instant: both connections read and write with session zone UTC. */
    private static void copyRows(UpstreamDownstream.Pair db, String up, String down) throws SQLException {
        try (Connection src = db.upstream().connect();
                Connection dst = db.downstream().connect();
                Statement read = src.createStatement();
                PreparedStatement write = dst.prepareStatement("INSERT INTO " + down + ".t VALUES (?, ?, ?, ?, ?)")) {
            read.execute("SET time_zone = '+00:00'");
            dst.createStatement().execute("SET time_zone = '+00:00'");
            try (ResultSet rs = read.executeQuery("SELECT id, name, ts, payload, flag FROM " + up + ".t")) {
                while (rs.next()) {
                    write.setInt(1, rs.getInt(1));
                    write.setString(2, rs.getString(2));
                    write.setString(3, rs.getString(3));
                    write.setBytes(4, rs.getBytes(4));
                    write.setInt(5, rs.getInt(5));
                    write.executeUpdate();
                }
            }
        }
    }
}
