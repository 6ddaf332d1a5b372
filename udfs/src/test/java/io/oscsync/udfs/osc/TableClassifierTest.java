package io.oscsync.udfs.osc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableClassifierTest {
    private final TableClassifier defaults = TableClassifier.defaults();

    @ParameterizedTest(name = "{0} is {1} of {2}")
    @CsvSource({
        "t1, REAL, t1",
        "orders, REAL, orders",
        "_t1_gho, GHOST, t1",
        "_t1_new, GHOST, t1",
        "__t1_new, GHOST, t1",
        "___t1_new, GHOST, t1",
        "_t1_ghc, TRASH, t1",
        "_t1_del, TRASH, t1",
        "_t1_old, TRASH, t1",
        "_t1_20260102150405_del, TRASH, t1",
        "_t1_ghk, TRASH, t1",
        "_t1_rev_del, TRASH, t1",
        // pt-osc's old table (swap_tables, unchanged 3.2.1 .. 3.5.7 and PR #783): one more '_' per
        // name taken, up to 9, then [A-Z0-9]{6}_ groups put in front of the 9 underscores.
        "__t1_old, TRASH, t1",
        "_________t1_old, TRASH, t1",
        "K3Z9QA__________t1_old, TRASH, t1",
        "0A1B2C_K3Z9QA__________t1_old, TRASH, t1",
        "K3Z9QA__________order_items_old, TRASH, order_items",
        "k3z9qa__________t1_old, TRASH, t1",
        "K3Z9QA_t1_old, REAL, K3Z9QA_t1_old",
        "K3Z9QA__t1_old, REAL, K3Z9QA__t1_old",
        "pt_osc_history, REAL, pt_osc_history",
        "_order_items_gho, GHOST, order_items",
        "_order_items_20260102150405_del, TRASH, order_items",
        "t_new, REAL, t_new",
        "_new, REAL, _new",
        "gho, REAL, gho",
    })
    void defaultRulesFollowGhOstAndPtOscNames(String table, TableRole role, String origin) {
        assertEquals(new Classification(role, origin), defaults.classify(table));
    }

    @ParameterizedTest(name = "{0}.{1} is {2}")
    @CsvSource({
        "percona, pt_osc_history, TRASH, pt_osc_history",
        "app, pt_osc_history, REAL, pt_osc_history",
        "percona, checksums, REAL, checksums",
        "app, _t_new, GHOST, t",
    })
    void ptOscHistoryTableIsAToolTableInItsOwnSchema(String schema, String table, TableRole role, String origin) {
        assertEquals(new Classification(role, origin), defaults.classify(schema, table));
    }

    @ParameterizedTest
    @CsvSource({
        "fb-osc, __osc_new_t, GHOST, t",
        "fb-osc, __osc_old_t, TRASH, t",
        "fb-osc, __osc_chg_t, TRASH, t",
        "fb-osc, __osc_new_order_items, GHOST, order_items",
        "fb-osc, __osc_chg_order_items, TRASH, order_items",
        "fb-osc, n!a_table_name_of_fifty_five_characters_xxxxxxxxxxxxxxxxx, GHOST,"
                + " a_table_name_of_fifty_five_characters_xxxxxxxxxxxxxxxxx",
        "fb-osc, c!a_table_name_of_fifty_five_characters_xxxxxxxxxxxxxxxxx, TRASH,"
                + " a_table_name_of_fifty_five_characters_xxxxxxxxxxxxxxxxx",
        "fb-osc, o!a_table_name_of_fifty_five_characters_xxxxxxxxxxxxxxxxx, TRASH,"
                + " a_table_name_of_fifty_five_characters_xxxxxxxxxxxxxxxxx",
        "fb-osc, __osc_exm_t, REAL, __osc_exm_t",
        "fb-osc, osc_new_t, REAL, osc_new_t",
        // LHM v4.5.1 lib/lhm/table_name.rb, timestamp.rb
        "lhm, lhmn_users, GHOST, users",
        "lhm, lhmn_order_items, GHOST, order_items",
        "lhm, lhma_2026_11_30_22_42_13_007_users, TRASH, users",
        "lhm, lhma_2026_11_30_22_42_13_007_order_items, TRASH, order_items",
        "lhm, lhma_2026_11_30_22_42_13_007_users_failed, TRASH, users",
        "lhm, lhma_2026_11_30_22_42_13_007_lhmn_x, TRASH, lhmn_x",
        "lhm, users, REAL, users",
        "lhm, lhma_1700000000_users, REAL, lhma_1700000000_users",
        "lhm, lhmt_ins_users, REAL, lhmt_ins_users",
        "lhm, _users_new, REAL, _users_new",
        // Spirit v0.16.0 pkg/utils/tablename.go, pkg/sentinel, pkg/migration/runner.go; v0.9.0 pkg/check/tablename.go
        "spirit, _t_new, GHOST, t",
        "spirit, _order_items_new, GHOST, order_items",
        "spirit, __t_new, GHOST, _t",
        "spirit, _t_old, TRASH, t",
        "spirit, _order_items_old, TRASH, order_items",
        "spirit, _t_old_20261130_224213, TRASH, t",
        "spirit, _order_items_old_20261130_224213, TRASH, order_items",
        "spirit, _t_chkpnt, TRASH, t",
        "spirit, _t_sentinel, TRASH, t",
        "spirit, _spirit_checkpoint, TRASH, spirit",
        "spirit, _spirit_sentinel, TRASH, spirit",
        "spirit, t, REAL, t",
        "spirit, t_new, REAL, t_new",
        "spirit, _t_gho, REAL, _t_gho",
        "spirit, _t_old_2026, REAL, _t_old_2026",
    })
    void presetsForOtherTools(String preset, String table, TableRole role, String origin) {
        assertEquals(
                new Classification(role, origin), TableClassifier.preset(preset).classify(table));
    }

    /** Names that hold no table (Vitess; FB OSC's placeholder for a name of 62+ characters). */
    @ParameterizedTest
    @CsvSource({
        // Vitess v20+ (go/vt/schema/name.go)
        "vitess, _vt_vrp_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_, GHOST",
        "vitess, _vt_hld_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_, TRASH",
        "vitess, _vt_prg_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_, TRASH",
        "vitess, _vt_evc_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_, TRASH",
        "vitess, _vt_drp_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_, TRASH",
        // before v20 (vitessio/vitess#14582, go/vt/schema/tablegc.go)
        "vitess, _84371a37_6153_11eb_9917_f875a4d24e90_20210128122816_vrepl, GHOST",
        "vitess, _vt_HOLD_6ace8bcef73211ea87e9f875a4d24e90_20200915120410, TRASH",
        "vitess, _vt_PURGE_6ace8bcef73211ea87e9f875a4d24e90_20200915120410, TRASH",
        "vitess, _vt_EVAC_6ace8bcef73211ea87e9f875a4d24e90_20200915120410, TRASH",
        "vitess, _vt_DROP_6ace8bcef73211ea87e9f875a4d24e90_20200915120410, TRASH",
        // FB OSC, table name of 62+ characters (core/lib/constant.py GENERIC_TABLE_NAME)
        "fb-osc, __osc_new_online_schema_change_temp_tbl, GHOST",
        "fb-osc, __osc_chg_online_schema_change_temp_tbl, TRASH",
        "fb-osc, __osc_old_online_schema_change_temp_tbl, TRASH",
    })
    void namelessToolTables(String preset, String table, TableRole role) {
        assertEquals(
                new Classification(role, table, false),
                TableClassifier.preset(preset).classify(table));
    }

    @ParameterizedTest
    @CsvSource({
        "vitess, orders",
        "vitess, _vt_vrp_orders",
        "vitess, _vt_hld_6ace8bcef73211ea87e9f875a4d24e90_20200915120410",
        "vitess, _vt_HOLD_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_",
        "fb-osc, __osc_exm_t",
        "fb-osc, osc_new_t",
    })
    void realTablesOfOtherTools(String preset, String table) {
        assertEquals(Classification.real(table), TableClassifier.preset(preset).classify(table));
    }

    @Test
    void customRulesReplaceTheDefaults() {
        TableClassifier c = TableClassifier.of(List.of("^shadow_(.+)$"), List.of("^trash_(.+)$"));
        assertEquals(new Classification(TableRole.GHOST, "t"), c.classify("shadow_t"));
        assertEquals(new Classification(TableRole.TRASH, "t"), c.classify("trash_t"));
        assertEquals(Classification.real("_t_gho"), c.classify("_t_gho"));
    }

    @Test
    void badRulesAreRefusedWithTheReason() {
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> TableClassifier.of(List.of("^_(.+)_(new)$"), List.of("^_(.+)_del$")))
                .getMessage()
                .contains("exactly one capture group"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> TableClassifier.of(List.of("_(.+)_new"), List.of("^_(.+)_del$")))
                .getMessage()
                .contains("anchored"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> TableClassifier.of(List.of("^_(.+)_new$"), List.of()))
                .getMessage()
                .contains("go together"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TableClassifier.preset("nope"))
                .getMessage()
                .contains("gh-ost+pt-osc"));
    }

    @Test
    void severalPresetsJoinedByCommasClassifyEachToolsNames() {
        TableClassifier both = TableClassifier.preset("gh-ost+pt-osc, fb-osc");
        assertEquals(new Classification(TableRole.GHOST, "t"), both.classify("_t_gho"));
        assertEquals(new Classification(TableRole.GHOST, "t"), both.classify("__osc_new_t"));
        assertEquals(new Classification(TableRole.TRASH, "t"), both.classify("__osc_old_t"));
        assertEquals(Classification.real("t"), both.classify("t"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TableClassifier.preset("fb-osc,nope"))
                .getMessage()
                .contains("'nope'"));
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(defaults);
        }
        TableClassifier copy =
                (TableClassifier) new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
        assertEquals(new Classification(TableRole.GHOST, "t"), copy.classify("__t_new"));
    }
}
