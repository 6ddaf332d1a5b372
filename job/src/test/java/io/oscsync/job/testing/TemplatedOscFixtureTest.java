package io.oscsync.job.testing;

import io.oscsync.udfs.ddl.DdlStatement;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplatedOscFixtureTest {
    @Test
    void stepsSplitAtLineEndSemicolonsAndFillPlaceholders() {
        Map<String, List<String>> steps = TemplatedOscFixture.parse(
                "-- c\n-- @step a\nCREATE TABLE `${t}` (\n  id int);\n-- @step b\nRENAME TABLE `${t}` TO `x`;;\n");
        assertThat(steps.get("a")).containsExactly("CREATE TABLE `${t}` (\n  id int)");
        assertThat(steps.get("b")).containsExactly("RENAME TABLE `${t}` TO `x`;"); // FB OSC sends its ';'
    }

    @Test
    void aPlaceholderWithoutAValueFails() {
        assertThatThrownBy(() -> TemplatedOscFixture.load("vitess").step("shadow", Map.of("t", "t")))
                .hasMessageContaining("${shadow}");
    }

    /** Every DDL of the FB OSC and Vitess fixtures, filled in, is read by osc-sync. */
    @Test
    void everyDdlIsReadByOscSync() {
        Map<String, String> values = new HashMap<>();
        for (String k : List.of(
                "t",
                "new",
                "chg",
                "old",
                "ins",
                "upd",
                "del",
                "outfile",
                "ids",
                "shadow",
                "sentry",
                "gc_hold",
                "gc_purge",
                "gc_evac",
                "gc_drop",
                "auto_increment",
                "from",
                "to")) {
            values.put(
                    k, k.equals("ids") || k.equals("from") || k.equals("to") || k.equals("auto_increment") ? "1" : k);
        }
        for (String tool : List.of("fb-osc", "vitess")) {
            TemplatedOscFixture f = TemplatedOscFixture.load(tool);
            for (String step : f.steps()) {
                for (String sql : f.step(step, values)) {
                    String verb = sql.strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
                    // A ROW binlog holds CREATE ... SELECT as the CREATE TABLE it made (seen in FbOscReplayIT).
                    if (sql.contains(" AS (SELECT ")) continue;
                    if (List.of("create", "alter", "drop", "rename", "analyze").contains(verb)) {
                        assertThat(DdlStatement.parse(sql).kind()).as(sql).isNotNull();
                    }
                }
            }
        }
    }
}
