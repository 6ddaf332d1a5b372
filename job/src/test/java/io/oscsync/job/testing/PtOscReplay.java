package io.oscsync.job.testing;

import java.util.List;

/**
 * Replays pt-online-schema-change 3.6/3.7's statements for what Debian's 3.2.1 ({@link PtOsc})
 * cannot run: {@code --history}, {@code --resume}, {@code --where}. The statements, in order, are
 * in docs/tools/pt-osc-new.md and job/src/test/resources/osc-tools/pt-osc-3.7-*.sql. The triggers
 * are real, so the app's writes on the table reach the new table as they would.
 */
public final class PtOscReplay {
    private static final String COLUMNS = "`id`, `a`, `b`";

    private final MariaDbServer up;
    private final String db;
    private final String table;
    private final String newTable;
    private String history; // `schema`.`table`, or null without --history
    private int jobId;
    private int copiedUpTo;

    /** The default name, {@code _<t>_new}. */
    public PtOscReplay(MariaDbServer up, String db, String table) {
        this(up, db, table, "_" + table + "_new");
    }

    public PtOscReplay(MariaDbServer up, String db, String table, String newTable) {
        this.up = up;
        this.db = db;
        this.table = table;
        this.newTable = newTable;
    }

    private String q(String t) {
        return "`" + db + "`.`" + t + "`";
    }

    private String trigger(String kind) {
        return "`pt_osc_" + db + "_" + table + "_" + kind + "`";
    }

