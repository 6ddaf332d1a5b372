package io.oscsync.job.route;

import io.oscsync.job.event.ChangeEvent;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.ddl.RenamePair;
import io.oscsync.udfs.osc.Classification;
import io.oscsync.udfs.osc.TableRole;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Shadow tables whose names do not say which table they shadow (Vitess' {@code _vt_vrp_<uuid>_<time>_}).
 * The coordinator keys a shadow's DDL by its table, so that DDL waits here until a statement
 * names the table: {@code CREATE TABLE shadow LIKE t} at once, else the cut-over
 * {@code RENAME TABLE t TO .., shadow TO t}, before which the waiting DDL is released. A RENAME that
 * puts the old table under a shadow's name (Vitess keeps it for a revert) tells that shadow's
 * table too. One instance per source, kept in the route stage's operator state.
 */
final class ShadowOrigins {
    private final Map<TableId, TableId> origins = new HashMap<>();
    private final Map<TableId, List<ChangeEvent>> waiting = new LinkedHashMap<>();
    /** Nameless trash table -> the real table renamed to it (the first pair of a Vitess cut-over). */
    private final Map<TableId, TableId> movedAway = new HashMap<>();

    private final Function<TableId, Classification> classify;

    ShadowOrigins(Function<TableId, Classification> classify) {
        this.classify = classify;
    }

    /** The table {@code t} belongs to: from its name, else as learned, else null (a nameless shadow not placed yet). */
    TableId originOf(TableId t) {
        Classification c = classify.apply(t);
        if (c.originInName()) return new TableId(t.schema(), c.origin());
        return origins.get(t);
    }

    /**
     * A DDL about a nameless tool table not placed yet: true when it must wait (a shadow's CREATE
     * or ALTER); false when it can be dropped (anything on a trash table, a shadow dropped or
     * renamed away before its cut-over, which also forgets its waiting DDL).
     */
    boolean holds(ChangeEvent e, DdlStatement stmt, TableId subject) {
        if (classify.apply(subject).role() != TableRole.GHOST) return false;
        switch (stmt.kind()) {
            case CREATE_TABLE, ALTER_TABLE, CREATE_INDEX, DROP_INDEX -> {
                if (stmt.kind() == DdlStatement.Kind.ALTER_TABLE
                        && !stmt.renames(subject.schema()).isEmpty()) {
                    waiting.remove(subject);
                    return false;
                }
                if (stmt.kind() == DdlStatement.Kind.CREATE_TABLE) waiting.remove(subject); // a fresh start
                waiting.computeIfAbsent(subject, k -> new ArrayList<>()).add(e);
                return true;
            }
            default -> {
                waiting.remove(subject);
                return false;
            }
        }
    }

    /** {@code CREATE TABLE shadow LIKE t}: the shadow belongs to t from now on. */
    void learnFromLike(DdlStatement stmt, String schema) {
        List<TableId> tables = stmt.tables(schema);
        TableId shadow = tables.get(0);
        if (!classify.apply(shadow).originInName() && tables.size() > 1) {
            TableId like = originOf(tables.get(1));
            origins.put(shadow, like == null ? tables.get(1) : like);
        }
    }

    /** What a RENAME released: the waiting DDL per cut-over pair, and the table the RENAME's subject belongs to. */
    record Release(Map<RenamePair, List<ChangeEvent>> waiting, TableId subjectOrigin) {}

    /**
     * A RENAME (the binlog reader hands a multi-pair RENAME over one pair per event): the waiting
     * DDL of every nameless shadow it renames to a real table, each pair with that table, to route
     * before the RENAME itself. A real table renamed to a nameless trash name is remembered, so the
     * pair that then puts that trash table under a shadow's name (Vitess keeps the old table for a
     * revert) tells the shadow's table.
     */
    Release release(List<RenamePair> pairs, TableId subject) {
        Map<RenamePair, List<ChangeEvent>> released = new LinkedHashMap<>();
        TableId subjectOrigin = null;
        for (RenamePair p : pairs) {
            Classification from = classify.apply(p.from());
            Classification to = classify.apply(p.to());
            if (!from.originInName() && from.role() == TableRole.GHOST && to.role() == TableRole.REAL) {
                List<ChangeEvent> ddl = waiting.remove(p.from());
                released.put(p, ddl == null ? List.of() : ddl);
                origins.remove(p.from());
                if (p.from().equals(subject)) subjectOrigin = p.to();
            } else if (from.role() == TableRole.REAL && !to.originInName()) {
                movedAway.put(p.to(), p.from());
            } else if (!from.originInName() && from.role() == TableRole.TRASH && !to.originInName()) {
                TableId old = movedAway.remove(p.from());
                if (old != null && to.role() == TableRole.GHOST) origins.put(p.to(), old);
                if (old != null && p.from().equals(subject)) subjectOrigin = old;
            } else if (!from.originInName()) {
                origins.remove(p.from());
                waiting.remove(p.from());
            }
        }
        return new Release(released, subjectOrigin);
    }

    /** {@code DROP TABLE}: forgets what it knew of the dropped shadows. */
    void forget(List<TableId> dropped) {
        for (TableId t : dropped) {
            origins.remove(t);
            waiting.remove(t);
            movedAway.remove(t);
        }
    }

    Map<TableId, TableId> origins() {
        return origins;
    }

    Map<TableId, TableId> movedAway() {
        return movedAway;
    }

    List<ChangeEvent> waitingEvents() {
        List<ChangeEvent> all = new ArrayList<>();
        waiting.values().forEach(all::addAll);
        return all;
    }

    /** Restores state: the learned origins and the waiting DDL, in order (their subjects are the shadows). */
    void restore(
            Map<TableId, TableId> learned,
            Map<TableId, TableId> moved,
            List<ChangeEvent> events,
            Function<ChangeEvent, TableId> subject) {
        origins.putAll(learned);
        movedAway.putAll(moved);
        for (ChangeEvent e : events)
            waiting.computeIfAbsent(subject.apply(e), k -> new ArrayList<>()).add(e);
    }
}
