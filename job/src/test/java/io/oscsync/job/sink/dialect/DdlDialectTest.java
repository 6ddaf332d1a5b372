package io.oscsync.job.sink.dialect;

import io.oscsync.job.config.TaskConfig.Dialect;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DdlDialectTest {
    private static final TableId T = new TableId("dst", "t1");
    private static final DdlDialect TIDB_61 = DdlDialect.of(Dialect.TIDB, "5.7.25-TiDB-v6.1.0");
    private static final DdlDialect TIDB_75 = DdlDialect.of(Dialect.TIDB, "8.0.11-TiDB-v7.5.1");
    private static final DdlDialect MARIADB_AS_TIDB = DdlDialect.of(Dialect.TIDB, "10.11.6-MariaDB-0+deb12u1");
    private static final String MULTI = "ALTER TABLE `dst`.`t1` ADD COLUMN c INT, ADD INDEX ix (a, b)";

    private static void assertRefused(String ddl, String what) {
        for (DdlDialect tidb : List.of(TIDB_61, TIDB_75, MARIADB_AS_TIDB)) {
            assertThatThrownBy(() -> tidb.prepare(T, DdlStatement.parse(ddl)).stream()
                            .map(DdlStatement::sql)
                            .toList())
                    .as(ddl)
                    .isInstanceOf(RefusedDdlException.class)
                    .hasMessageContaining("TiDB does not support " + what);
        }
    }

    private static void assertRuns(String ddl) {
        assertThat(TIDB_75.prepare(T, DdlStatement.parse(ddl)).stream()
                        .map(DdlStatement::sql)
                        .toList())
                .as(ddl)
                .containsExactly(ddl);
    }

    @Test
    void versionIsReadFromTheTiDbPartOfVersion() {
        assertThat(TIDB_61.describe()).isEqualTo("TiDB v6.1.0");
        assertThat(TIDB_75.describe()).isEqualTo("TiDB v7.5.1");
        assertThat(DdlDialect.of(Dialect.TIDB, "5.7.25-TiDB-v5.4.0-alpha-123").describe())
                .isEqualTo("TiDB v5.4.0-alpha-123");
        assertThat(MARIADB_AS_TIDB.describe()).isEqualTo("TiDB (version unknown: 10.11.6-MariaDB-0+deb12u1)");
        assertThat(DdlDialect.of(Dialect.TIDB, "8.0.11-TiDB-None").describe())
                .isEqualTo("TiDB (version unknown: 8.0.11-TiDB-None)");
        assertThat(DdlDialect.of(Dialect.MYSQL, "8.0.36").describe()).isEqualTo("MySQL 8.0.36");
    }

    @Test
    void mysqlRunsEveryStatementAsItIs() {
        DdlDialect mysql = DdlDialect.of(Dialect.MYSQL, "8.0.36");
        assertThat(mysql.prepare(T, DdlStatement.parse(MULTI)).stream()
                        .map(DdlStatement::sql)
                        .toList())
                .containsExactly(MULTI);
        String fulltext = "ALTER TABLE `dst`.`t1` ADD FULLTEXT KEY ft (body), ADD COLUMN p POINT";
        assertThat(mysql.prepare(T, DdlStatement.parse(fulltext)).stream()
                        .map(DdlStatement::sql)
                        .toList())
                .containsExactly(fulltext);
    }

    @Test
    void algorithmAndLockAreDroppedForEveryDownstream() {
        DdlDialect mysql = DdlDialect.of(Dialect.MYSQL, "8.0.36");
        // gh-ost --attempt-instant-ddl on the real table, as it reaches the sink
        String instant =
                "ALTER /* gh-ost */ TABLE `dst`.`t1` ADD COLUMN c INT, MODIFY b VARCHAR(80), ALGORITHM=INSTANT";
        for (DdlDialect d : List.of(mysql, TIDB_75, MARIADB_AS_TIDB)) {
            assertThat(d.prepare(T, DdlStatement.parse(instant)).stream()
                            .map(DdlStatement::sql)
                            .toList())
                    .as(d.describe())
                    .containsExactly("ALTER /* gh-ost */ TABLE `dst`.`t1` ADD COLUMN c INT, MODIFY b VARCHAR(80)");
            assertThat(d.prepare(T, DdlStatement.parse("ALTER TABLE `dst`.`t1` ALGORITHM=INPLACE, LOCK=NONE")))
                    .as("nothing but how to run it: nothing to run")
                    .isEmpty();
        }
        assertThat(
                        TIDB_61
                                .prepare(
                                        T,
                                        DdlStatement.parse("ALTER TABLE `dst`.`t1` LOCK = SHARED, ADD c INT, DROP d"))
                                .stream()
                                .map(DdlStatement::sql)
                                .toList())
                .containsExactly("ALTER TABLE `dst`.`t1` ADD c INT", "ALTER TABLE `dst`.`t1` DROP d");
    }

    @Test
    void aShadowsRecordedAlgorithmIsDroppedAfterTheCutOverRewrite() {
        // Spirit's ALTER on its shadow, rewritten at the cut-over to the real table's target
        DdlStatement recorded = DdlStatement.parse("ALTER TABLE `_t1_new` ADD INDEX ix (a), ALGORITHM=COPY");
        DdlStatement atCutOver = recorded.rewritten("src", t -> T);
        assertThat(MARIADB_AS_TIDB.prepare(T, atCutOver).stream()
                        .map(DdlStatement::sql)
                        .toList())
                .containsExactly("ALTER TABLE `dst`.`t1` ADD INDEX ix (a)");
    }

    @Test
    void tidbBeforeV62GetsOneStatementPerClause() {
        String ddl = "ALTER TABLE `dst`.`t1` ADD COLUMN e ENUM('a,b', 'c') DEFAULT 'a,b', MODIFY p DECIMAL(10,2),"
                + " ADD INDEX ix (a, b), CHANGE `x,y` z INT /* a, b */, ENGINE=InnoDB";
        List<String> expected = List.of(
                "ALTER TABLE `dst`.`t1` ADD COLUMN e ENUM('a,b', 'c') DEFAULT 'a,b'",
                "ALTER TABLE `dst`.`t1` MODIFY p DECIMAL(10,2)",
                "ALTER TABLE `dst`.`t1` ADD INDEX ix (a, b)",
                "ALTER TABLE `dst`.`t1` CHANGE `x,y` z INT",
                "ALTER TABLE `dst`.`t1` ENGINE=InnoDB");
        assertThat(TIDB_61.prepare(T, DdlStatement.parse(ddl)).stream()
                        .map(DdlStatement::sql)
                        .toList())
                .isEqualTo(expected);
        assertThat(
                        DdlDialect.of(Dialect.TIDB, "5.7.25-TiDB-v5.4.0-alpha-123")
                                .prepare(T, DdlStatement.parse(ddl))
                                .stream()
                                .map(DdlStatement::sql)
                                .toList())
                .isEqualTo(expected);
    }

    @Test
    void anUnreadableTiDbVersionIsSplitAsIfOld() {
        assertThat(DdlDialect.of(Dialect.TIDB, "8.0.11-TiDB-None").prepare(T, DdlStatement.parse(MULTI)).stream()
                        .map(DdlStatement::sql)
                        .toList())
                .hasSize(2);
    }

    @Test
    void tidbFromV62AndAStandInKeepTheStatementWhole() {
        for (String version : List.of(
                "5.7.25-TiDB-v6.2.0", "8.0.11-TiDB-v7.5.1", "8.0.11-TiDB-v8.5.0", "10.11.6-MariaDB-0+deb12u1")) {
            assertThat(DdlDialect.of(Dialect.TIDB, version).prepare(T, DdlStatement.parse(MULTI)).stream()
                            .map(DdlStatement::sql)
                            .toList())
                    .as(version)
                    .containsExactly(MULTI);
        }
    }

    @Test
    void otherStatementsAreNeverSplit() {
        String create = "CREATE TABLE `dst`.`t1` (a INT, b DECIMAL(10,2), KEY (a, b))";
        assertThat(TIDB_61.prepare(T, DdlStatement.parse(create)).stream()
                        .map(DdlStatement::sql)
                        .toList())
                .containsExactly(create);
        String single = "ALTER TABLE `dst`.`t1` ADD INDEX ix (a, b)";
        assertThat(TIDB_61.prepare(T, DdlStatement.parse(single)).stream()
                        .map(DdlStatement::sql)
                        .toList())
                .containsExactly(single);
    }

    @Test
    void fulltextIndexesAreRefusedWhereverDeclared() {
        assertRefused(
                "CREATE TABLE `dst`.`t1` (id INT PRIMARY KEY, body TEXT, FULLTEXT KEY ft (body))", "FULLTEXT indexes");
        assertRefused("ALTER TABLE `dst`.`t1` ADD FULLTEXT INDEX ft (body)", "FULLTEXT indexes");
        assertRefused("CREATE FULLTEXT INDEX ft ON `dst`.`t1` (body)", "FULLTEXT indexes");
    }

    @Test
    void spatialIndexesAndColumnTypesAreRefused() {
        assertRefused("CREATE SPATIAL INDEX sp ON `dst`.`t1` (g)", "SPATIAL indexes");
        assertRefused("ALTER TABLE `dst`.`t1` ADD SPATIAL KEY sp (g)", "SPATIAL indexes");
        String types = "spatial column types";
        assertRefused("CREATE TABLE `dst`.`t1` (id INT, g GEOMETRY NOT NULL SRID 4326)", types);
        assertRefused("ALTER TABLE `dst`.`t1` ADD COLUMN p POINT", types);
        assertRefused("ALTER TABLE `dst`.`t1` ADD (a INT, area MULTIPOLYGON)", types);
        assertRefused("ALTER TABLE `dst`.`t1` MODIFY COLUMN l LINESTRING", types);
        assertRefused("ALTER TABLE `dst`.`t1` CHANGE a shape POLYGON NULL", types);
        assertRefused("ALTER TABLE `dst`.`t1` ADD c INT, ADD gc GEOMETRYCOLLECTION", types);
    }

    @Test
    void storedProgramsAreRefused() {
        String what = "triggers, events, stored procedures or functions";
        assertRefused(
                "CREATE DEFINER=`root`@`%` TRIGGER trg BEFORE INSERT ON `dst`.`t1` FOR EACH ROW SET NEW.a = 1", what);
        assertRefused("DROP TRIGGER IF EXISTS trg", what);
        assertRefused("CREATE EVENT ev ON SCHEDULE EVERY 1 DAY DO DELETE FROM t1", what);
        assertRefused("ALTER EVENT ev DISABLE", what);
        assertRefused("CREATE PROCEDURE p() BEGIN SELECT 1; END", what);
        assertRefused("CREATE FUNCTION f() RETURNS INT DETERMINISTIC RETURN 1", what);
    }

    @Test
    void characterSetsNoTiDbHasAreRefused() {
        assertRefused("CREATE TABLE `dst`.`t1` (a INT) DEFAULT CHARSET=latin2", "the character set latin2");
        assertRefused("ALTER TABLE `dst`.`t1` MODIFY a VARCHAR(10) CHARACTER SET 'utf16'", "the character set utf16");
        assertRefused("ALTER TABLE `dst`.`t1` CONVERT TO CHARACTER SET ucs2", "the character set ucs2");
    }

    @Test
    void columnAttributesTiDbCannotAddAreRefused() {
        String keys = "adding a column with AUTO_INCREMENT, PRIMARY KEY or UNIQUE";
        assertRefused("ALTER TABLE `dst`.`t1` ADD COLUMN id BIGINT NOT NULL AUTO_INCREMENT", keys);
        assertRefused("ALTER TABLE `dst`.`t1` ADD code INT UNIQUE", keys);
        assertRefused("ALTER TABLE `dst`.`t1` ADD id INT PRIMARY KEY", keys);
        assertRefused("ALTER TABLE `dst`.`t1` ADD s INT AS (a + 1) STORED", "adding a STORED generated column");
    }

    @Test
    void partitionMaintenanceAndOptimizeAreRefused() {
        assertRefused("ALTER TABLE `dst`.`t1` REBUILD PARTITION p0, p1", "REBUILD PARTITION");
        assertRefused("ALTER TABLE `dst`.`t1` CHECK PARTITION ALL", "CHECK PARTITION");
        assertRefused("OPTIMIZE TABLE `dst`.`t1`", "OPTIMIZE TABLE");
    }

    @Test
    void whatTiDbParsesAndIgnoresOrSupportsRuns() {
        assertRuns("CREATE TABLE `dst`.`t1` (id BIGINT AUTO_INCREMENT PRIMARY KEY, point INT, `fulltext` TEXT"
                + " COMMENT 'no fulltext, no spatial', KEY ix (point) USING BTREE) ENGINE=MyISAM ROW_FORMAT=COMPRESSED"
                + " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci");
        assertRuns("ALTER TABLE `dst`.`t1` ADD COLUMN point INT AFTER id");
        assertRuns("ALTER TABLE `dst`.`t1` CHANGE p point INT");
        assertRuns("ALTER TABLE `dst`.`t1` MODIFY id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT");
        assertRuns("ALTER TABLE `dst`.`t1` ADD v INT AS (a + 1) VIRTUAL");
        assertRuns("ALTER TABLE `dst`.`t1` ADD UNIQUE KEY uk (a), ADD PRIMARY KEY (id)");
        assertRuns("ALTER TABLE `dst`.`t1` CONVERT TO CHARACTER SET utf8 COLLATE utf8_bin");
        assertRuns("ALTER TABLE `dst`.`t1` ADD charset VARCHAR(20) CHARACTER SET latin1, ADD character SET('a', 'b')");
        assertRuns("CREATE TABLE `dst`.`t1` (a INT, b INT) PARTITION BY RANGE (a) SUBPARTITION BY HASH (b)"
                + " SUBPARTITIONS 2 (PARTITION p0 VALUES LESS THAN (10))");
        assertRuns("CREATE VIEW v AS SELECT 1");
    }

    @Test
    void theRefusalNamesTableStatementAndWhatToDo() {
        String ddl = "ALTER TABLE `dst`.`t1` ADD FULLTEXT INDEX ft (body), COMMENT '" + "x".repeat(400) + "'";
        assertThatThrownBy(() -> TIDB_61.prepare(T, DdlStatement.parse(ddl)).stream()
                        .map(DdlStatement::sql)
                        .toList())
                .isInstanceOf(RefusedDdlException.class)
                .hasMessageStartingWith(
                        "TiDB v6.1.0 cannot run this DDL on table dst.t1: TiDB does not support FULLTEXT indexes.")
                .hasMessageContaining("Statement: \"" + ddl.substring(0, 300) + "...\"")
                .hasMessageNotContaining("x".repeat(300))
                .hasMessageContaining(
                        "Change the statement upstream, or skip it with a `filters` rule in the task file")
                .hasMessageContaining("(a sql-pattern matching it, action: Ignore")
                .hasMessageContaining("then resume the job from its latest checkpoint");
    }
}
