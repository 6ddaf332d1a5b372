package io.oscsync.job.testing;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Replays a Vitess online DDL migration (strategy vitess, v20+ names) for table t against a real
 * server, from osc-tools/vitess.sql: shadow CREATE + ALTER, row copy, catch-up, the three-pair
 * cut-over RENAME, then artifact and table GC. The caller stops its app writes before
 * {@link #catchUp()}: Vitess buffers the table's queries from there to the end of the cut-over.
 */
public final class VitessReplay {
    private static final TemplatedOscFixture FIXTURE = TemplatedOscFixture.load("vitess");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final MariaDbServer up;
    private final String db;
    private final Map<String, String> values = new HashMap<>();

    /** v20 and later: {@code _vt_vrp_<uuid>_<ts>_} and {@code _vt_hld_...} names. */
    public VitessReplay(MariaDbServer up, String db, String table) {
        this(up, db, table, true);
    }

    /** {@code newNames} false: v16-v19, {@code _<uuid>_<ts>_vrepl} and {@code _vt_HOLD_<uuid>_<ts>}. */
    public VitessReplay(MariaDbServer up, String db, String table, boolean newNames) {
        this.up = up;
        this.db = db;
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        UUID migration = UUID.randomUUID();
        String uuid = migration.toString().replace("-", "");
        String sentryUuid = condensedUuid();
        values.put("t", table);
        values.put(
                "shadow",
                newNames
                        ? internal("vrp", uuid, now)
                        : "_" + migration.toString().replace('-', '_') + "_" + TS.format(now) + "_vrepl");
        values.put(
                "sentry",
                newNames ? internal("hld", sentryUuid, now.plusHours(24)) : gc("HOLD", sentryUuid, now.plusHours(24)));
        values.put(
                "gc_hold",
                newNames ? internal("hld", uuid, now.minusSeconds(1)) : gc("HOLD", uuid, now.minusSeconds(1)));
        values.put(
                "gc_purge",
                newNames ? internal("prg", uuid, now.plusSeconds(1)) : gc("PURGE", uuid, now.plusSeconds(1)));
        values.put(
                "gc_evac", newNames ? internal("evc", uuid, now.plusHours(72)) : gc("EVAC", uuid, now.plusHours(72)));
        values.put(
                "gc_drop", newNames ? internal("drp", uuid, now.plusHours(73)) : gc("DROP", uuid, now.plusHours(73)));
    }

    private static String internal(String hint, String uuid, LocalDateTime t) {
        return "_vt_" + hint + "_" + uuid + "_" + TS.format(t) + "_";
    }

    private static String gc(String state, String uuid, LocalDateTime t) {
        return "_vt_" + state + "_" + uuid + "_" + TS.format(t);
    }

    private static String condensedUuid() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The shadow's name. */
    public String shadow() {
        return values.get("shadow");
    }

    /** The table as it is before the migration (made by the test, not by Vitess). */
    public void createTable() {
        run("before");
    }

    /** The shadow: a CREATE TABLE of t's definition, then the migration's ALTER on it. */
    public void start() {
        run("shadow");
    }

    /** VReplication's copy, by key ranges of {@code chunk} ids up to {@code maxId}. */
    public void copyRows(int chunk, int maxId) {
        for (int from = 0; from < maxId; from += chunk) {
            values.put("from", Integer.toString(from));
            values.put("to", Integer.toString(from + chunk));
            run("copy");
        }
    }

    /** VReplication's last catch-up, while the table's writes are buffered. */
    public void catchUp() {
        run("catch-up");
    }

    public void cutOver() {
        run("cut-over");
    }

    /** gcArtifacts() and table GC: the old table, now under the shadow's name, renamed through GC states and dropped. */
    public void gc() {
        run("gc");
    }

    private void run(String step) {
        List<String> sql = new ArrayList<>(List.of("USE `" + db + "`"));
        sql.addAll(FIXTURE.step(step, values));
        up.exec(sql.toArray(String[]::new));
    }
}
