package io.oscsync.udfs.ddl;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IndexStatementsTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // LHM v4.5.1 lib/lhm/migrator.rb index_ddl / remove_index, tagged
                "create index `index_t_on_a_and_b` on `lhmn_t` (`a`, `b`(10)) /* large hadron migration */"
                        + "|ALTER TABLE `lhmn_t` ADD INDEX `index_t_on_a_and_b` (`a`, `b`(10)) /* large hadron migration */",
                "create unique index `ux` on `lhmn_t` (`a`) /* large hadron migration */"
                        + "|ALTER TABLE `lhmn_t` ADD unique INDEX `ux` (`a`) /* large hadron migration */",
                "drop index `ix_b` on `lhmn_t` /* large hadron migration */"
                        + "|ALTER TABLE `lhmn_t` DROP INDEX `ix_b` /* large hadron migration */",
                // the rest of the grammar
                "CREATE INDEX ix ON db.t (a DESC, (b + 1)) USING BTREE COMMENT 'c, d' ALGORITHM = INPLACE LOCK=NONE;"
                        + "|ALTER TABLE db.t ADD INDEX ix (a DESC, (b + 1)) USING BTREE COMMENT 'c, d', ALGORITHM=INPLACE, LOCK=NONE;",
                "/* app */ CREATE FULLTEXT INDEX IF NOT EXISTS ft USING HASH ON `d`.`t` (body)"
                        + "|/* app */ ALTER TABLE `d`.`t` ADD FULLTEXT INDEX IF NOT EXISTS ft USING HASH (body)",
                "DROP INDEX IF EXISTS `PRIMARY` ON t ALGORITHM=COPY|ALTER TABLE t DROP INDEX IF EXISTS `PRIMARY`, ALGORITHM=COPY",
                // not rewritten: other statements, and forms no ALTER TABLE says the same way
                "CREATE TABLE t (id INT, INDEX ix (id))|CREATE TABLE t (id INT, INDEX ix (id))",
                "DROP TABLE index_log|DROP TABLE index_log",
                "ALTER TABLE t ADD INDEX ix (a)|ALTER TABLE t ADD INDEX ix (a)",
                "CREATE OR REPLACE INDEX ix ON t (a)|CREATE OR REPLACE INDEX ix ON t (a)",
                "DROP INDEX ix ON t WAIT 5|DROP INDEX ix ON t WAIT 5",
                "CREATE /*!50000 UNIQUE */ INDEX ix ON t (a)|CREATE /*!50000 UNIQUE */ INDEX ix ON t (a)",
                "INSERT INTO t VALUES ('create index')|INSERT INTO t VALUES ('create index')",
            })
    void createAndDropIndexBecomeAlterTable(String sql, String expected) {
        assertEquals(expected, IndexStatements.asAlterTable(sql));
    }
}
