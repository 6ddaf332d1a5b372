package io.oscsync.udfs.ddl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class DdlNormalizedTest {

    private static String normalized(String sql) {
        return DdlStatement.parse(sql).normalized();
    }

    @Test
    void dropsCommentsCollapsesSpaceAndLowersWords() {
        assertEquals(
                "alter table osc._t1_gho add column c3 int",
                normalized("alter /* gh-ost */ table `osc`.`_t1_gho`\n\tADD   COLUMN c3 INT -- trailing\n"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ALTER TABLE `db`.`t` ADD COLUMN `C` INT(11)  DEFAULT 'X' ; | alter table db.t add column c int ( 11 ) default 'X'",
                "ALTER TABLE t ADD INDEX ix (a , b) | ALTER TABLE t ADD INDEX ix(a,b)",
                "ALTER TABLE t ADD c INT, DROP d | alter table t add c int,drop d",
                "ALTER TABLE t ADD c INT /* why */ | ALTER TABLE t ADD c INT;;",
            })
    void equivalentSpellingsNormalizeEqually(String a, String b) {
        assertEquals(normalized(a), normalized(b));
    }

    @Test
    void stringLiteralsStayVerbatim() {
        assertEquals(
                "alter table t add c varchar(10) default 'X  Y'",
                normalized("ALTER TABLE t ADD c VARCHAR(10) DEFAULT 'X  Y'"));
        assertNotEquals(
                normalized("ALTER TABLE t ADD c CHAR(1) DEFAULT 'X'"),
                normalized("ALTER TABLE t ADD c CHAR(1) DEFAULT 'x'"));
    }

    @Test
    void differentStatementsStayDifferent() {
        assertNotEquals(normalized("ALTER TABLE t ADD c INT"), normalized("ALTER TABLE t ADD c BIGINT"));
        assertNotEquals(normalized("ALTER TABLE t ADD c INT"), normalized("ALTER TABLE t2 ADD c INT"));
    }

    @Test
    void backquotesStayWhereTheNameNeedsThem() {
        assertEquals(
                "alter table t add `table` int, add `my col` int, add `1` int, add `a``b` int, add x1 int",
                normalized(
                        "ALTER TABLE `t` ADD `table` INT, ADD `my col` INT, ADD `1` INT, ADD `a``b` INT, ADD `X1` INT"));
    }

    @Test
    void qualifiedNamesAndCallsHaveNoInnerSpaces() {
        assertEquals(
                "create table db.t(id int not null, primary key(id)) engine = innodb",
                normalized("CREATE TABLE db . t ( id INT NOT NULL , PRIMARY KEY ( id ) ) ENGINE = InnoDB"));
    }
}
