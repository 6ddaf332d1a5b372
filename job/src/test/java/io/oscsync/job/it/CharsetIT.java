package io.oscsync.job.it;

import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.PtOsc;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bytes that are not UTF-8 text arrive unchanged: binary column defaults, text types with the
 * binary charset, ENUM/SET in a binary-charset table; each through the snapshot's CREATE TABLE
 * and through DDL read from the binlog.
 */
@ExtendWith(UpstreamDownstream.class)
class CharsetIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    @Test
    void binaryDefaultsKeepTheirBytes(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("bindef");
        String columns = "(id INT PRIMARY KEY, vb VARBINARY(8) DEFAULT x'e3ff', bn BINARY(3) DEFAULT x'00e380', "
                + "vb2 VARBINARY(4) NOT NULL DEFAULT x'27c35c', a VARBINARY(4) DEFAULT 'ok')";
        MariaDbServer up = pair.upstream();
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".snap " + columns,
                "INSERT INTO " + db + ".snap (id) VALUES (1)");
        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            awaitSame(pair, db, "snap");
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            up.exec(
                    "CREATE TABLE " + db + ".bin " + columns,
                    "INSERT INTO " + db + ".bin (id) VALUES (1)",
                    "ALTER TABLE " + db + ".snap ADD COLUMN late VARBINARY(2) DEFAULT x'ff'",
                    "INSERT INTO " + db + ".snap (id) VALUES (2)");
            awaitSame(pair, db, "snap", "bin");
        }
    }

    @Test
    void binaryCharsetTextKeepsItsBytes(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("bincs");
        String column = "(id INT PRIMARY KEY, v VARCHAR(4) CHARACTER SET binary, c CHAR(2) CHARACTER SET binary, "
                + "t TEXT CHARACTER SET binary, `näme` VARCHAR(3) CHARACTER SET binary)";
        String table = "(id INT PRIMARY KEY, v VARCHAR(4), c CHAR(2), t MEDIUMTEXT, `näme` VARCHAR(3)) "
                + "DEFAULT CHARSET=binary";
        String rows = " VALUES (1, x'e6', x'e6ff', x'00e6c3', x'e6e6e6'), (2, 'abcd', 'ab', '', 'xyz')";
        MariaDbServer up = pair.upstream();
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".col_snap " + column,
                "CREATE TABLE " + db + ".tab_snap " + table,
                "INSERT INTO " + db + ".col_snap" + rows,
                "INSERT INTO " + db + ".tab_snap" + rows);
        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            awaitSame(pair, db, "col_snap", "tab_snap");
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            up.exec(
                    "CREATE TABLE " + db + ".col_bin " + column,
                    "CREATE TABLE " + db + ".tab_bin " + table,
                    "INSERT INTO " + db + ".col_bin" + rows,
                    "INSERT INTO " + db + ".tab_bin" + rows,
                    "INSERT INTO " + db + ".col_snap VALUES (3, x'e6e6e6e6', x'c3a6', x'ff', x'ff')",
                    "UPDATE " + db + ".tab_bin SET v = x'ffffffff' WHERE id = 2");
            awaitSame(pair, db, "col_snap", "tab_snap", "col_bin", "tab_bin");
        }
    }

    @Test
    void enumAndSetInABinaryCharsetTableArrive(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("binenum");
        String table = "(id INT PRIMARY KEY, e ENUM('a','b') NOT NULL, s SET('x','y') NOT NULL, "
                + "en ENUM('c','d'), sn SET('p','q')) DEFAULT CHARSET=binary";
        String rows = " VALUES (1, 'b', 'x,y', 'c', 'q'), (2, 'a', '', NULL, NULL)";
        MariaDbServer up = pair.upstream();
        up.exec("CREATE DATABASE " + db, "CREATE TABLE " + db + ".snap " + table, "INSERT INTO " + db + ".snap" + rows);
        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            awaitSame(pair, db, "snap");
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            up.exec(
                    "CREATE TABLE " + db + ".bin " + table,
                    "INSERT INTO " + db + ".bin" + rows,
                    "INSERT INTO " + db + ".snap VALUES (3, 'a', 'y', 'd', 'p,q')");
            awaitSame(pair, db, "snap", "bin");
        }
    }

    /**
     * Members the column's charset cannot hold are stored as the server converts them ('日本' is
     * '??' in latin1, a 4-byte character '?' in utf8mb3), and an ENUM member may hold a comma:
     * the binlog gives a member's index, which must mean the server's member (differential seed
     * 20261132: 'Data truncated' and 'Illegal mix of collations' on a keyless table's DELETE). A
     * binary text column's DEFAULT reaches the converter as text (seed 20261135 stopped on it).
     */
    @Test
    void enumAndSetMembersArriveAsTheServerStoresThem(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("members");
        String latin1 = "(e ENUM('x','日本','last,no') NULL, s SET('a','日本','é','') NULL, n INT) DEFAULT CHARSET=latin1";
        String binary = "(id INT PRIMARY KEY, e ENUM('b','日本','last,no') NULL, s SET('b','日本','') NULL, "
                + "v VARCHAR(8) NOT NULL DEFAULT '日本') DEFAULT CHARSET=binary";
        String mb3 = "(id INT PRIMARY KEY, e ENUM('x','\uD83D\uDE00') NULL) DEFAULT CHARSET=utf8mb3";
        MariaDbServer up = pair.upstream();
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".l_snap " + latin1,
                "INSERT INTO " + db + ".l_snap VALUES ('日本', '日本,é', 1), ('last,no', 'a', 2)");
        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            awaitSame(pair, db, "l_snap");
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            up.exec(
                    "CREATE TABLE " + db + ".l_bin " + latin1,
                    "CREATE TABLE " + db + ".b_bin " + binary,
                    "CREATE TABLE " + db + ".m_bin " + mb3,
                    "INSERT INTO " + db + ".l_bin VALUES ('日本', '日本,é', 1), ('last,no', '', 2), (NULL, 'a', 3)",
                    "INSERT INTO " + db + ".l_snap VALUES ('last,no', '日本', 3)",
                    "DELETE FROM " + db + ".l_snap WHERE n = 1", // keyless: matched on every column
                    "UPDATE " + db + ".l_bin SET n = 4 WHERE n = 1",
                    "INSERT INTO " + db + ".b_bin (id, e, s) VALUES (1, '日本', '日本,b'), (2, 'last,no', '')",
                    "UPDATE " + db + ".b_bin SET e = 'last,no' WHERE id = 1",
                    "INSERT INTO " + db + ".m_bin VALUES (1, '\uD83D\uDE00'), (2, 'x')");
            awaitSame(pair, db, "l_snap", "l_bin", "b_bin", "m_bin");
        }
    }

    /**
     * A DDL written by a latin1 client (pt-osc's default connection charset among them) holds
     * latin1 bytes in the binlog; it arrives as the client meant it (names, ENUM members, defaults).
     */
    @Test
    void ddlFromALatin1ClientArrivesAsWritten(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("latin1ddl");
        pair.upstream()
                .exec(
                        "CREATE DATABASE " + db,
                        "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(10)) DEFAULT CHARSET=latin1",
                        "INSERT INTO " + db + ".t VALUES (1, 'caf\u00e9')");
        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            awaitSame(pair, db, "t");
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            Properties latin1 = new Properties();
            latin1.setProperty("user", "root");
            latin1.setProperty("password", "");
            latin1.setProperty("characterEncoding", "ISO-8859-1");
            try (Connection c = DriverManager.getConnection(pair.upstream().jdbcUrl(), latin1);
                    Statement st = c.createStatement()) {
                st.execute(
                        "ALTER TABLE " + db + ".t ADD COLUMN e ENUM('\u00e9t\u00e9','hiver') DEFAULT '\u00e9t\u00e9', "
                                + "ADD COLUMN `\u00f1` VARCHAR(5) DEFAULT '\u00fc'");
                st.execute("INSERT INTO " + db + ".t (id) VALUES (2)");
                st.execute("INSERT INTO " + db + ".t VALUES (3, 'na\u00efve', 'hiver', '\u00e0')");
            }
            // Upstream itself read the statement right: the member is 'été'.
            assertEquals(
                    List.of(List.of("enum('\u00e9t\u00e9','hiver')")),
                    pair.upstream()
                            .query(
                                    "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND COLUMN_NAME = 'e'",
                                    db));
            awaitSame(pair, db, "t");
        }
    }

    /** pt-osc copies the table's definition over its own connection (latin1 unless --charset) into _t_new. */
    @Test
    void ptOscOnALatin1TableWithNonAsciiMembers(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("latin1ptosc");
        pair.upstream()
                .exec(
                        "CREATE DATABASE " + db,
                        "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, "
                                + "e ENUM('\u00e9t\u00e9','hiver') DEFAULT '\u00e9t\u00e9', `\u00f1` VARCHAR(5) DEFAULT '\u00fc') "
                                + "DEFAULT CHARSET=latin1",
                        "INSERT INTO " + db + ".t VALUES (1, 'hiver', 'caf\u00e9'), (2, DEFAULT, DEFAULT)");
        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            awaitSame(pair, db, "t");
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            PtOsc.run(pair.upstream(), db, "t", "ADD COLUMN n INT NOT NULL DEFAULT 3");
            pair.upstream().exec("INSERT INTO " + db + ".t (id) VALUES (3)");
            awaitSame(pair, db, "t");
        }
    }

    /**
     * SHOW CREATE TABLE prints a binary DEFAULT as its raw bytes, and pt-osc on a utf8mb4 connection
     * sends them back in _t_new's CREATE TABLE: not UTF-8 there, yet the upstream keeps the bytes.
     */
    @Test
    void ptOscOnABinaryDefaultThatIsNotUtf8(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("binptosc");
        pair.upstream()
                .exec(
                        "CREATE DATABASE " + db,
                        "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(4) DEFAULT x'32ff', "
                                + "b VARBINARY(4) DEFAULT x'27c35c00') DEFAULT CHARSET=binary",
                        "INSERT INTO " + db + ".t (id) VALUES (1)");
        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            awaitSame(pair, db, "t");
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            PtOsc.run(pair.upstream(), db, "t", "ADD COLUMN n INT NOT NULL DEFAULT 3", "--charset=utf8mb4");
            pair.upstream().exec("INSERT INTO " + db + ".t (id) VALUES (2)");
            awaitSame(pair, db, "t");
        }
    }

    static void awaitSame(UpstreamDownstream.Pair pair, String db, String... tables) {
        Await.until("tables equal", Duration.ofMinutes(1), () -> {
            for (String t : tables) {
                TableComparison.assertSameTable(pair.upstream(), db, t, pair.downstream(), db, t);
                // Names and defaults as bytes: the text comparison cannot tell invalid UTF-8 apart.
                assertEquals(rawColumns(pair.upstream(), db, t), rawColumns(pair.downstream(), db, t), t);
            }
            return true;
        });
    }

    static List<List<String>> rawColumns(MariaDbServer s, String db, String table) {
        return s.query(
                "SELECT HEX(COLUMN_NAME), COLUMN_TYPE, HEX(COLUMN_DEFAULT), CHARACTER_SET_NAME"
                        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                        + " ORDER BY ORDINAL_POSITION",
                db,
                table);
    }
}
