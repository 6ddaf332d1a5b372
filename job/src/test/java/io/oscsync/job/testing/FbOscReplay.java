package io.oscsync.job.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Replays Facebook OnlineSchemaChange's statement sequence (osc-tools/fb-osc.sql) for table t
 * against a real server, in the order its copy payload sends them: change log, shadow, triggers,
 * consistent dump and LOAD DATA, replay of the logged changes, swap, cleanup. The caller stops its
 * app writes before the last {@link #replay()} and {@link #swap}: FB OSC holds write locks there.
 */
public final class FbOscReplay {
    private static final TemplatedOscFixture FIXTURE = TemplatedOscFixture.load("fb-osc");
    private static final Map<Integer, String> REPLAY_STEPS =
            Map.of(1, "replay-insert", 2, "replay-delete", 3, "replay-update");

    private final MariaDbServer up;
    private final String db;
    private final Map<String, String> values = new HashMap<>();
    private long lastReplayed;

    public FbOscReplay(MariaDbServer up, String db, String table) {
        this.up = up;
        this.db = db;
        values.put("t", table);
        // copy.py new_table_name, delta_table_name, ...: by the length of the table's name
        String[][] names = {
            {"new", "__osc_new_", "n!"}, {"chg", "__osc_chg_", "c!"}, {"old", "__osc_old_", "o!"},
            {"ins", "__osc_ins_", "i!"}, {"upd", "__osc_upd_", "u!"}, {"del", "__osc_del_", "d!"}
        };
        for (String[] n : names) {
            values.put(
                    n[0],
                    table.length() < 54
                            ? n[1] + table
                            : table.length() < 62 ? n[2] + table : n[1] + "online_schema_change_temp_tbl");
        }
    }

    public String shadow() {
        return values.get("new");
    }

    /** The table as it is before the migration (made by the test, not by FB OSC). */
    public void createTable() {
        run("before");
    }

    /** Change log, shadow (a full CREATE TABLE of the new definition), triggers on t. */
    public void start() {
        run("delta");
        run("shadow");
        run("triggers");
    }

    /** The consistent dump and its LOAD DATA into the shadow; {@code idxRecreation} as with --idx-recreation. */
    public void copyRows(boolean idxRecreation) throws IOException, SQLException {
        Path dir = Files.createTempDirectory("fb-osc-outfile");
        dir.toFile().setWritable(true, false);
        values.put("outfile", dir.resolve("__osc_tbl_" + values.get("t") + ".1").toString());
        List<String> dump = FIXTURE.step("dump", values);
        try (Connection c = up.connectRoot();
                Statement st = c.createStatement()) {
            st.execute("USE `" + db + "`");
            st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
            try (ResultSet rs = st.executeQuery(dump.get(0))) {
                rs.next();
                lastReplayed = rs.getLong(1); // changes up to here are in the dump
            }
            st.execute(dump.get(1));
            st.execute("COMMIT");
        }
        if (idxRecreation) run("drop-indexes");
        run("load");
        if (idxRecreation) run("recreate-indexes");
        Files.deleteIfExists(Path.of(values.get("outfile")));
        Files.deleteIfExists(dir);
    }

    /** Replays the logged changes since the last replay: consecutive changes of one type as one statement. */
    public void replay() throws SQLException {
        try (Connection c = up.connectRoot();
                PreparedStatement changes = c.prepareStatement("SELECT `_osc_ID_`, `_osc_dml_type_`, `id` FROM `" + db
                        + "`.`" + values.get("chg") + "` WHERE `_osc_ID_` > ? ORDER BY `_osc_ID_`")) {
            changes.setLong(1, lastReplayed);
            List<long[]> rows = new ArrayList<>();
            try (ResultSet rs = changes.executeQuery()) {
                while (rs.next()) rows.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
            }
            int start = 0;
            Set<Long> keys = new HashSet<>();
            for (int i = 0; i <= rows.size(); i++) {
                // A group ends at a change of type, or at a key it already holds (FB OSC's divide_changes_to_group).
                boolean end = i == rows.size() || rows.get(i)[1] != rows.get(start)[1] || keys.contains(rows.get(i)[2]);
                if (end && i > start) {
                    StringJoiner ids = new StringJoiner(", ");
                    for (long[] r : rows.subList(start, i)) ids.add(Long.toString(r[0]));
                    values.put("ids", ids.toString());
                    run(REPLAY_STEPS.get((int) rows.get(start)[1]));
                    lastReplayed = rows.get(i - 1)[0];
                    start = i;
                    keys.clear();
                }
                if (i < rows.size()) keys.add(rows.get(i)[2]);
            }
        }
    }

    public void analyze() {
        run("analyze");
    }

    /** The swap: MySQL 8's one RENAME, or the two ALTER TABLE ... RENAME it sends elsewhere. */
    public void swap(boolean oneRename) {
        run(oneRename ? "swap" : "swap-two-step");
    }

    public void cleanup() {
        run("cleanup");
    }

    private void run(String step) {
        List<String> sql = new ArrayList<>(List.of("USE `" + db + "`"));
        sql.addAll(FIXTURE.step(step, values));
        up.exec(sql.toArray(String[]::new));
    }
}
