package io.oscsync.job.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotDefinitionsTest {
    @Test
    void createTableBecomesCreateTableIfNotExists() {
        assertThat(SnapshotDefinitions.ifNotExists("CREATE TABLE `t` (\n  `id` int(11) NOT NULL\n)"))
                .isEqualTo("CREATE TABLE IF NOT EXISTS `t` (\n  `id` int(11) NOT NULL\n)");
        assertThatThrownBy(() -> SnapshotDefinitions.ifNotExists("CREATE VIEW v AS SELECT 1"))
                .hasMessageContaining("did not start with CREATE TABLE");
    }

    @Test
    void quotedBytesThatAreNotUtf8BecomeHexLiterals() {
        // b: E3 FF; c: ' C3 \ NUL (escaped as '' and \\ and \0); d: valid UTF-8, kept as text.
        byte[] sql = bytes(
                "CREATE TABLE `t\u00e4` (`b` varbinary(4) DEFAULT '",
                0xE3,
                0xFF,
                "', `c` varbinary(4) DEFAULT '''",
                0xC3,
                "\\\\\\0', `d` varchar(3) DEFAULT '\u00e9''\\\\' COMMENT 'x')");
        assertThat(SnapshotDefinitions.utf8WithHexLiterals(sql))
                .isEqualTo(
                        "CREATE TABLE `t\u00e4` (`b` varbinary(4) "
                                + "DEFAULT x'E3FF', `c` varbinary(4) DEFAULT x'27C35C00', `d` varchar(3) DEFAULT '\u00e9''\\\\' COMMENT 'x')");
    }

    /** Every binlog statement of a UTF-8 client passes through it: valid UTF-8 comes out as it went in. */
    @Test
    void validUtf8IsReadAsItIs() {
        for (String sql : java.util.List.of(
                "ALTER TABLE `t` COMMENT 'it''s \\' -- it's\n, ADD c INT /* don't */",
                "CREATE TABLE \"a'b\" (`c'` ENUM('\u00e9\\'', '\u65e5\u672c') DEFAULT '\u00e9\\'')",
                "ALTER TABLE t ADD d VARCHAR(3) DEFAULT 'unterminated \u00fc",
                "INSERT INTO t VALUES ('\\\\', '')")) {
            assertThat(SnapshotDefinitions.utf8WithHexLiterals(sql.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .isEqualTo(sql);
        }
    }

    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) out.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            else out.write((Integer) p);
        }
        return out.toByteArray();
    }

    @Test
    void mysqlVersionCommentsAreOpenedOutsideQuotes() {
        assertThat(
                        SnapshotDefinitions.openVersionComments(
                                "CREATE TABLE `t` (`g` geometry NOT NULL /*!80003 SRID 4326 */,"
                                        + " `c` varchar(9) DEFAULT '/*!50100 kept */' COMMENT 'a \\' /*!x*/') ENGINE=InnoDB\n"
                                        + "/*!50100 PARTITION BY RANGE (`id`)\n(PARTITION p0 VALUES LESS THAN (10) ENGINE = InnoDB) */"))
                .isEqualTo("CREATE TABLE `t` (`g` geometry NOT NULL  SRID 4326 ,"
                        + " `c` varchar(9) DEFAULT '/*!50100 kept */' COMMENT 'a \\' /*!x*/') ENGINE=InnoDB\n"
                        + " PARTITION BY RANGE (`id`)\n(PARTITION p0 VALUES LESS THAN (10) ENGINE = InnoDB) ");
    }
}
