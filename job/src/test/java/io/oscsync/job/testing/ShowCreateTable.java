package io.oscsync.job.testing;

/** Compares tables as SHOW CREATE TABLE prints them. */
public final class ShowCreateTable {
    private ShowCreateTable() {}

    /**
     * The table's SHOW CREATE TABLE without its AUTO_INCREMENT counter (the downstream's moves with
     * the rows it was sent, not with what the upstream allocated).
     */
    public static String of(MariaDbServer s, String db, String table) {
        String create =
                s.query("SHOW CREATE TABLE `" + db + "`.`" + table + "`").get(0).get(1);
        return create.replaceAll(" AUTO_INCREMENT=\\d+", "");
    }

    public static void assertSame(MariaDbServer up, MariaDbServer down, String db, String table) {
        String u = of(up, db, table);
        String d = of(down, db, table);
        if (!u.equals(d)) {
            throw new AssertionError(
                    "SHOW CREATE TABLE differs for " + db + "." + table + "\n  up:   " + u + "\n  down: " + d);
        }
    }
}
