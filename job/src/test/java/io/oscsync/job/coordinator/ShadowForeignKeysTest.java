package io.oscsync.job.coordinator;

import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShadowForeignKeysTest {
    @Test
    void eachForeignKeyOfPtOscsNewTableIsRenamedFromTheRealTablesName() {
        DdlStatement create = DdlStatement.parse("CREATE TABLE `db`.`_c_new` (\n  `id` int(11) NOT NULL,\n"
                + "  `pid` int(11) DEFAULT NULL,\n  PRIMARY KEY (`id`),\n  KEY `fk_p` (`pid`),\n"
                + "  CONSTRAINT `_fk_p` FOREIGN KEY (`pid`) REFERENCES `p` (`id`) ON DELETE RESTRICT,\n"
                + "  CONSTRAINT `x` FOREIGN KEY (`id`) REFERENCES `q` (`id`)\n) ENGINE=InnoDB");
        assertThat(ShadowForeignKeys.renames(create, new TableId("db", "_c_new")).stream()
                        .map(DdlStatement::sql))
                .containsExactly(
                        "ALTER TABLE `db`.`_c_new` DROP FOREIGN KEY `fk_p`, ADD CONSTRAINT `_fk_p` FOREIGN KEY (`pid`) "
                                + "REFERENCES `p` (`id`) ON DELETE RESTRICT",
                        "ALTER TABLE `db`.`_c_new` DROP FOREIGN KEY `__x`, ADD CONSTRAINT `x` FOREIGN KEY (`id`) REFERENCES `q` (`id`)");
        assertThat(ShadowForeignKeys.renames(
                        DdlStatement.parse("CREATE TABLE `_c_new` LIKE `c`"), new TableId("db", "_c_new")))
                .isEmpty();
    }

    @Test
    void ptOscTogglesOneOrTwoUnderscores() {
        assertThat(ShadowForeignKeys.realName("_fk")).isEqualTo("fk");
        assertThat(ShadowForeignKeys.realName("__fk")).isEqualTo("_fk");
        assertThat(ShadowForeignKeys.realName("fk")).isEqualTo("__fk");
    }
}