    /**
     * {@code --history}: the schema and table when missing (checked first: nothing is logged
     * when they exist), then the job's row; the job id is returned.
     */
    public int history(String schema, String historyTable, String alter) {
        history = "`" + schema + "`.`" + historyTable + "`";
        if (up.query("SHOW DATABASES LIKE '" + schema + "'").isEmpty()) {
            up.exec("CREATE DATABASE IF NOT EXISTS `" + schema + "` /* pt-table-checksum */");
        }
        if (up.query("SHOW TABLES FROM `" + schema + "` LIKE '" + historyTable + "'")
                .isEmpty()) {
            up.exec("CREATE TABLE IF NOT EXISTS " + history + " (\n"
                    + "     job_id         INT               NOT NULL AUTO_INCREMENT,\n"
                    + "     db             CHAR(64)          NOT NULL,\n"
                    + "     tbl            CHAR(64)          NOT NULL,\n"
                    + "     new_table_name CHAR(64)          DEFAULT NULL,\n"
                    + "     altr           TEXT              NOT NULL,\n"
                    + "     args           TEXT              NOT NULL,\n"
                    + "     lower_boundary TEXT,\n"
                    + "     upper_boundary TEXT,\n"
                    + "     done           ENUM('yes','no')  NOT NULL DEFAULT 'no',\n"
                    + "     ts             TIMESTAMP         NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE "
                    + "CURRENT_TIMESTAMP,\n"
                    + "     PRIMARY KEY (job_id)\n"
                    + "  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        }
        up.exec("INSERT INTO " + history + " (db, tbl, altr, args)VALUES('" + db + "', '" + table + "', '"
                + alter.replace("'", "''") + "', '{\"history\":1,\"execute\":1}')");
        jobId = Integer.parseInt(
                up.query("SELECT MAX(job_id) FROM " + history).get(0).get(0));
        return jobId;
    }

    /** Steps 1-3 of a first run: the new table (a full CREATE), its ALTER, the three triggers. */
    public void createAlterAndTriggers(String alter) {
        String definition = up.query("SHOW CREATE TABLE " + q(table)).get(0).get(1);
        up.exec(definition.replaceFirst("\\ACREATE TABLE `[^`]+` \\(", "CREATE TABLE " + q(newTable) + " ("));
        if (history != null) {
            up.exec("UPDATE " + history + " SET new_table_name = '" + newTable + "' WHERE job_id = " + jobId);
        }
        up.exec("ALTER TABLE " + q(newTable) + " " + alter);
        String n = q(newTable);
        up.exec(
                "USE `" + db + "`", // pt-osc's connection has the database selected (D= in its DSN)
                "CREATE TRIGGER " + trigger("del") + " AFTER DELETE ON " + q(table) + " FOR EACH ROW BEGIN DECLARE "
                        + "CONTINUE HANDLER FOR 1146 begin end; DELETE IGNORE FROM " + n + " WHERE " + n
                        + ".`id` <=> OLD.`id`; END ",
                "CREATE TRIGGER " + trigger("upd") + " AFTER UPDATE ON " + q(table) + " FOR EACH ROW BEGIN DECLARE "
                        + "CONTINUE HANDLER FOR 1146 begin end; DELETE IGNORE FROM " + n + " WHERE !(OLD.`id` <=> "
                        + "NEW.`id`) AND " + n + ".`id` <=> OLD.`id`; REPLACE INTO " + n + " (" + COLUMNS
                        + ") VALUES (NEW.`id`, NEW.`a`, NEW.`b`); END ",
                "CREATE TRIGGER " + trigger("ins") + " AFTER INSERT ON " + q(table) + " FOR EACH ROW BEGIN DECLARE "
                        + "CONTINUE HANDLER FOR 1146 begin end; REPLACE INTO " + n + " (" + COLUMNS
                        + ") VALUES (NEW.`id`, NEW.`a`, NEW.`b`);END ");
    }

    /**
     * Step 4, chunks of ids up to {@code maxId} from where the copy stands (a resumed run starts
     * after the stored upper boundary); {@code where} is {@code --where}, or null.
     */
    public void copy(int chunk, int maxId, String where) {
        for (int from = copiedUpTo + 1; from <= maxId; from += chunk) {
            int to = Math.min(from + chunk - 1, maxId);
            up.exec("INSERT LOW_PRIORITY IGNORE INTO " + q(newTable) + " (" + COLUMNS + ") SELECT " + COLUMNS
                    + " FROM " + q(table) + " FORCE INDEX(`PRIMARY`) WHERE ((`id` >= '" + from + "')) AND ((`id` <= '"
                    + to + "'))" + (where == null ? "" : " AND (" + where + ")")
                    + " LOCK IN SHARE MODE /*pt-online-schema-change 4242 copy nibble*/");
            if (history != null) {
                up.exec("UPDATE " + history + " SET lower_boundary = '" + from + "', upper_boundary = '" + to
                        + "' WHERE job_id = " + jobId);
            }
            copiedUpTo = to;
        }
    }

    /** The end of the copy: {@code --history} marks the job done. */
    public void copied() {
        if (history != null) up.exec("UPDATE " + history + " SET done = 'yes' WHERE job_id = " + jobId);
    }

    /**
     * A {@code --resume} run of an interrupted job: it reads the new table's name and the upper
     * boundary from the history table; it creates no table and no trigger and runs no ALTER.
     */
    public static PtOscReplay resume(MariaDbServer up, String historyTable, int jobId) {
        List<String> job = up.query(
                        "SELECT db, tbl, new_table_name, upper_boundary FROM " + historyTable + " WHERE job_id = ?",
                        jobId)
                .get(0);
        PtOscReplay r = new PtOscReplay(up, job.get(0), job.get(1), job.get(2));
        r.copiedUpTo = Integer.parseInt(job.get(3));
        return r;
    }

    /** Steps 5-7: ANALYZE, the swap with {@code oldTable} as the old name, the clean-up. */
    public void swap(String oldTable) {
        up.exec(
                "ANALYZE TABLE " + q(newTable) + " /* pt-online-schema-change */",
                "RENAME TABLE " + q(table) + " TO " + q(oldTable) + ", " + q(newTable) + " TO " + q(table),
                "DROP TABLE IF EXISTS " + q(oldTable),
                "DROP TRIGGER IF EXISTS " + "`" + db + "`." + trigger("del"),
                "DROP TRIGGER IF EXISTS " + "`" + db + "`." + trigger("upd"),
                "DROP TRIGGER IF EXISTS " + "`" + db + "`." + trigger("ins"));
    }

    /** {@code --no-swap-tables --no-drop-new-table}: the triggers go, the new table stays. */
    public void noSwap() {
        up.exec(
                "DROP TRIGGER IF EXISTS " + "`" + db + "`." + trigger("del"),
                "DROP TRIGGER IF EXISTS " + "`" + db + "`." + trigger("upd"),
                "DROP TRIGGER IF EXISTS " + "`" + db + "`." + trigger("ins"));
    }
}
