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
    void mysqlVersionCommentsAreOpenedOutsideQuotes() {
        assertThat(SnapshotDefinitions.openVersionComments("CREATE TABLE `t` (`g` geometry NOT NULL /*!80003 SRID 4326 */,"
                + " `c` varchar(9) DEFAULT '/*!50100 kept */' COMMENT 'a \\' /*!x*/') ENGINE=InnoDB\n"
                + "/*!50100 PARTITION BY RANGE (`id`)\n(PARTITION p0 VALUES LESS THAN (10) ENGINE = InnoDB) */"))
                .isEqualTo("CREATE TABLE `t` (`g` geometry NOT NULL  SRID 4326 ,"
                        + " `c` varchar(9) DEFAULT '/*!50100 kept */' COMMENT 'a \\' /*!x*/') ENGINE=InnoDB\n"
                        + " PARTITION BY RANGE (`id`)\n(PARTITION p0 VALUES LESS THAN (10) ENGINE = InnoDB) ");
    }
}
