package io.oscsync.udfs.sql;

import io.oscsync.udfs.osc.TableClassifier;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** The SQL wrappers run for real: a local batch TableEnvironment, functions registered by class name. */
class TableFunctionsSqlTest {
    private static TableEnvironment tEnv;

    @BeforeAll
    static void createEnvironment() {
        tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set("parallelism.default", "1");
        tEnv.executeSql("CREATE TEMPORARY FUNCTION osc_table_role AS 'io.oscsync.udfs.sql.TableRoleFunction'");
        tEnv.executeSql("CREATE TEMPORARY FUNCTION osc_origin_table AS 'io.oscsync.udfs.sql.OriginTableFunction'");
        tEnv.executeSql("CREATE TEMPORARY VIEW names AS SELECT * FROM (VALUES"
                + " (1, CAST('t1' AS STRING)),"
                + " (2, '_t1_gho'),"
                + " (3, '__t1_new'),"
                + " (4, '_t1_20260102150405_del'),"
                + " (5, '_t1_ghc'),"
                + " (6, 'orders'),"
                + " (7, CAST(NULL AS STRING))"
                + ") AS v(id, table_name)");
        tEnv.executeSql("CREATE TEMPORARY VIEW fb_names AS SELECT * FROM (VALUES"
                + " (1, CAST('t1' AS STRING)),"
                + " (2, '__osc_new_t1'),"
                + " (3, '__osc_old_t1'),"
                + " (4, '__osc_chg_t1'),"
                + " (5, '_t1_gho')"
                + ") AS v(id, table_name)");
    }

    @Test
    void defaultPresetClassifiesGhOstAndPtOscNames() {
        List<Row> rows = collect("SELECT table_name, osc_table_role(table_name), osc_origin_table(table_name)"
                + " FROM names ORDER BY id");
        assertEquals(
                List.of(
                        Row.of("t1", "REAL", "t1"),
                        Row.of("_t1_gho", "GHOST", "t1"),
                        Row.of("__t1_new", "GHOST", "t1"),
                        Row.of("_t1_20260102150405_del", "TRASH", "t1"),
                        Row.of("_t1_ghc", "TRASH", "t1"),
                        Row.of("orders", "REAL", "orders"),
                        Row.of(null, null, null)),
                rows);
    }

    @Test
    void presetArgumentSelectsOtherRules() {
        List<Row> rows = collect("SELECT table_name,"
                + " osc_table_role(table_name, 'fb-osc'), osc_origin_table(table_name, 'fb-osc'),"
                + " osc_table_role(table_name, 'gh-ost+pt-osc')"
                + " FROM fb_names ORDER BY id");
        assertEquals(
                List.of(
                        Row.of("t1", "REAL", "t1", "REAL"),
                        Row.of("__osc_new_t1", "GHOST", "t1", "REAL"),
                        Row.of("__osc_old_t1", "TRASH", "t1", "REAL"),
                        Row.of("__osc_chg_t1", "TRASH", "t1", "REAL"),
                        Row.of("_t1_gho", "REAL", "_t1_gho", "GHOST")),
                rows);
    }

    @Test
    void unknownPresetFailsWithTheClassifiersMessage() {
        String expected = assertThrows(IllegalArgumentException.class, () -> TableClassifier.preset("no-such-tool"))
                .getMessage();
        for (String function : List.of("osc_table_role", "osc_origin_table")) {
            Throwable thrown = assertThrows(
                    Throwable.class, () -> collect("SELECT " + function + "(table_name, 'no-such-tool') FROM names"));
            assertEquals(expected, illegalArgumentIn(thrown).getMessage());
        }
    }

    private static List<Row> collect(String query) {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** Flink wraps a function's exception (planner or job failure); find the classifier's own. */
    private static IllegalArgumentException illegalArgumentIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException e
                    && e.getMessage() != null
                    && e.getMessage().startsWith("unknown online-DDL preset")) {
                return e;
            }
        }
        fail("no unknown-preset IllegalArgumentException in the cause chain", thrown);
        return null;
    }
}
