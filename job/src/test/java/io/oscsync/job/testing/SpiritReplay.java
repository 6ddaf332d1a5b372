package io.oscsync.job.testing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Replays Spirit's statement sequence (osc-tools/spirit.sql, docs/tools/spirit.md) for one
 * migration of one or several tables of a database (Spirit is not installable here). The caller
 * stops its app writes before {@link #cutOver}: Spirit applies the last binlog events under its
 * table lock, which {@code @apply} stands in for.
 */
public final class SpiritReplay {
    private static final ToolFixture FIXTURE = ToolFixture.load("spirit");
    private static final DateTimeFormatter OLD_SUFFIX =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private final MariaDbServer up;
    private final String db;
    private final Map<String, String> alters;
    private final boolean deferCutOver;
    private final boolean skipDropAfterCutover;
    private final String startTime;

    /**
     * @param alters each table's ALTER clauses, in the order of the migration's statements
     * @param deferCutOver {@code --defer-cutover}: the sentinel table holds the cut-over
     * @param skipDropAfterCutover {@code --skip-drop-after-cutover}: the old table stays as {@code _t_old_<start time>}
     */
    public SpiritReplay(
            MariaDbServer up,
            String db,
            Map<String, String> alters,
            boolean deferCutOver,
            boolean skipDropAfterCutover,
            Instant start) {
        this.up = up;
        this.db = db;
        this.alters = new LinkedHashMap<>(alters);
        this.deferCutOver = deferCutOver;
        this.skipDropAfterCutover = skipDropAfterCutover;
        this.startTime = OLD_SUFFIX.format(start);
    }

    /** The table Spirit renames {@code table} to at the cut-over. */
    public String oldTable(String table) {
        return "_" + table + (skipDropAfterCutover ? "_old_" + startTime : "_old");
    }

    /** Several tables share one schema-wide checkpoint table. */
    public String checkpointTable() {
        return alters.size() > 1
                ? "_spirit_checkpoint"
                : "_" + alters.keySet().iterator().next() + "_chkpnt";
    }

    /** The shadows built and altered, the checkpoint table, the sentinel with --defer-cutover. */
    public void start() {
        List<String> sql = new ArrayList<>();
        for (String t : alters.keySet()) sql.addAll(FIXTURE.statements("new-table", values(t)));
        sql.addAll(FIXTURE.statements("checkpoint", values(null)));
        if (deferCutOver) sql.addAll(FIXTURE.statements("sentinel", values(null)));
        run(sql);
    }

    /** The chunked copy of ids {@code 0..maxId} of every table, a checkpoint row after each chunk. */
    public void copyRows(String columns, int chunk, int maxId) {
        for (int from = 0; from <= maxId; from += chunk) {
            List<String> sql = new ArrayList<>();
            for (String t : alters.keySet()) {
                Map<String, String> v = values(t);
                v.put("cols", columns);
                v.put("from", Integer.toString(from));
                v.put("to", Integer.toString(from + chunk));
                sql.addAll(FIXTURE.statements("copy-chunk", v));
                sql.addAll(FIXTURE.statements("checkpoint-row", v));
            }
            run(sql);
        }
    }

    /**
     * The last changes applied to the shadows, ANALYZE, the sentinel dropped (as the operator does),
     * the old tables dropped, ONE rename for every table, then Spirit's clean-up.
     */
    public void cutOver(String columns) {
        List<String> sql = new ArrayList<>();
        for (String t : alters.keySet()) {
            Map<String, String> v = values(t);
            v.put("cols", columns);
            sql.addAll(FIXTURE.statements("apply", v));
        }
        for (String t : alters.keySet()) sql.addAll(FIXTURE.statements("analyze", values(t)));
        if (deferCutOver) sql.addAll(FIXTURE.statements("release-sentinel", values(null)));
        for (String t : alters.keySet()) sql.addAll(FIXTURE.statements("drop-old", values(t)));
        StringJoiner pairs = new StringJoiner(", ");
        for (String t : alters.keySet()) pairs.add(FIXTURE.fragment("cut-over-pair", values(t)));
        Map<String, String> all = values(null);
        all.put("pairs", pairs.toString());
        sql.addAll(FIXTURE.statements("cut-over", all));
        if (!skipDropAfterCutover) {
            for (String t : alters.keySet()) sql.addAll(FIXTURE.statements("drop-old", values(t)));
        }
        for (String t : alters.keySet()) sql.addAll(FIXTURE.statements("cleanup", values(t)));
        sql.addAll(FIXTURE.statements("drop-checkpoint", values(null)));
        run(sql);
    }

    private Map<String, String> values(String table) {
        Map<String, String> v = new HashMap<>();
        v.put("db", db);
        v.put("chkpnt", checkpointTable());
        if (table != null) {
            v.put("t", table);
            v.put("alter", alters.get(table));
            v.put("old", oldTable(table));
        }
        return v;
    }

    /** On one connection with the database selected, as Spirit's. */
    private void run(List<String> sql) {
        List<String> all = new ArrayList<>();
        all.add("USE `" + db + "`");
        all.addAll(sql);
        up.exec(all.toArray(String[]::new));
    }
}
