package io.oscsync.job.coordinator;

import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.event.DownstreamDdl;
import io.oscsync.job.event.TableChanges;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.ddl.RenamePair;
import io.oscsync.udfs.name.Router;
import io.oscsync.udfs.osc.Classification;
import io.oscsync.udfs.osc.TableClassifier;
import io.oscsync.udfs.osc.TableRole;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The lifecycle of online schema changes (gh-ost, pt-osc and the like) of one source: what one
 * upstream DDL becomes downstream, given the ghost tables in flight. A ghost's life:
 *
 * <pre>
 *   (none) --CREATE ghost--> RECORDING --ALTER / CREATE INDEX / DROP INDEX on ghost--> RECORDING
 *   RECORDING --RENAME ghost -> real (cut-over)--> (none)   recorded DDLs applied to the real table
 *   RECORDING --DROP ghost | RENAME ghost -> trash--> (none) recorded DDLs discarded
 *   (none)    --RENAME ghost -> real--> failure: the job did not see the migration start
 * </pre>
 *
 * Rows of ghost and trash tables never reach it (classify-and-route drops them). Pure: the
 * caller passes the keyed state in as a {@link Store}; a lifecycle ends with its record removed.
 */
final class GhostLifecycle {

    /** The keyed state of one target table's ghost lifecycles. */
    interface Store {
        GhostRecord get(String key) throws Exception;

        void put(String key, GhostRecord record) throws Exception;

        void remove(String key) throws Exception;

        /** A lifecycle in flight whose origin is {@code origin} (a drop_swap is under way). */
        boolean hasGhostOf(String sourceId, TableId origin) throws Exception;

        /** The definition of a real table as it was renamed to a trash name (tableChanges JSON). */
        void putMovedAway(String key, String definition) throws Exception;

        /** Takes (reads and forgets) what {@link #putMovedAway} kept. */
        String takeMovedAway(String key) throws Exception;
    }

    /** What happened, for metrics. */
    interface Listener {
        /** A ghost was created; {@code fresh} is false when it replaced a lifecycle of the same name. */
        void started(GhostRecord r, boolean fresh);

        void recorded(GhostRecord r);

        void cutOver(GhostRecord r);

        void aborted(GhostRecord r);

        /** A cut-over without a record, derived from the definitions ({@code ddl} null: nothing differed). */
        void derived(RenamePair cutOver, DdlStatement ddl);
    }

    private final String sourceId;
    private final TableClassifier classifier; // null: online-ddl is off
    private final Router router;
    private final Listener listener;
    private final boolean deriveMissing;

    GhostLifecycle(
            String sourceId, TableClassifier classifier, Router router, Listener listener, boolean deriveMissing) {
        this.sourceId = sourceId;
        this.classifier = classifier;
        this.router = router;
        this.listener = listener;
        this.deriveMissing = deriveMissing;
    }

    /**
     * @param e a routed DDL event of this lifecycle's source
     * @return statements for the downstream, in order, in target names, each with why it runs
     */
    List<DownstreamDdl> translate(ChangeEvent e, Store store) throws Exception {
        DdlStatement stmt = e.statement();
        String schema = e.table().schema();
        String tableChanges = e.tableChanges(); // Debezium's post-DDL definitions of the statement's tables
        List<DownstreamDdl> out = new ArrayList<>();
        switch (stmt.kind()) {
            case RENAME_TABLE -> {
                for (RenamePair p : stmt.renames(schema)) rename(p, tableChanges, store, out);
            }
            case ALTER_TABLE -> {
                List<RenamePair> renames = stmt.renames(schema);
                TableId subject = stmt.subject(schema);
                if (!renames.isEmpty()
                        && !(isReal(renames.get(0).from())
                                && isReal(renames.get(0).to()))) {
                    for (RenamePair p : renames) rename(p, tableChanges, store, out);
                } else {
                    recordOrPass(stmt, subject, schema, store, out);
                }
            }
            case CREATE_INDEX, DROP_INDEX -> recordOrPass(stmt, stmt.subject(schema), schema, store, out);
            case CREATE_TABLE, CREATE_TABLE_LIKE -> create(stmt, schema, store, out);
            case DROP_TABLE -> drop(stmt, schema, store, out);
            case TRUNCATE_TABLE -> {
                if (isReal(stmt.subject(schema))) out.add(DownstreamDdl.plain(rewrite(stmt, schema)));
            }
            default -> {} // database, trigger, view, ANALYZE ... statements change no table we write
        }
        return out;
    }

