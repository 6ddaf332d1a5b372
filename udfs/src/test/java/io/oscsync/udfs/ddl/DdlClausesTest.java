package io.oscsync.udfs.ddl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DdlClausesTest {
    private static List<String> split(String sql) {
        return DdlStatement.parse(sql).splitAlter();
    }

    private static List<String> texts(List<List<Token>> parts) {
        return parts.stream()
                .map(p -> String.join(" ", p.stream().map(Token::text).toList()))
                .toList();
    }

    @Test
    void eachClauseBecomesAStatementWithItsTextKept() {
        assertEquals(
                List.of(
                        "ALTER TABLE `dst`.`t1` ADD COLUMN c INT NOT NULL DEFAULT 0",
                        "ALTER TABLE `dst`.`t1` DROP INDEX ix",
                        "ALTER TABLE `dst`.`t1` ENGINE=InnoDB"),
                split("ALTER TABLE `dst`.`t1` ADD COLUMN c INT NOT NULL DEFAULT 0, DROP INDEX ix,\n  ENGINE=InnoDB;"));
    }

    @Test
    void commasInsideParenthesesStringsNamesAndCommentsDoNotSplit() {
        String sql = "alter /* gh-ost */ table db.t add index ix (a, b), modify p DECIMAL(10,2),"
                + " add e ENUM('a,b','c') COMMENT 'x, y', change `a,b` c INT /* one, two */, drop `x,y`";
        assertEquals(
                List.of(
                        "alter /* gh-ost */ table db.t add index ix (a, b)",
                        "alter /* gh-ost */ table db.t modify p DECIMAL(10,2)",
                        "alter /* gh-ost */ table db.t add e ENUM('a,b','c') COMMENT 'x, y'",
                        "alter /* gh-ost */ table db.t change `a,b` c INT",
                        "alter /* gh-ost */ table db.t drop `x,y`"),
                split(sql));
    }

    @Test
    void aCommentInsideAClauseIsKeptVerbatim() {
        assertEquals(
                List.of("ALTER TABLE t ADD c INT /* why */ DEFAULT 1", "ALTER TABLE t DROP d"),
                split("ALTER TABLE t ADD c INT /* why */ DEFAULT 1, DROP d"));
    }

    @Test
    void aTableRenameGoesLastAsMySqlAppliesItLast() {
        assertEquals(
                List.of("ALTER TABLE db.t ADD c INT", "ALTER TABLE db.t DROP d", "ALTER TABLE db.t RENAME TO db.t2"),
                split("ALTER TABLE db.t RENAME TO db.t2, ADD c INT, DROP d"));
        assertEquals(
                List.of("ALTER TABLE t RENAME COLUMN a TO b", "ALTER TABLE t ADD c INT"),
                split("ALTER TABLE t RENAME COLUMN a TO b, ADD c INT"));
    }

    @Test
    void aSingleClauseOrNoneComesBackUnchanged() {
        assertEquals(
                List.of("ALTER TABLE t ADD COLUMN (a INT, b INT);"), split("ALTER TABLE t ADD COLUMN (a INT, b INT);"));
        assertEquals(List.of("ALTER TABLE t"), split("ALTER TABLE t"));
    }

    @Test
    void clausesThatTakeAListAreNotSplit() {
        assertEquals(List.of("ALTER TABLE t DROP PARTITION p1, p2"), split("ALTER TABLE t DROP PARTITION p1, p2"));
        assertEquals(
                List.of("ALTER TABLE t ADD c INT", "ALTER TABLE t ORDER BY a, b"),
                split("ALTER TABLE t ADD c INT, ORDER BY a, b"));
    }

    @Test
    void onlyAlterTableSplits() {
        assertThrows(IllegalStateException.class, () -> split("CREATE TABLE t (a INT, b INT)"));
    }

    @Test
    void createTableClausesAreItsDefinitions() {
        DdlStatement s = DdlStatement.parse("CREATE TABLE t (id INT PRIMARY KEY, p DECIMAL(10,2), KEY ix (id, p))"
                + " ENGINE=InnoDB, DEFAULT CHARSET=utf8mb4");
        assertEquals(List.of("id INT PRIMARY KEY", "p DECIMAL ( 10 , 2 )", "KEY ix ( id , p )"), texts(s.clauses()));
        assertEquals(List.of(), DdlStatement.parse("DROP TABLE t").clauses());
    }

    @Test
    void splitAtCommasSplitsANestedList() {
        List<List<Token>> clauses =
                DdlStatement.parse("ALTER TABLE t ADD (a INT, b SET('x','y'))").clauses();
        List<Token> add = clauses.get(0);
        assertEquals(
                List.of("a INT", "b SET ( 'x' , 'y' )"),
                texts(DdlStatement.splitAtCommas(add.subList(2, add.size() - 1))));
    }

    @Test
    void aStatementWithNoTableHasNoClauses() {
        for (String sql : List.of(
                "CREATE DATABASE d",
                "DROP DATABASE d",
                "CREATE VIEW v AS SELECT 1",
                "DROP TABLE t",
                "RENAME TABLE a TO b",
                "CREATE INDEX i ON t (c)")) {
            assertEquals(List.of(), DdlStatement.parse(sql).clauses(), sql);
        }
    }
}
