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
        "_order_items_gho, GHOST, order_items",
        "_order_items_20260102150405_del, TRASH, order_items",
        "t_new, REAL, t_new",
        "_new, REAL, _new",
        "gho, REAL, gho",
    })
    void defaultRulesFollowGhOstAndPtOscNames(String table, TableRole role, String origin) {
        assertEquals(new Classification(role, origin), defaults.classify(table));
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
        // 62+ characters: FB OSC's placeholder name, which cannot say whose shadow it is
        "fb-osc, __osc_new_online_schema_change_temp_tbl, GHOST, online_schema_change_temp_tbl",
        "fb-osc, __osc_exm_t, REAL, __osc_exm_t",
        "fb-osc, osc_new_t, REAL, osc_new_t",
        // Vitess v20+ names (go/vt/schema/name.go): the captured "origin" is the migration UUID
        "vitess, _vt_vrp_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_, GHOST, 6ace8bcef73211ea87e9f875a4d24e90",
        "vitess, _vt_hld_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_, TRASH, 6ace8bcef73211ea87e9f875a4d24e90",
        "vitess, _vt_prg_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_, TRASH, 6ace8bcef73211ea87e9f875a4d24e90",
        "vitess, _vt_evc_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_, TRASH, 6ace8bcef73211ea87e9f875a4d24e90",
        "vitess, _vt_drp_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_, TRASH, 6ace8bcef73211ea87e9f875a4d24e90",
        // before v20 (vitessio/vitess#14582, go/vt/schema/tablegc.go)
        "vitess, _84371a37_6153_11eb_9917_f875a4d24e90_20210128122816_vrepl, GHOST,"
                + " 84371a37_6153_11eb_9917_f875a4d24e90",
        "vitess, _vt_HOLD_6ace8bcef73211ea87e9f875a4d24e90_20200915120410, TRASH, 6ace8bcef73211ea87e9f875a4d24e90",
        "vitess, _vt_PURGE_6ace8bcef73211ea87e9f875a4d24e90_20200915120410, TRASH, 6ace8bcef73211ea87e9f875a4d24e90",
        "vitess, _vt_EVAC_6ace8bcef73211ea87e9f875a4d24e90_20200915120410, TRASH, 6ace8bcef73211ea87e9f875a4d24e90",
        "vitess, _vt_DROP_6ace8bcef73211ea87e9f875a4d24e90_20200915120410, TRASH, 6ace8bcef73211ea87e9f875a4d24e90",
        "vitess, orders, REAL, orders",
        "vitess, _vt_vrp_orders, REAL, _vt_vrp_orders",
        "vitess, _vt_hld_6ace8bcef73211ea87e9f875a4d24e90_20200915120410, REAL,"
                + " _vt_hld_6ace8bcef73211ea87e9f875a4d24e90_20200915120410",
        "lhm, lhmn_users, GHOST, users",
        "lhm, lhma_1700000000_users, TRASH, users",
        "spirit, _t_chkpnt, TRASH, t",
        "spirit, _t_new, GHOST, t",
    })
    void presetsForOtherTools(String preset, String table, TableRole role, String origin) {
        assertEquals(
                new Classification(role, origin), TableClassifier.preset(preset).classify(table));
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