    private void create(DdlStatement stmt, String schema, Store store, List<DownstreamDdl> out) throws Exception {
        TableId t = stmt.subject(schema);
        Classification c = classify(t);
        switch (c.role()) {
            case GHOST -> {
                String key = GhostRecord.key(sourceId, t);
                boolean fresh = store.get(key) == null;
                GhostRecord r = GhostRecord.created(sourceId, t, new TableId(t.schema(), c.origin()));
                if (tool(t).equals("pt-osc")) {
                    for (DdlStatement rename : ShadowForeignKeys.renames(stmt, t)) r = r.withDdl(rename);
                }
                store.put(key, r); // a new CREATE forgets any earlier record of that ghost
                listener.started(r, fresh);
            }
            case TRASH -> {} // gh-ost's changelog and cut-over sentry
            case REAL -> out.add(DownstreamDdl.plain(rewrite(stmt, schema)));
        }
    }

    private void recordOrPass(DdlStatement stmt, TableId t, String schema, Store store, List<DownstreamDdl> out)
            throws Exception {
        Classification c = classify(t);
        if (c.role() == TableRole.REAL) {
            out.add(DownstreamDdl.plain(rewrite(stmt, schema)));
            return;
        }
        if (c.role() == TableRole.TRASH) return;
        String key = GhostRecord.key(sourceId, t);
        GhostRecord r = store.get(key);
        if (r == null) return; // its CREATE came before the job started: the cut-over will say so
        String last =
                r.ddls().isEmpty() ? null : r.ddls().get(r.ddls().size() - 1).normalized();
        if (stmt.normalized().equals(last)) return; // an identical repeat is recorded once
        GhostRecord next = r.withDdl(stmt);
        store.put(key, next);
        listener.recorded(next);
    }

    private void rename(RenamePair p, String tableChanges, Store store, List<DownstreamDdl> out) throws Exception {
        TableRole from = classify(p.from()).role();
        TableRole to = classify(p.to()).role();
        if (from == TableRole.REAL && to == TableRole.REAL) {
            out.add(DownstreamDdl.plain(
                    DdlStatement.parse("RENAME TABLE " + router.route(p.from()).quoted() + " TO "
                            + router.route(p.to()).quoted())));
        } else if (from == TableRole.GHOST && to == TableRole.REAL) {
            cutOver(p, tableChanges, store, out);
        } else if (from == TableRole.REAL && to == TableRole.TRASH) {
            // The old table moved away: keep its definition in case the cut-over must be derived.
            if (deriveMissing && tableChanges != null)
                store.putMovedAway(GhostRecord.key(sourceId, p.from()), tableChanges);
        } else if (from == TableRole.GHOST && to == TableRole.TRASH) {
            abort(p.from(), store);
        } else if (from == TableRole.TRASH
                && to == TableRole.GHOST
                && store.get(GhostRecord.key(sourceId, p.to())) == null) {
            // Vitess's cut-over parks the old table under the name its ghost just left (RENAME t TO
            // sentry, ghost TO t, sentry TO ghost): no migration of that name is in flight.
        } else if (to == TableRole.GHOST || (from == TableRole.TRASH && to == TableRole.REAL)) {
            throw new CutOverException("RENAME " + p.from() + " TO " + p.to() + " (source " + sourceId + ") moves a "
                    + from.name().toLowerCase() + " table to a " + to.name().toLowerCase() + " name; osc-sync "
                    + "cannot tell what the downstream table should become. Rename it back upstream, or exclude the "
                    + "table, and restart from a binlog position after this statement.");
        }
        // real -> trash (the old table moved away), and trash -> trash: nothing downstream
    }

