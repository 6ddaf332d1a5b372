package io.oscsync.job.verify;

import io.oscsync.udfs.TableId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TableLayoutTest {
    private static TableLayout.Column col(String name, String type, boolean nullable, String dflt) {
        return new TableLayout.Column(name, type, type.replaceAll("\\(.*", ""), nullable, dflt);
    }

    private static TableLayout layout(TableLayout.Column... columns) {
        return new TableLayout(new TableId("d", "t"), List.of(columns), List.of("id"));
    }

    @Test
    void equalLayoutsHaveNoDifferenceDespiteDisplayWidthsAndDefaultQuoting() {
        TableLayout up = layout(col("id", "int(11)", false, null), col("b", "varchar(5)", true, "'x'"));
        TableLayout down = layout(col("id", "int", false, null), col("b", "varchar(5)", true, "x"));
        assertThat(down.differencesFrom(up, "up1:d.t")).isEmpty();
    }

    @Test
    void eachKindOfDifferenceIsNamed() {
        TableLayout up = layout(
                col("id", "int(11)", false, null),
                col("a", "int(11)", true, "NULL"),
                col("b", "varchar(5)", true, null),
                col("only_up", "int(11)", true, null));
        TableLayout down = layout(
                col("id", "bigint(20)", false, null),
                col("b", "varchar(5)", false, null),
                col("a", "int(11)", true, "3"),
                col("only_down", "int(11)", true, null));
        assertThat(down.differencesFrom(up, "up1:d.t"))
                .containsExactlyInAnyOrder(
                        "column only_up is on up1:d.t only",
                        "column only_down is downstream only (not on up1:d.t)",
                        "column id differs (up1:d.t vs downstream): type int(11) vs bigint(20)",
                        "column b differs (up1:d.t vs downstream): NULL vs NOT NULL",
                        "column a differs (up1:d.t vs downstream): default NULL vs 3",
                        "the columns are in another order on up1:d.t: [id, a, b]");
    }
}
