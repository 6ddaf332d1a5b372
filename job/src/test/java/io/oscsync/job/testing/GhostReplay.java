package io.oscsync.job.testing;

/**
 * Replays gh-ost 1.1.5's statement sequence against a real server, as captured from real runs in
 * udfs/src/test/resources/osc-statements (gh-ost itself is not installable here), and the newer
 * modes' statements (v1.1.8 .. v1.1.10 and master: --checkpoint, --revert, --attempt-instant-ddl,
 * --force-table-names, long names, ANALYZE) from the fixtures in
 * job/src/test/resources/osc-tools, read from gh-ost's source ({@link #run}). The caller pauses
 * its app writes around {@link #syncAndCutOverAtomic()}: gh-ost applies the last binlog events
 * under its lock, which this replay stands in for by copying the final rows.
 */
public final class GhostReplay {
    private final MariaDbServer up;
    private final String db;
    private final String table;
    private final String ghost;
    private final String changelog;

    public GhostReplay(MariaDbServer up, String db, String table) {
        this.up = up;
        this.db = db;
        this.table = table;
        this.ghost = "_" + table + "_gho";
        this.changelog = "_" + table + "_ghc";
    }

    private String q(String t) {
        return "`" + db + "`.`" + t.replace("`", "``") + "`";
    }

    /** The ghost table's name. */
    public String ghost() {
        return ghost;
    }

    /** Steps 1-4: clean up, changelog table, ghost LIKE the table, the user's ALTER, state rows. */
    public void start(String alter) {
        up.exec(
                "drop /* gh-ost */ table if exists " + q(ghost),
                "drop /* gh-ost */ table if exists " + q("_" + table + "_del"),
                "drop /* gh-ost */ table if exists " + q(changelog),
                "create /* gh-ost */ table " + q(changelog)
                        + " ( id bigint auto_increment, last_update timestamp not null "
                        + "DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, hint varchar(64) charset ascii not null, "
                        + "value varchar(4096) charset ascii not null, primary key(id), unique key hint_uidx(hint) ) "
                        + "auto_increment=256",
                "create /* gh-ost */ table " + q(ghost) + " like " + q(table),
                "alter /* gh-ost */ table " + q(ghost) + " " + alter,
                "alter /* gh-ost */ table " + q(ghost) + " AUTO_INCREMENT=100000");
        heartbeat("GhostTableMigrated");
    }

    /** Step 4: the changelog rows gh-ost writes throughout. */
    public void heartbeat(String state) {
        up.exec("insert /* gh-ost */ into " + q(changelog) + " (id, hint, value) values (NULLIF(2, 0), 'state', '"
                + state + "') on duplicate key update last_update=NOW(), value=VALUES(value)");
    }

    /** Step 5: the chunked row copy, shared columns only. */
    public void copyRows(String columns, int chunk, int maxId) {
        copyRows(columns, columns, chunk, maxId);
    }

    /** Step 5 when the ALTER renames columns: {@code toColumns} are the ghost's names for {@code columns}. */
    public void copyRows(String columns, String toColumns, int chunk, int maxId) {
        copyRows(columns, toColumns, chunk, 0, maxId);
    }

    /** Step 5 over ids {@code minId..maxId} only: a shard's ids start far above 0. */
    public void copyRows(String columns, String toColumns, int chunk, int minId, int maxId) {
        for (int from = minId; from <= maxId; from += chunk) {
            up.exec("insert /* gh-ost " + q(table) + " */ ignore into " + q(ghost) + " (" + toColumns + ") (select "
                    + columns + " from " + q(table) + " force index (`PRIMARY`) where id >= " + from + " and id < "
                    + (from + chunk) + " lock in share mode)");
            heartbeat("copy " + from);
        }
    }

    /** Step 6 for the rows changed since the copy, then step 7: the atomic cut-over. */
    public void syncAndCutOverAtomic(String columns) {
        sync(columns, columns);
        cutOverAtomic();
    }

    /** Step 7 alone, for a caller that brought the ghost up to date itself (any key, not only {@code id}). */
    public void cutOverAtomic() {
        String del = "_" + table + "_del";
        up.exec(
                "create /* gh-ost */ table " + q(del) + " ( id int auto_increment primary key ) engine=InnoDB "
                        + "comment='ghost-cut-over-sentry'",
                "drop /* gh-ost */ table if exists " + q(del),
                "rename /* gh-ost */ table " + q(table) + " to " + q(del) + ", " + q(ghost) + " to " + q(table),
                "drop /* gh-ost */ table if exists " + q(changelog),
                "drop /* gh-ost */ table if exists " + q(del));
    }

    /** Step 8: the two-step cut-over, with the --timestamp-old-table name. */
    public void syncAndCutOverTwoStep(String columns, String toColumns, String timestamp) {
        sync(columns, toColumns);
        cutOverTwoStep(timestamp);
    }

    /** Step 8 alone, for a caller that brought the ghost up to date itself. */
    public void cutOverTwoStep(String timestamp) {
        String del = "_" + table + "_" + timestamp + "_del";
        up.exec(
                "use `" + db + "`", // gh-ost's connection has the database selected; the new names are bare
                "alter /* gh-ost */ table " + q(table) + " rename `" + del.replace("`", "``") + "`",
                "alter /* gh-ost */ table " + q(ghost) + " rename `" + table.replace("`", "``") + "`",
                "drop /* gh-ost */ table if exists " + q(changelog),
                "drop /* gh-ost */ table if exists " + q(del));
    }

    /** One step of a gh-ost statement fixture, e.g. ("gh-ost-revert", "cut-over"), on this replay's database. */
    public void run(String fixture, String step) {
        up.exec(OscToolFixture.load(fixture).step(step, db).toArray(String[]::new));
    }

    /**
     * gh-ost's binlog apply onto {@code target} (the ghost; in --revert the old table {@code _t_del}):
     * the rows of the table as they are now, in {@code columns} (the target's own names).
     */
    public void applyChangesOnto(String target, String columns) {
        heartbeat("AllEventsUpToLockProcessed");
        up.exec(
                "replace /* gh-ost " + q(target) + " */ into " + q(target) + " (" + columns + ") select " + columns
                        + " from " + q(table),
                "delete /* gh-ost " + q(target) + " */ from " + q(target) + " where id not in (select id from "
                        + q(table) + ")");
    }

    /** An aborted run: gh-ost dropped its tables without a cut-over. */
    public void abort() {
        up.exec("drop /* gh-ost */ table if exists " + q(ghost), "drop /* gh-ost */ table if exists " + q(changelog));
    }

    /** gh-ost's binlog apply (REPLACE / DELETE on the ghost), for everything since the copy. */
    private void sync(String columns, String toColumns) {
        heartbeat("AllEventsUpToLockProcessed");
        up.exec(
                "replace /* gh-ost " + q(ghost) + " */ into " + q(ghost) + " (" + toColumns + ") select " + columns
                        + " from " + q(table),
                "delete /* gh-ost " + q(ghost) + " */ from " + q(ghost) + " where id not in (select id from " + q(table)
                        + ")");
    }
}
