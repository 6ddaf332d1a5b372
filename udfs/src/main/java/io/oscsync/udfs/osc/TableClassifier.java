package io.oscsync.udfs.osc;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies a table by its name only: real, ghost or trash, and the origin (real) table.
 * Rules are anchored regexes with exactly one capture group (the origin name), compiled and
 * checked once; ghost rules are tried before trash rules.
 */
public final class TableClassifier implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * gh-ost and pt-osc. Leading underscores beyond the first are pt-osc's retry names
     * ({@code __t_new} belongs to {@code t}); gh-ost's {@code --timestamp-old-table} inserts a
     * 14-digit timestamp ({@code _t_20260102150405_del} belongs to {@code t}); newer gh-ost adds
     * {@code _t_ghk} and {@code _t_rev_del}.
     */
    public static final String DEFAULT_PRESET = "gh-ost+pt-osc";

    private static final Map<String, Rules> PRESETS = Map.of(
            DEFAULT_PRESET,
            new Rules(
                    List.of("^_+([^_].*)_(?:new|gho)$"),
                    List.of("^_+([^_].*?)(?:_\\d{14})?(?:_rev)?_(?:ghc|ghk|del|old)$")),
            // Facebook's OnlineSchemaChange (core/lib/constant.py, copy.py): __osc_new_t (shadow),
            // __osc_chg_t (trigger-fed change log), __osc_old_t (old table after the swap). A table
            // name of 54..61 characters gets n!t, c!t, o!t instead; one of 62+ characters gets
            // __osc_new_online_schema_change_temp_tbl, whose origin no name can tell (docs/tools/fb-osc.md).
            "fb-osc",
            new Rules(List.of("^__osc_new_(.+)$", "^n!(.+)$"), List.of("^__osc_(?:old|chg)_(.+)$", "^[oc]!(.+)$")),
            // Vitess online DDL, strategy vitess/online (go/vt/schema/name.go, tablegc.go): the shadow
            // _vt_vrp_<uuid>_<ts>_ (v20+; _<uuid>_<ts>_vrepl before), the cut-over sentry and table GC
            // _vt_(hld|prg|evc|drp)_<uuid>_<ts>_ (v20+; _vt_HOLD_<uuid>_<ts> ... before). The names hold
            // the migration's UUID, never the table: the "origin" captured is that UUID, not a table
            // (docs/tools/vitess.md says what this means for the cut-over).
            "vitess",
            new Rules(
                    List.of(
                            "^_vt_vrp_([0-9a-f]{32})_[0-9]{14}_$",
                            "^_([0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12})_[0-9]{14}_vrepl$"),
                    List.of(
                            "^_vt_(?:hld|prg|evc|drp)_([0-9a-f]{32})_[0-9]{14}_$",
                            "^_vt_(?:HOLD|PURGE|EVAC|DROP)_([0-9a-f]{32})_[0-9]{14}$")),
            // Shopify's LHM: lhmn_t, and lhma_<timestamp>_t for the archived old table
            "lhm",
            new Rules(List.of("^lhmn_(.+)$"), List.of("^lhma_\\d+_(.+)$")),
            // Cash App's Spirit: _t_new, _t_old, _t_chkpnt
            "spirit",
            new Rules(List.of("^_(.+)_new$"), List.of("^_(.+)_(?:old|chkpnt)$")));

    private record Rules(List<String> ghost, List<String> trash) implements Serializable {}

    private final List<String> ghostRules;
    private final List<String> trashRules;
    private transient List<Pattern> ghost;
    private transient List<Pattern> trash;

    private TableClassifier(List<String> ghostRules, List<String> trashRules) {
        this.ghostRules = List.copyOf(ghostRules);
        this.trashRules = List.copyOf(trashRules);
        compile();
    }

    public static TableClassifier defaults() {
        return preset(DEFAULT_PRESET);
    }

    public static TableClassifier preset(String name) {
        Rules r = PRESETS.get(name.toLowerCase(Locale.ROOT));
        if (r == null) {
            throw new IllegalArgumentException("unknown online-DDL preset '" + name + "'; known: "
                    + PRESETS.keySet().stream().sorted().toList());
        }
        return new TableClassifier(r.ghost(), r.trash());
    }

    /** Custom rules (DM's shadow-table-rules / trash-table-rules): each anchored with one capture group. */
    public static TableClassifier of(List<String> ghostRules, List<String> trashRules) {
        for (String rule : concat(ghostRules, trashRules)) {
            Pattern p = Pattern.compile(rule);
            if (!rule.startsWith("^") || !rule.endsWith("$") || p.matcher("").groupCount() != 1) {
                throw new IllegalArgumentException("rule " + rule + " must be anchored (^...$) and have exactly one "
                        + "capture group, the origin table name");
            }
        }
        if (ghostRules.isEmpty() || trashRules.isEmpty()) {
            throw new IllegalArgumentException("shadow-table-rules and trash-table-rules go together: give both");
        }
        return new TableClassifier(ghostRules, trashRules);
    }

    public Classification classify(String table) {
        for (Pattern p : ghost) {
            Matcher m = p.matcher(table);
            if (m.matches() && !m.group(1).isEmpty()) return new Classification(TableRole.GHOST, m.group(1));
        }
        for (Pattern p : trash) {
            Matcher m = p.matcher(table);
            if (m.matches() && !m.group(1).isEmpty()) return new Classification(TableRole.TRASH, m.group(1));
        }
        return Classification.real(table);
    }

    public List<String> ghostRules() {
        return ghostRules;
    }

    public List<String> trashRules() {
        return trashRules;
    }

    private void compile() {
        ghost = ghostRules.stream().map(Pattern::compile).toList();
        trash = trashRules.stream().map(Pattern::compile).toList();
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        compile();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
