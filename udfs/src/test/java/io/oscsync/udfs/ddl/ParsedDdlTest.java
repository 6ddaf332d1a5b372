package io.oscsync.udfs.ddl;

import io.oscsync.udfs.TableId;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parsed form a statement keeps through rewriting, splitting and serialization. */
class ParsedDdlTest {

    private static List<String> kinds(DdlStatement s) {
        return s.alterClauses().stream()
                .map(c -> c.kind() + " " + c.name() + " [" + c.definition() + "]")
                .toList();
    }

    @Test
    void eachAlterClauseIsReadOnceByWhatItDoes() {
        DdlStatement s = DdlStatement.parse("ALTER TABLE db.t ADD COLUMN `C1` INT NOT NULL DEFAULT 0, MODIFY c2 BIGINT,"
                + " CHANGE c3 c3 VARCHAR(10), CHANGE c4 c5 INT, DROP COLUMN c6, ADD UNIQUE KEY uk (a, b), DROP INDEX ix,"
                + " AUTO_INCREMENT = 5, ADD PRIMARY KEY (id), RENAME COLUMN a TO b, RENAME TO db.u;");
        assertEquals(
                List.of(
                        "ADD_COLUMN c1 [int not null default 0]",
                        "MODIFY_COLUMN c2 [bigint]",
                        "MODIFY_COLUMN c3 [varchar(10)]",
                        "RENAME_COLUMN c4 []",
                        "DROP_COLUMN c6 []",
                        "ADD_INDEX uk [unique (a, b)]",
                        "DROP_INDEX ix []",
                        "AUTO_INCREMENT  []",
                        "OTHER  []",
                        "RENAME_COLUMN a []",
                        "RENAME_TABLE  []"),
                kinds(s));
        assertEquals("column c1", s.alterClauses().get(0).key());
    }

    @Test
    void algorithmAndLockAreClausesOfTheirOwn() {
        // gh-ost --attempt-instant-ddl, and MariaDB's forms without "="
        assertEquals(
                List.of("ADD_COLUMN c [int]", "ALGORITHM  []"),
                kinds(DdlStatement.parse("ALTER /* gh-ost */ TABLE `db`.`t` ADD COLUMN c INT, ALGORITHM=INSTANT")));
        assertEquals(
                List.of("LOCK  []", "MODIFY_COLUMN a [bigint]", "ALGORITHM  []"),
                kinds(DdlStatement.parse("alter table db.t lock none, modify a bigint, algorithm copy")));
        assertEquals(
                List.of("ADD_COLUMN lock [int]", "ADD_COLUMN algorithm [int]"),
                kinds(DdlStatement.parse("alter table db.t add `lock` int, add column `algorithm` int")));
    }

    @Test
    void indexStatementsAreOneChangeEach() {
        assertEquals(
                List.of("ADD_INDEX ix [unique (a)]"), kinds(DdlStatement.parse("CREATE UNIQUE INDEX ix ON db.t (a)")));
        assertEquals(List.of("DROP_INDEX ix []"), kinds(DdlStatement.parse("DROP INDEX ix ON db.t")));
        assertEquals(List.of(), kinds(DdlStatement.parse("DROP TABLE db.t")));
    }

    @Test
    void onlyAutoIncrementIsNoSchemaChange() {
        assertTrue(DdlStatement.parse("alter /* gh-ost */ table db._t_gho AUTO_INCREMENT=7")
                .onlySetsAutoIncrement());
        assertFalse(DdlStatement.parse("alter table db.t AUTO_INCREMENT=7, add c int")
                .onlySetsAutoIncrement());
        assertFalse(DdlStatement.parse("alter table db.t engine=innodb").onlySetsAutoIncrement());
    }

    @Test
    void rewritingNamesKeepsClausesWhereTheyAreInTheNewText() {
        DdlStatement s = DdlStatement.parse(
                "alter table t add c int, add constraint fk foreign key (c) references p (id)," + " rename to u");
        DdlStatement r = s.rewritten("db", t -> new TableId("target_" + t.schema(), t.table() + "_x"));
        assertEquals(
                "alter table `target_db`.`t_x` add c int, add constraint fk foreign key (c) references "
                        + "`target_db`.`p_x` (id), rename to `target_db`.`u_x`",
                r.sql());
        for (AlterClause c : r.alterClauses()) {
            String text = r.sql().substring(c.start(), c.end());
            assertTrue(text.startsWith("add") || text.startsWith("rename"), text);
        }
        assertEquals(
                "rename to `target_db`.`u_x`",
                r.sql()
                        .substring(
                                r.alterClauses().get(2).start(),
                                r.alterClauses().get(2).end()));
        assertEquals(DdlStatement.parse(r.sql()), r);
    }

    @Test
    void clauseStatementsAreParsedStatementsOfTheirOwn() {
        DdlStatement s = DdlStatement.parse("ALTER TABLE `db`.`t` RENAME TO db.u, ADD c INT,"
                + " ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES db.p (id)");
        List<DdlStatement> parts = s.clauseStatements();
        assertEquals(
                List.of(
                        "ALTER TABLE `db`.`t` ADD c INT",
                        "ALTER TABLE `db`.`t` ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES db.p (id)",
                        "ALTER TABLE `db`.`t` RENAME TO db.u"),
                parts.stream().map(DdlStatement::sql).toList());
        for (DdlStatement p : parts) {
            assertEquals(DdlStatement.parse(p.sql()), p, p.sql());
        }
    }

    @Test
    void theBinaryFormReadsBackEqual() throws IOException {
        for (String sql : List.of(
                "ALTER TABLE db.t ADD c INT, RENAME TO x",
                "RENAME TABLE a TO b, c TO d",
                "CREATE DATABASE `ü`",
                "CREATE INDEX ix ON t (a)",
                "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET @a=1",
                "CREATE TABLE t (id INT PRIMARY KEY, p INT REFERENCES q (id))")) {
            DdlStatement s = DdlStatement.parse(sql);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            s.writeTo(new DataOutputStream(bytes));
            DdlStatement back =
                    DdlStatement.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertEquals(s, back, sql);
            assertEquals(s.tables("db"), back.tables("db"));
        }
    }

    @Test
    void aFormatFromTheFutureIsRefused() {
        byte[] future = {9, 0, 0, 0, 0};
        assertThrows(
                IOException.class, () -> DdlStatement.readFrom(new DataInputStream(new ByteArrayInputStream(future))));
    }
}
