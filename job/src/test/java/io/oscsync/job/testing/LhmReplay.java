package io.oscsync.job.testing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Replays LHM's statement sequence (osc-tools/lhm.sql, docs/tools/lhm.md) for one
 * {@code Lhm.change_table} of one table (LHM is a Ruby gem not installable here). LHM's own
 * triggers carry the app's writes into {@code lhmn_t}, so the app may write until the switch.
 */
public final class LhmReplay {
    private static final ToolFixture FIXTURE = ToolFixture.load("lhm");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss_SSS").withZone(ZoneOffset.UTC);

    private final MariaDbServer up;
    private final String db;
    private final String table;
    private final Instant start;

    public LhmReplay(MariaDbServer up, String db, String table, Instant start) {
        this.up = up;
        this.db = db;
        this.table = table;
        this.start = start;
    }

    /** lib/lhm/table_name.rb: {@code lhma_<YYYY_MM_DD_HH_MM_SS_mmm>_t}, at most 64 characters. */
    public static String archiveName(String table, Instant at) {
        String name = "lhma_" + STAMP.format(at) + "_" + table;
        return name.substring(0, Math.min(64, name.length()));
    }

    /** The table LHM renames {@code t} to at the switch. */
    public String archive() {
        return archiveName(table, start);
    }

    public String shadow() {
        return "lhmn_" + table;
    }

    /** {@code lhmn_t} as SHOW CREATE TABLE of {@code t} under the new name. */
    public void create() {
        String ddl = up.query("SHOW CREATE TABLE `" + db + "`.`" + table + "`")
                .get(0)
                .get(1);
        String original = "CREATE TABLE `" + table + "`";
        if (!ddl.startsWith(original)) throw new IllegalStateException("unexpected SHOW CREATE TABLE: " + ddl);
        Map<String, String> v = values();
        v.put("create", "CREATE TABLE `" + shadow() + "`" + ddl.substring(original.length()));
        run("create", v);
    }

    public void addColumn(String column, String definition) {
        Map<String, String> v = values();
        v.put("column", column);
        v.put("definition", definition);
        run("add-column", v);
    }

    public void changeColumn(String column, String definition) {
        Map<String, String> v = values();
        v.put("column", column);
        v.put("definition", definition);
        run("change-column", v);
    }

    /** {@code add_index}; {@code columns} as LHM writes them ({@code `a`, `b`}). */
    public void addIndex(String index, String columns) {
        Map<String, String> v = values();
        v.put("index", index);
        v.put("columns", columns);
        run("add-index", v);
    }

    public void removeIndex(String index) {
        Map<String, String> v = values();
        v.put("index", index);
        run("remove-index", v);
    }

    /** {@code m.ddl(statement)}: the user's statement against {@code lhmn_t}. */
    public void ddl(String statement) {
        Map<String, String> v = values();
        v.put("statement", statement);
        run("ddl", v);
    }

    /** The three triggers copying the app's changes of {@code columns} (both tables have them) into lhmn_t. */
    public void entangle(List<String> columns) {
        run("entangle", withColumns(columns));
    }

    /** The chunked copy of ids {@code 1..maxId}, {@code between} both ends. */
    public void copyRows(List<String> columns, int chunk, int maxId) {
        for (int from = 1; from <= maxId; from += chunk) {
            Map<String, String> v = withColumns(columns);
            v.put("from", Integer.toString(from));
            v.put("to", Integer.toString(from + chunk - 1));
            run("copy-chunk", v);
        }
    }

    /** The default switch: one RENAME TABLE of both tables. */
    public void atomicSwitch() {
        run("atomic-switch", values());
    }

    /** {@code atomic_switch: false}: two ALTER TABLE ... RENAME under LOCK TABLES. */
    public void lockedSwitch() {
        run("locked-switch", values());
    }

    public void untangle() {
        run("untangle", values());
    }

    /** {@code Lhm.cleanup_current_run(true, t)} after a failed run: lhmn_t renamed to the failed name. */
    public void cleanupCurrentRun(Instant now) {
        String archived = archiveName(table, now);
        Map<String, String> v = values();
        v.put("failed", archived.substring(0, Math.min(57, archived.length())) + "_failed");
        run("cleanup-current-run", v);
    }

    /** {@code Lhm.cleanup(true)}: every lhma_ and lhmn_ table of the database dropped. */
    public void cleanup() {
        for (List<String> row : up.query("SHOW TABLES FROM `" + db + "`")) {
            String t = row.get(0);
            if (!t.matches("^lhm(a|n)_.*")) continue;
            Map<String, String> v = values();
            v.put("table", t);
            run("cleanup-table", v);
        }
    }

    private Map<String, String> values() {
        Map<String, String> v = new HashMap<>();
        v.put("t", table);
        v.put("archive", archive());
        return v;
    }

    /** lib/lhm/intersection.rb: joined, typed('NEW'), typed(origin). */
    private Map<String, String> withColumns(List<String> columns) {
        Map<String, String> v = values();
        v.put("cols", columns.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", ")));
        v.put("new_cols", columns.stream().map(c -> "`NEW`.`" + c + "`").collect(Collectors.joining(", ")));
        v.put(
                "origin_cols",
                columns.stream().map(c -> "`" + table + "`.`" + c + "`").collect(Collectors.joining(", ")));
        return v;
    }

    /** On one connection with the database selected, as LHM's. */
    private void run(String section, Map<String, String> values) {
        List<String> all = new ArrayList<>();
        all.add("USE `" + db + "`");
        all.addAll(FIXTURE.statements(section, values));
        up.exec(all.toArray(String[]::new));
    }
}