    private void cutOver(RenamePair p, String tableChanges, Store store, List<DownstreamDdl> out) throws Exception {
        String key = GhostRecord.key(sourceId, p.from());
        GhostRecord r = store.get(key);
        String before = store.takeMovedAway(GhostRecord.key(sourceId, p.to()));
        if (r == null && deriveMissing && before != null && TableChanges.firstTable(tableChanges) != null) {
            String text = DefinitionDiff.alter(
                    router.route(p.to()), TableChanges.firstTable(before), TableChanges.firstTable(tableChanges));
            DdlStatement derived = text == null ? null : DdlStatement.parse(text);
            if (derived != null) {
                out.add(new DownstreamDdl(
                        derived,
                        "cut-over " + p.from().quoted() + " -> " + p.to().quoted()
                                + " derived from the two table definitions (the job did not see the migration start)"));
            }
            listener.derived(p, derived);
            return;
        }
        if (r == null) {
            throw new CutOverException("cut-over RENAME " + p.from() + " TO " + p.to() + " (source " + sourceId
                    + "), but osc-sync did not see this migration start (it was started or restored after the "
                    + "ghost table was created), so it does not know which DDL to apply to " + router.route(p.to())
                    + ". Apply the migration's ALTER to the downstream table by hand, then start the task again "
                    + "with task-mode incremental from a binlog position after this RENAME (or set "
                    + "online-ddl-derive-missing: true to derive the column changes from the two definitions).");
        }
        TableId target = router.route(p.to());
        String reason = tool(p.from()) + " cut-over " + p.from().quoted() + " -> " + p.to().quoted()
                + ", the DDL recorded on the ghost table";
        for (DdlStatement ddl : r.ddls()) {
            // The ghost's DDL, about the real table now, under its routed name.
            out.add(new DownstreamDdl(
                    ddl.rewritten(p.from().schema(), t -> t.equals(p.from()) ? target : router.route(t)), reason));
        }
        store.remove(key);
        listener.cutOver(r);
    }

    private void abort(TableId ghost, Store store) throws Exception {
        String key = GhostRecord.key(sourceId, ghost);
        GhostRecord r = store.get(key);
        if (r != null) {
            store.remove(key);
            listener.aborted(r);
        }
    }

    /**
     * DROP: a ghost's drop aborts its migration; a trash table's is nothing; a real table's is
     * applied, except while a ghost of it is in flight (pt-osc drop_swap: DROP t, then RENAME
     * _t_new TO t), when the downstream table survives to receive the recorded DDL.
     */
    private void drop(DdlStatement stmt, String schema, Store store, List<DownstreamDdl> out) throws Exception {
        List<TableId> dropped = new ArrayList<>();
        for (TableId t : stmt.tables(schema)) {
            switch (classify(t).role()) {
                case GHOST -> abort(t, store);
                case TRASH -> {}
                case REAL -> {
                    if (!store.hasGhostOf(sourceId, t)) dropped.add(t);
                }
            }
        }
        if (dropped.size() == stmt.tables(schema).size()) {
            out.add(DownstreamDdl.plain(rewrite(stmt, schema)));
        } else if (!dropped.isEmpty()) {
            StringJoiner names = new StringJoiner(", ", "DROP TABLE IF EXISTS ", "");
            dropped.forEach(t -> names.add(router.route(t).quoted()));
            out.add(new DownstreamDdl(
                    DdlStatement.parse(names.toString()),
                    DownstreamDdl.PLAIN + ", without the tables a migration replaces"));
        }
    }

    private DdlStatement rewrite(DdlStatement stmt, String schema) {
        return stmt.rewritten(schema, router::route);
    }

    /** The tool, told by the ghost's name (the default rules' suffixes); a custom rule's ghost is just "online DDL". */
    private static String tool(TableId ghost) {
        String name = ghost.table();
        if (name.startsWith("_") && name.endsWith("_gho")) return "gh-ost";
        if (name.startsWith("_") && name.endsWith("_new")) return "pt-osc";
        return "online DDL";
    }

    private boolean isReal(TableId t) {
        return classify(t).isReal();
    }

    private Classification classify(TableId t) {
        return classifier == null ? Classification.real(t.table()) : classifier.classify(t.table());
    }

    /** A cut-over or rename the job cannot apply correctly: restarting would not help. */
    static final class CutOverException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        CutOverException(String message) {
            super(message);
        }
    }
}
