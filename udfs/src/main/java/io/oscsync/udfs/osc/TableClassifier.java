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
            // Facebook's OnlineSchemaChange: __osc_new_t, __osc_old_t, __osc_chg_t, __osc_exm_t
            "fb-osc",
            new Rules(List.of("^__osc_new_(.+)$"), List.of("^__osc_(?:old|chg|exm|dlt)_(.+)$")),
            // Shopify's LHM: lhmn_t, and lhma_<timestamp>_t for the archived old table
            "lhm",
            new Rules(List.of("^lhmn_(.+)$"), List.of("^lhma_\\d+_(.+)$")),
            // Cash App's Spirit: _t_new, _t_old, _t_chkpnt
            "spirit",
            new Rules(List.of("^_(.+)_new$"), List.of("^_(.+)_(?:old|chkpnt)$")));

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

    public static TableClassifier preset(String name) {
        Rules r = PRESETS.get(name.toLowerCase(Locale.ROOT));
        if (r == null) {
            throw new IllegalArgumentException("unknown online-DDL preset '" + name + "'; known: "
                    + PRESETS.keySet().stream().sorted().toList());
        }
        return new TableClassifier(r.ghost(), r.trash(), r.toolTables());
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
