package com.github.shyiko.mysql.binlog.event.deserialization;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class QueryEventDataDeserializerTest {
    @Test
    void theClientCharsetIsFoundAfterTheVariablesBeforeIt() {
        // Q_FLAGS2 (4 bytes), Q_SQL_MODE (8), Q_CATALOG_NZ ("std"), Q_CHARSET: client latin1_swedish_ci (8).
        byte[] status = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6, 3, 's', 't', 'd', 4, 8, 0, 8, 0, 8, 0, 5, 1, 'Z'};
        assertThat(QueryEventDataDeserializer.clientCharset(status)).isEqualTo(Charset.forName("windows-1252"));
        assertThat(QueryEventDataDeserializer.clientCharset(new byte[] {4, 45, 0, 45, 0, 45, 0}))
                .isEqualTo(StandardCharsets.UTF_8); // utf8mb4_general_ci
    }

    @Test
    void withoutACharsetOrWithAnUnknownOneTheTextIsUtf8() {
        assertThat(QueryEventDataDeserializer.clientCharset(new byte[0])).isEqualTo(StandardCharsets.UTF_8);
        assertThat(QueryEventDataDeserializer.clientCharset(new byte[] {(byte) 200, 1, 4, 8, 0, 8, 0, 8, 0}))
                .isEqualTo(StandardCharsets.UTF_8);
        assertThat(QueryEventDataDeserializer.charsetOf(63)).isEqualTo(StandardCharsets.UTF_8); // binary
    }

    @Test
    void aTriggerReachesDebeziumAsAComment() {
        String fbOscUpdateTrigger =
                "CREATE DEFINER=`root`@`localhost` TRIGGER `__osc_upd_t` AFTER UPDATE ON `t` FOR EACH ROW "
                        + "IF (`OLD`.`id` = `NEW`.`id`) THEN insert into `__osc_chg_t` (_osc_dml_type_, `id`) VALUES (3, `NEW`.`id`); "
                        + "ELSE insert into `__osc_chg_t` (_osc_dml_type_, `id`) VALUES (2, `OLD`.`id`), (1, `NEW`.`id`);END IF";
        assertThat(QueryEventDataDeserializer.withoutTrigger(fbOscUpdateTrigger))
                .isEqualTo(QueryEventDataDeserializer.SKIPPED_TRIGGER);
        assertThat(QueryEventDataDeserializer.withoutTrigger(
                        "create trigger pt_osc_d_t_ins after insert on t for each row begin end"))
                .isEqualTo(QueryEventDataDeserializer.SKIPPED_TRIGGER);
        for (String other : new String[] {
            "CREATE TABLE triggers (id INT)",
            "DROP TRIGGER IF EXISTS `__osc_ins_t`",
            "ALTER TABLE t ADD COLUMN `trigger` INT"
        }) {
            assertThat(QueryEventDataDeserializer.withoutTrigger(other)).isEqualTo(other);
        }
    }
}
