package io.oscsync.udfs.name;

import io.oscsync.udfs.SerializationSupport;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.name.EventFilterRule.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DM's binlog event filter semantics: tiflow pkg/binlog-filter (BinlogEvent.Filter, matchEvent,
 * ClassifyEvent) and dm/syncer/ddl.go (AstToDDLEvent, per split ALTER clause).
 */
class DmEventFilterTest {
    private static EventFilterRule rule(String schema, String table, List<String> events, List<String> sql, Action a) {
        return new EventFilterRule("r-" + schema, schema, table, events, sql, a);
    }

    /** tiflow pkg/binlog-filter/filter_test.go TestFilter, first round (the rule with "wrong event" DM drops). */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "test_1_a|abc1|delete|NULL|IGNORE",
                "test_1_a|abc1|insert|NULL|IGNORE",
                "test_1_a|abc1|update|NULL|DO",
                "test_1_a|abc1|create index|NULL|IGNORE",
                "test_1_a|abc1|rename table|NULL|DO",
                "test_1_a|abc1|NULL|drop procedure abc|IGNORE",
                "test_1_a|abc1|NULL|create procedure abc|IGNORE",
                "test_1_a|abc1|NULL|create function abc|DO",
                "xxx_1|abc_1|NULL|create function abc|DO",
                "xxx_1|abc_1|insert|NULL|IGNORE",
                "xxx_1|abc_1|create index|NULL|DO",
                "yyy_1|abc_1|insert|NULL|DO",
                "yyy_1|abc_1|create index|NULL|IGNORE",
                "test_1_a|abc1|drop view|NULL|IGNORE",
            })
    void tiflowFilterTestCases(String schema, String table, String event, String sql, Action expected) {
        EventFilter f = new EventFilter(List.of(
                rule(
                        "Test_1_*",
                        "abc*",
                        List.of("delete", "insert", "create index", "drop index", "drop view"),
                        List.of("^DROP\\s+PROCEDURE", "^CREATE\\s+PROCEDURE"),
                        Action.IGNORE),
                rule("xxx_*", "abc_*", List.of("all dml", "none ddl"), List.of(), Action.IGNORE),
                rule("yyy_*", "abc_*", List.of("ALL DML"), List.of(), Action.DO)));
        assertEquals(expected, f.decide(new TableId(schema, table), event, sql).action());
    }

    /** DM compiles "(?i)" + the joined patterns: a rule written upper-case matches gh-ost's lower-case ALTER. */
    @Test
    void sqlPatternsIgnoreCaseAsInDm() {
        EventFilter f = new EventFilter(List.of(
                rule("db", null, List.of(), List.of("ALTER\\s.*TABLE[\\s\\S]*ADD\\s+KEY", "^nothing"), Action.IGNORE)));
        String ghost = "alter /* gh-ost */ table `db`.`_t_gho` add key ix_a (a)";
        assertTrue(f.ignores(new TableId("db", "t"), "alter table", ghost));
        assertFalse(f.ignores(new TableId("db", "t"), "alter table", "alter table t add column k int"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ADD COLUMN c INT|alter table",
                "ADD c INT|alter table",
                "ADD (c INT, d INT)|alter table",
                "ADD INDEX i (c)|modify constraint",
                "add key i (c)|modify constraint",
                "ADD UNIQUE KEY u (c)|modify constraint",
                "ADD PRIMARY KEY (id)|modify constraint",
                "ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES p (id)|modify constraint",
                "ADD PARTITION (PARTITION p3 VALUES LESS THAN (30))|alter table",
                "DROP COLUMN c|drop column",
                "DROP c|drop column",
                "DROP INDEX i|drop index",
                "DROP KEY i|drop index",
                "DROP PRIMARY KEY|drop primary key",
                "DROP FOREIGN KEY fk|alter table",
                "DROP PARTITION p1|drop table partition",
                "TRUNCATE PARTITION p1|truncate table partition",
                "REORGANIZE PARTITION p1 INTO (PARTITION p2 VALUES LESS THAN (5))|reorganize table partition",
                "REBUILD PARTITION p1|rebuild table partition",
                "COALESCE PARTITION 2|coalesce table partition",
                "EXCHANGE PARTITION p1 WITH TABLE t2|exchange table partition",
                "REMOVE PARTITIONING|alter table",
                "MODIFY c BIGINT|(modify or change column)",
                "CHANGE c d INT|(modify or change column)",
                "ALTER COLUMN c SET DEFAULT 1|modify default value",
                "ALTER c DROP DEFAULT|modify default value",
                "RENAME COLUMN a TO b|rename column",
                "RENAME INDEX a TO b|rename index",
                "RENAME TO t2|rename table",
                "ENGINE=InnoDB|modify storage engine",
                "DEFAULT CHARSET=utf8mb4|modify charset",
                "CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin|modify charset",
                "COLLATE utf8mb4_bin|modify collation",
                "COMMENT 'engine room'|alter table",
                "AUTO_INCREMENT=100000|alter table",
                "ALGORITHM=INPLACE|alter table",
            })
    void alterClausesGetDmsTypes(String clause, String type) {
        assertEquals(type, DmEvents.ofAlterClause(clause));
    }

    /** DM splits an ALTER and filters each clause; the SQL patterns see the whole statement. */
    @Test
    void multiClauseAlterIsFilteredClauseByClause() {
        EventFilter f = new EventFilter(
                List.of(rule("db", "t", List.of("drop column", "drop index"), List.of(), Action.IGNORE)));
        DdlStatement stmt =
                DdlStatement.parse("ALTER TABLE db.t ADD COLUMN c INT, DROP COLUMN d, DROP INDEX i, ENGINE=InnoDB");
        List<EventFilter.Verdict> v = f.decideClauses(new TableId("db", "t"), stmt);
        assertEquals(
                List.of(false, true, true, false),
                v.stream().map(EventFilter.Verdict::ignored).toList());
        assertEquals(
                "ALTER TABLE db.t ADD COLUMN c INT, ENGINE=InnoDB",
                stmt.withClauses(List.of(0, 3)).sql());
        assertEquals(2, stmt.withClauses(List.of(0, 3)).alterClauses().size());
        // A kept RENAME still renames, and names are still rewritten where they are.
        DdlStatement rename = DdlStatement.parse("ALTER TABLE db.t DROP COLUMN d, RENAME TO db.t2");
        DdlStatement kept = rename.withClauses(List.of(1));
        assertEquals("ALTER TABLE db.t RENAME TO db.t2", kept.sql());
        assertEquals(new TableId("db", "t2"), kept.renames("db").get(0).to());
        assertEquals("ALTER TABLE `x`.`t` RENAME TO `x`.`t2`", kept.rewrite("db", id -> new TableId("x", id.table())));
    }

    @Test
    void errorActionStopsAndWinsOverIgnore() {
        EventFilter f = new EventFilter(List.of(
                rule("db", null, List.of("drop table"), List.of(), Action.IGNORE),
                rule("db", "*", List.of("incompatible ddl changes"), List.of(), Action.ERROR)));
        EventFilter.Verdict v = f.decide(new TableId("db", "t"), "drop table", "DROP TABLE t");
        assertTrue(v.error());
        assertEquals("r-db", v.rule());
        assertFalse(f.decide(new TableId("db", "t"), "create table", "CREATE TABLE t (id int)")
                .error());
        assertTrue(
                f.decide(new TableId("db", "t"), "truncate table", "TRUNCATE t").error());
    }

    /** DM decides a MODIFY/CHANGE COLUMN by comparing with the old column, which osc-sync does not keep. */
    @Test
    void modifyColumnRulesThatNeedTheOldDefinition() {
        for (String event :
                List.of("incompatible ddl changes", "value range decrease", "modify column", "alter table")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> rule("db", null, List.of(event), List.of(), Action.IGNORE));
            assertTrue(
                    e.getMessage().contains("old definition") && e.getMessage().contains("r-db"), e.getMessage());
        }
        // Decided the same for every MODIFY: accepted.
        rule("db", null, List.of("all ddl"), List.of(), Action.IGNORE);
        rule("db", null, List.of("drop column", "drop table"), List.of(), Action.DO);
        // Error stops on a MODIFY that may match, saying it may.
        EventFilter f =
                new EventFilter(List.of(rule("db", null, List.of("value range decrease"), List.of(), Action.ERROR)));
        EventFilter.Verdict v = f.decideClauses(
                        new TableId("db", "t"), DdlStatement.parse("ALTER TABLE t MODIFY c TINYINT"))
                .get(0);
        assertTrue(v.error() && v.uncertain());
        assertFalse(f.decideClauses(new TableId("db", "t"), DdlStatement.parse("ALTER TABLE t ADD COLUMN c INT"))
                .get(0)
                .error());
    }

    /** A Do rule ignores what it does not match, each rule on its own, events and SQL patterns both. */
    @Test
    void doRulesEachMustMatch() {
        TableId t = new TableId("db", "t");
        EventFilter two = new EventFilter(List.of(
                rule("db", null, List.of("insert"), List.of(), Action.DO),
                rule("db", "t", List.of("insert", "update"), List.of(), Action.DO)));
        assertFalse(two.ignores(t, "insert", null));
        assertTrue(two.ignores(t, "update", null));
        EventFilter withSql =
                new EventFilter(List.of(rule("db", null, List.of("all ddl"), List.of("^create\\s"), Action.DO)));
        assertFalse(withSql.ignores(t, "create table", "CREATE TABLE t (id int)"));
        assertTrue(withSql.ignores(t, "alter table", "ALTER TABLE t ADD c int"));
        assertTrue(withSql.ignores(t, "insert", null));
    }

    @Test
    void eventsDmNeverGivesAMySqlEventNeverMatch() {
        EventFilterRule r =
                rule("db", null, List.of("add column", "add primary key", "drop column"), List.of(), Action.IGNORE);
        assertEquals(List.of("add column", "add primary key"), r.neverMatchingEvents());
        EventFilter f = new EventFilter(List.of(r));
        DdlStatement stmt = DdlStatement.parse("ALTER TABLE t ADD COLUMN c INT, ADD PRIMARY KEY (id), DROP COLUMN d");
        assertEquals(
                List.of(false, false, true),
                f.decideClauses(new TableId("db", "t"), stmt).stream()
                        .map(EventFilter.Verdict::ignored)
                        .toList());
        assertEquals(
                "create database",
                new EventFilterRule("a", "*", null, List.of("CREATE SCHEMA"), List.of(), Action.IGNORE)
                        .events()
                        .get(0));
    }

    @Test
    void patternsDmFilterDoesNotReadAreRefused() {
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> rule("~^db", null, List.of("all"), List.of(), Action.IGNORE))
                .getMessage()
                .contains("does not read ~"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> rule("db", "a*b", List.of("all"), List.of(), Action.IGNORE))
                .getMessage()
                .contains("only at the end"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> rule("db", null, List.of(), List.of("a(?=b)"), Action.IGNORE))
                .getMessage()
                .contains("lookaround"));
    }

    @Test
    void wildcardRangesAndCaseSensitivity() {
        EventFilter f = new EventFilter(List.of(rule("shop_[0-9]", "T?", List.of("delete"), List.of(), Action.IGNORE)));
        assertTrue(f.ignores(new TableId("SHOP_1", "t1"), "delete", null));
        assertFalse(f.ignores(new TableId("shop_a", "t1"), "delete", null));
        EventFilter sensitive =
                new EventFilter(List.of(rule("shop_[0-9]", "T?", List.of("delete"), List.of(), Action.IGNORE)), true);
        assertFalse(sensitive.ignores(new TableId("shop_1", "t1"), "delete", null));
        assertTrue(sensitive.ignores(new TableId("shop_1", "T1"), "delete", null));
    }

    @Test
    void survivesJavaSerialization() {
        EventFilter f = SerializationSupport.roundTrip(new EventFilter(
                List.of(rule("db", null, List.of("drop column"), List.of("ADD\\s+KEY"), Action.ERROR))));
        assertTrue(f.decide(new TableId("db", "t"), "alter table", "alter table t add key k (a)")
                .error());
    }
}
