package io.oscsync.job.testing;

import io.oscsync.udfs.ddl.DdlStatement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class OscToolFixtureTest {
    private static final List<String> FIXTURES = List.of(
            "gh-ost-checkpoint",
            "gh-ost-revert",
            "gh-ost-instant",
            "gh-ost-force-table-names",
            "gh-ost-long-names",
            "gh-ost-analyze");

    @Test
    void everyDdlOfTheFixturesIsReadByOscSync() {
        for (String name : FIXTURES) {
            String text = readAll(name);
            OscToolFixture f = OscToolFixture.parse(name, text);
            for (String step : steps(text)) {
                for (String sql : f.step(step, "db")) {
                    assertThat(sql).as(name).doesNotContain("`osc`.");
                    String verb = sql.split("\\s+")[0].toLowerCase(Locale.ROOT);
                    if (List.of("create", "alter", "drop", "rename", "analyze").contains(verb)) {
                        assertThat(DdlStatement.parse(sql).kind()).as(sql).isNotNull();
                    }
                }
            }
        }
    }

    @Test
    void stepsSplitAtSemicolonsAtTheEndOfALine() {
        OscToolFixture f = OscToolFixture.parse(
                "x", "-- c\n-- @step a\ncreate table `osc`.`t`\n (id int);\n-- @step b\ndrop table `osc`.`t`;\n");
        assertThat(f.step("a", "d")).containsExactly("create table `d`.`t` (id int)");
        assertThat(f.step("b", "d")).containsExactly("drop table `d`.`t`");
    }

    private static String readAll(String name) {
        try (var in = OscToolFixtureTest.class.getResourceAsStream("/osc-tools/" + name + ".sql")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> steps(String text) {
        return text.lines()
                .filter(l -> l.startsWith("-- @step "))
                .map(l -> l.substring("-- @step ".length()).strip())
                .toList();
    }
}
