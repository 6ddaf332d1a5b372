package io.oscsync.job.testing;

/** SHOW CREATE TABLE compared across servers, up to the AUTO_INCREMENT counter (not replicated as such). */
public final class ShowCreate {
    private ShowCreate() {}

    public static String of(MariaDbServer s, String db, String table) {
        return s.query("SHOW CREATE TABLE `" + db + "`.`" + table + "`")
                .get(0)
                .get(1)
                .replaceAll(" AUTO_INCREMENT=\\d+", "");
    }

    public static void assertSame(MariaDbServer up, MariaDbServer down, String db, String table) {
        String u = of(up, db, table);
        String d = of(down, db, table);
        if (!u.equals(d)) {
            throw new AssertionError("SHOW CREATE TABLE " + db + "." + table + " differs\n  " + up.name() + ": " + u
                    + "\n  " + down.name() + ": " + d);
        }
    }
}
