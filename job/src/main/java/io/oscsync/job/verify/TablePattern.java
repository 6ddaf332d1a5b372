package io.oscsync.job.verify;

import io.oscsync.udfs.TableId;
import io.oscsync.udfs.name.Wildcard;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --tables}: comma-separated target names {@code db.table}, each part a DM wildcard
 * ({@code *}, {@code ?}, {@code [a-z]}); {@code db} alone means {@code db.*}. Matched against the
 * downstream (routed) names, ignoring case unless the task is case-sensitive.
 */
record TablePattern(List<Wildcard[]> parts) {
    static final TablePattern ALL = new TablePattern(List.of());

    static TablePattern parse(String text, boolean caseSensitive) {
        List<Wildcard[]> parts = new ArrayList<>();
        for (String p : text.split(",")) {
            String s = p.trim();
            if (s.isEmpty()) throw new IllegalArgumentException("--tables has an empty name in '" + text + "'");
            int dot = s.indexOf('.');
            String db = dot < 0 ? s : s.substring(0, dot);
            String table = dot < 0 ? "*" : s.substring(dot + 1);
            if (db.isEmpty() || table.isEmpty()) {
                throw new IllegalArgumentException("--tables: '" + s + "' is not db.table (e.g. shop.orders, shop.*)");
            }
            parts.add(new Wildcard[] {Wildcard.of(db, caseSensitive), Wildcard.of(table, caseSensitive)});
        }
        return new TablePattern(parts);
    }

    boolean matches(TableId t) {
        if (parts.isEmpty()) return true;
        for (Wildcard[] p : parts) if (p[0].matches(t.schema()) && p[1].matches(t.table())) return true;
        return false;
    }
}
