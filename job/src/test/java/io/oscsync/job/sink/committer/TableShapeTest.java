package io.oscsync.job.sink.committer;

import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TableShapeTest {
    private static final String HAVE = """
            CREATE TABLE `t` (
              `id` int(11) NOT NULL AUTO_INCREMENT,
              `a` int(11) DEFAULT NULL,
              `b` varchar(40) DEFAULT NULL,
              `gone` int(11) DEFAULT NULL,
              PRIMARY KEY (`id`),
              KEY `old_b` (`b`),
              KEY `same` (`a`),
              CONSTRAINT `fk_1` FOREIGN KEY (`a`) REFERENCES `p` (`id`)
            ) ENGINE=InnoDB AUTO_INCREMENT=9 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci""";

    private static final String WANT = """
            CREATE TABLE `_osc_sync_match_1` (
              `id` int(11) NOT NULL AUTO_INCREMENT,
              `c` int(11) NOT NULL DEFAULT 5,
              `b` varchar(100) NOT NULL DEFAULT '',
              `a` int(11) DEFAULT NULL,
              PRIMARY KEY (`id`),
              KEY `same` (`a`),
              KEY `by_a` (`a`,`b`)
            ) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci COMMENT='it''s new'""";

    @Test
    void readsColumnsKeysAndOptionsAsTheServerPrintsThem() {
        TableShape s = TableShape.parse(WANT, Map.of());
        assertThat(s.columns().keySet()).containsExactly("id", "c", "b", "a");
        assertThat(s.primaryKey()).isEqualTo("PRIMARY KEY (`id`)");
        assertThat(s.keys()).containsOnlyKeys("same", "by_a");
        assertThat(s.options()).isEqualTo(new TableShape.Options("latin1", "latin1_swedish_ci", "it''s new"));
        assertThat(TableShape.parse(HAVE, Map.of()).keys())
                .as("foreign keys are left out")
                .containsOnlyKeys("old_b", "same");
    }

    @Test
    void theClausesDropAddChangeAndMoveIntoTheWantedOrder() {
        TableShape have = TableShape.parse(HAVE, Map.of());
        TableShape want = TableShape.parse(WANT, Map.of());
        assertThat(have.clausesTo(want, true))
                .containsExactly(
                        "DROP INDEX `old_b`",
                        "DROP COLUMN `gone`",
                        "ADD COLUMN `c` int(11) NOT NULL DEFAULT 5 AFTER `id`",
                        "MODIFY COLUMN `b` varchar(100) NOT NULL DEFAULT '' AFTER `c`",
                        "ADD KEY `by_a` (`a`,`b`)");
        assertThat(have.optionsTo(want))
                .isEqualTo("DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci COMMENT='it''s new'");
        assertThat(want.clausesTo(want, true)).isEmpty();
        assertThat(want.optionsTo(want)).isNull();
    }

    @Test
    void withColumnsOnlyKnownSecondaryKeysStayAndColumnsCompareByTypeAndNullability() {
        TableShape have =
                TableShape.parse(HAVE, Map.of("id", "int(11) NO", "a", "int(11) YES", "b", "varchar(40) YES"));
        TableShape want = TableShape.parse("""
                CREATE TABLE `x` (
                  `id` int(11) NOT NULL,
                  `a` int(11) DEFAULT NULL,
                  `b` varchar(40) DEFAULT NULL COMMENT 'lost by the binlog definition',
                  PRIMARY KEY (`id`)
                ) ENGINE=InnoDB""", Map.of("id", "int(11) NO", "a", "int(11) YES", "b", "varchar(40) YES"));
        assertThat(have.clausesTo(want, false)).containsExactly("DROP COLUMN `gone`");
    }

    @Test
    void columnDifferencesNameOrderNullabilityAndPrimaryKey() {
        TableShape have = TableShape.parse(HAVE, Map.of("id", "int NOT NULL", "a", "int NULL", "b", "varchar NULL"));
        TableShape want = TableShape.parse(
                WANT, Map.of("id", "int NOT NULL", "c", "int NOT NULL", "a", "int NULL", "b", "varchar NOT NULL"));
        assertThat(have.columnDifferences(want))
                .containsExactly(
                        "columns [id, a, b, gone] where the upstream has [id, c, b, a]",
                        "column b is NULL where the upstream's is not");
        assertThat(have.columnDifferences(have)).isEmpty();
        TableShape otherKey = TableShape.parse(HAVE.replace("PRIMARY KEY (`id`)", "PRIMARY KEY (`id`,`a`)"), Map.of());
        assertThat(have.columnDifferences(otherKey))
                .containsExactly("primary key (`id`) where the upstream has (`id`,`a`)");
    }

    @Test
    void theBinlogsDefinitionIsComparedWithoutATable() {
        TableShape want = TableShape.ofCreate(DdlStatement.parse("CREATE TABLE `s`.`t` (`id` INT NOT NULL, "
                + "`b` VARCHAR(40) NULL DEFAULT 'NOT NULL', `a` INT NULL, PRIMARY KEY (`id`))"));
        TableShape have = TableShape.parse(HAVE, Map.of("id", "int NOT NULL", "a", "int NULL", "b", "varchar NULL"));
        assertThat(have.columnDifferences(want))
                .containsExactly("columns [id, a, b, gone] where the upstream has [id, b, a]");
        assertThat(TableShape.ofCreate(DdlStatement.parse(
                                "CREATE TABLE `s`.`t` (`id` INT NOT NULL, `a` INT NULL, `b` VARCHAR(40) NULL, "
                                        + "`gone` INT NULL, PRIMARY KEY (`id`))"))
                        .columnDifferences(have))
                .isEmpty();
    }

    /** Differential seed 20261135: a gh-ost cut-over of such a table stopped the job. */
    @Test
    void aUniqueKeyStandsForThePrimaryKeyTheBinlogsDefinitionGivesAKeylessTable() {
        TableShape want = TableShape.ofCreate(
                DdlStatement.parse("CREATE TABLE `s`.`t` (`u` DATE NOT NULL, `a` INT NULL, PRIMARY KEY (`u`))"));
        String create = "CREATE TABLE `t` (\n  `u` date NOT NULL,\n  `a` int(11) DEFAULT NULL,\n"
                + "  UNIQUE KEY `uk_u` (`u`)\n) ENGINE=InnoDB";
        assertThat(TableShape.parse(create, Map.of()).columnDifferences(want)).isEmpty();
        assertThat(TableShape.parse(create.replace("UNIQUE KEY", "KEY"), Map.of())
                        .columnDifferences(want))
                .containsExactly("primary key null where the upstream has (`u`)");
    }

    @Test
    void theScratchCreateHasTheScratchNameAndNoNamedConstraints() {
        TableId target = new TableId("s", "t");
        DdlStatement create = DdlStatement.parse("CREATE TABLE `s`.`t` (id INT PRIMARY KEY, p INT, "
                + "CONSTRAINT fk FOREIGN KEY (p) REFERENCES `s`.`parent` (id), CONSTRAINT ck CHECK (p > 0), "
                + "KEY kp (p)) COMMENT 'x'");
        assertThat(TableShape.scratchCreate(create, target, new TableId("s", "_scratch"))
                        .sql())
                .isEqualTo("CREATE TABLE `s`.`_scratch` (id INT PRIMARY KEY, p INT, KEY kp (p)) COMMENT 'x'");
    }
}
