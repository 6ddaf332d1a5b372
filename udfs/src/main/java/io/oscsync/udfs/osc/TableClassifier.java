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
     * {@code _t_ghk} and {@code _t_rev_del}. pt-osc names its old table {@code _t_old}, one more
     * leading {@code _} per name taken (up to 9), then puts {@code [A-Z0-9]{6}_} groups in front
     * ({@code K3Z9QA__________t_old}); its {@code --history} table {@code percona.pt_osc_history}
     * is a tool table: trash, whatever the block-allow list allows (docs/tools/pt-osc-new.md).
     */
    public static final String DEFAULT_PRESET = "gh-ost+pt-osc";

    private static final Map<String, Rules> PRESETS = Map.of(
            DEFAULT_PRESET,
            new Rules(
                    List.of("^_+([^_].*)_(?:new|gho)$"),
                    List.of(
                            "^_+([^_].*?)(?:_\\d{14})?(?:_rev)?_(?:ghc|ghk|del|old)$",
                            "^(?:[A-Za-z0-9]{6}_)+_{9}_*([^_].*)_old$"),
                    List.of("percona.pt_osc_history")),
            // Facebook's OnlineSchemaChange (docs/tools/fb-osc.md; core/lib/constant.py, copy.py):
            // __osc_new_t (shadow), __osc_chg_t (trigger-fed change log), __osc_old_t (the old table
            // after the swap); n!t, c!t, o!t for a table name of 54..61 characters; for 62+ characters
            // __osc_*_online_schema_change_temp_tbl, which names no table (learnt from the swap).
            "fb-osc",
            new Rules(
                    List.of("^__osc_new_online_schema_change_temp_tbl$", "^__osc_new_(.+)$", "^n!(.+)$"),
                    List.of(
                            "^__osc_(?:old|chg)_online_schema_change_temp_tbl$",
                            "^__osc_(?:old|chg)_(.+)$",
                            "^[oc]!(.+)$")),
            // Shopify's LHM (docs/tools/lhm.md): lhmn_t; the archive lhma_<YYYY_MM_DD_HH_MM_SS_mmm>_t,
            // or ..._t_failed when a failed run's lhmn_t is renamed away (a real table named x_failed
            // archived reads as x: a trash origin only decides the allow list).
            "lhm",
            new Rules(
                    List.of("^lhmn_(.+)$"),
                    List.of("^lhma_\\d{4}_\\d{2}_\\d{2}_\\d{2}_\\d{2}_\\d{2}_\\d{3}_(.+?)(?:_failed)?$")),
            // Block's Spirit (docs/tools/spirit.md): _t_new; _t_old, _t_old_<YYYYMMDD_HHMMSS>
            // (--skip-drop-after-cutover), _t_chkpnt, _t_sentinel (before v0.10); the schema-wide
            // _spirit_checkpoint (several tables at once) and _spirit_sentinel (v0.10 on).
            "spirit",
            new Rules(
                    List.of("^_(.+)_new$"),
                    List.of(
                            "^_(spirit)_(?:checkpoint|sentinel)$",
                            "^_(.+)_(?:old|old_\\d{8}_\\d{6}|chkpnt|sentinel)$")),
            // Vitess online DDL: shadow _vt_vrp_<uuid>_<time>_, table GC _vt_hld|prg|evc|drp_...; the
            // names carry no table (no capture group), so the route stage learns it from the cut-over.
            "vitess",
            new Rules(
                    List.of(
                            "^_vt_vrp_[0-9a-f]{32}_\\d{14}_$",
                            // before v20 (docs/tools/vitess.md)
                            "^_[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}_\\d{14}_vrepl$"),
                    List.of(
                            "^_vt_(?:hld|prg|evc|drp)_[0-9a-f]{32}_\\d{14}_$",
                            "^_vt_(?:HOLD|PURGE|EVAC|DROP)_[0-9a-f]{32}_\\d{14}$")));

    /** {@code toolTables}: a tool's own tables, as {@code schema.table}, that are never real. */
    private record Rules(List<String> ghost, List<String> trash, List<String> toolTables) implements Serializable {
        Rules(List<String> ghost, List<String> trash) {
            this(ghost, trash, List.of());
        }
    }

    private final List<String> ghostRules;
    private final List<String> trashRules;
    private final List<String> toolTables; // null when deserialized from before they existed
    private transient List<Pattern> ghost;
    private transient List<Pattern> trash;

    private TableClassifier(List<String> ghostRules, List<String> trashRules, List<String> toolTables) {
        this.ghostRules = List.copyOf(ghostRules);
        this.trashRules = List.copyOf(trashRules);
        this.toolTables = List.copyOf(toolTables);
        compile();
    }

    public static TableClassifier defaults() {
        return preset(DEFAULT_PRESET);
    }

    /**
     * A preset by name, or several joined by commas ({@code gh-ost+pt-osc,lhm}) for a fleet that
     * migrates with several tools: their rules are tried in the order given.
     */
    public static TableClassifier preset(String names) {
        List<String> ghost = new java.util.ArrayList<>();
        List<String> trash = new java.util.ArrayList<>();
        List<String> tools = new java.util.ArrayList<>();
        for (String name : names.split(",")) {
            Rules r = PRESETS.get(name.strip().toLowerCase(Locale.ROOT));
            if (r == null) {
                throw new IllegalArgumentException("unknown online-DDL preset '" + name.strip() + "'; known: "
                        + PRESETS.keySet().stream().sorted().toList() + " (several: join them with commas)");
            }
            ghost.addAll(r.ghost());
            trash.addAll(r.trash());
            tools.addAll(r.toolTables());
        }
        return new TableClassifier(ghost, trash, tools);
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
        return new TableClassifier(ghostRules, trashRules, List.of());
    }

    /** As {@link #classify(String)}, and a tool table of the preset is trash (its own origin). */
    public Classification classify(String schema, String table) {
        if (toolTables().contains(schema + "." + table)) return new Classification(TableRole.TRASH, table);
        return classify(table);
    }

    public Classification classify(String table) {
        for (Pattern p : ghost) {
            Classification c = match(p, table, TableRole.GHOST);
            if (c != null) return c;
        }
        for (Pattern p : trash) {
            Classification c = match(p, table, TableRole.TRASH);
            if (c != null) return c;
        }
        return Classification.real(table);
    }

    /** A preset rule without a capture group matches names that do not say their table. */
    private static Classification match(Pattern p, String table, TableRole role) {
        Matcher m = p.matcher(table);
        if (!m.matches()) return null;
        if (m.groupCount() == 0) return new Classification(role, table, false);
        return m.group(1).isEmpty() ? null : new Classification(role, m.group(1));
    }

    /** Whether some rule matches names that do not say their table (see {@link Classification#originInName()}). */
    public boolean hasNamelessRules() {
        return java.util.stream.Stream.concat(ghost.stream(), trash.stream())
                .anyMatch(p -> p.matcher("").groupCount() == 0);
    }

    public List<String> ghostRules() {
        return ghostRules;
    }

    public List<String> trashRules() {
        return trashRules;
    }

    /** The preset's tool tables, {@code schema.table}. */
    public List<String> toolTables() {
        return toolTables == null ? List.of() : toolTables;
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
