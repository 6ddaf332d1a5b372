package io.oscsync.job.coordinator;

import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.event.DdlMode;
import io.oscsync.job.event.DownstreamDdl;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.ddl.RenamePair;
import io.oscsync.udfs.name.Router;
import io.oscsync.udfs.osc.Classification;
import io.oscsync.udfs.osc.TableClassifier;
import io.oscsync.udfs.osc.TableRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

/**
 * The lifecycle of online schema changes (gh-ost, pt-osc and the like) of one source: what one
 * upstream DDL becomes downstream, given the ghost tables in flight. A ghost's life:
 *
 * <pre>
 *   (none) --CREATE ghost--> RECORDING --ALTER / CREATE INDEX / DROP INDEX on ghost--> RECORDING
 *   RECORDING --RENAME ghost -> real (cut-over)--> (none)   recorded DDLs applied to the real table,
 *             or, with none recorded, the target made to match the ghost's definition
 *   RECORDING --DROP ghost | RENAME ghost -> trash--> (none) recorded DDLs discarded
 *   (none)    --RENAME trash -> ghost--> RECORDING, nothing recorded
 *             (Vitess: the old table goes on under the shadow's name, for a revert)
 *   (none)    --RENAME ghost -> real--> failure: the job did not see the migration start
 *             (online-ddl-derive-missing: the target made to match the binlog's definition)
 *   (none)    --RENAME real -> _t_rev_del, _t_del -> real (gh-ost --revert)--> the target made to match
 *             the binlog's definition of the table put back
 * </pre>
 *
 * <p>A ghost built by a full CREATE TABLE and no ALTER (Facebook's OSC) carries its whole change
 * in that definition: the cut-over makes the target match it ({@link DdlMode#MATCH_DEFINITION}).
 * A ghost that was ALTERed (gh-ost, pt-osc, LHM, Spirit, Vitess) gets its recorded statements
 * applied, as they carry intent a definition loses (a column renamed, not dropped and added).
 *
 * Rows of ghost and trash tables never reach it (classify-and-route drops them). Pure: the
 * caller passes the keyed state in as a {@link Store}; a lifecycle ends with its record removed.
 */
final class GhostLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(GhostLifecycle.class);

    /** The keyed state of one target table's ghost lifecycles. */
    interface Store {
        GhostRecord get(String key) throws Exception;

        void put(String key, GhostRecord record) throws Exception;

        void remove(String key) throws Exception;

        /** A lifecycle in flight whose origin is {@code origin} (a drop_swap is under way). */
        boolean hasGhostOf(String sourceId, TableId origin) throws Exception;

        /** The trash name a real table was renamed to (earlier releases kept its definition here, which never reads as a revert). */
        void putMovedAway(String key, String trashName) throws Exception;

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
    /**
     * True when no event filter may drop a clause: every ALTER on a ghost is recorded, and the
     * downstream should end equal to the upstream. With filters, a ghost with nothing recorded may
     * have had its ALTERs filtered away, and the downstream may rightly differ.
     */
    private final boolean wholeDdl;

    GhostLifecycle(
            String sourceId,
            TableClassifier classifier,
            Router router,
            Listener listener,
            boolean deriveMissing,
            boolean wholeDdl) {
        this.sourceId = sourceId;
        this.classifier = classifier;
        this.router = router;
        this.listener = listener;
        this.deriveMissing = deriveMissing;
        this.wholeDdl = wholeDdl;
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
                DdlStatement shape = stmt.kind() == DdlStatement.Kind.CREATE_TABLE ? stmt : null;
                GhostRecord r = GhostRecord.created(sourceId, t, new TableId(t.schema(), c.origin()), shape);
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

    /** One pair of a RENAME (the binlog reader hands a multi-pair RENAME over one pair per event). */
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
            // The old table moved away; a gh-ost --revert then puts its old table back in its place.
            store.putMovedAway(GhostRecord.key(sourceId, p.from()), p.to().table());
        } else if (from == TableRole.GHOST && to == TableRole.TRASH) {
            abort(p.from(), store);
        } else if (from == TableRole.TRASH && to == TableRole.REAL && isRevert(p, store)) {
            match(p, tableChanges, "gh-ost --revert " + p.from().quoted() + " -> " + p.to().quoted(), out);
        } else if (from == TableRole.TRASH
                && to == TableRole.GHOST
                && store.get(GhostRecord.key(sourceId, p.to())) == null) {
            adopt(p, store);
        } else if (to == TableRole.GHOST || (from == TableRole.TRASH && to == TableRole.REAL)) {
            throw new CutOverException("RENAME " + p.from() + " TO " + p.to() + " (source " + sourceId + ") moves a "
                    + from.name().toLowerCase() + " table to a " + to.name().toLowerCase() + " name; osc-sync "
                    + "cannot tell what the downstream table should become. Rename it back upstream, or exclude the "
                    + "table, and restart from a binlog position after this statement.");
        }
        // trash -> trash: nothing downstream
    }

    private void cutOver(RenamePair p, String tableChanges, Store store, List<DownstreamDdl> out) throws Exception {
        refuseGhostNamedForAnotherTable(p);
        String key = GhostRecord.key(sourceId, p.from());
        GhostRecord r = store.get(key);
        store.takeMovedAway(GhostRecord.key(sourceId, p.to())); // a cut-over, not a revert
        String cutOver = p.from().quoted() + " -> " + p.to().quoted();
        if (r == null && deriveMissing) {
            DownstreamDdl d = match(
                    p,
                    tableChanges,
                    "cut-over " + cutOver
                            + " matched to the binlog's definition (the job did not see the migration start)",
                    out);
            listener.derived(p, d.statement());
            return;
        }
        if (r == null) {
            throw new CutOverException("cut-over RENAME " + p.from() + " TO " + p.to() + " (source " + sourceId
                    + "), but osc-sync did not see this migration start (it was started or restored after the "
                    + "ghost table was created), so it does not know which DDL to apply to " + router.route(p.to())
                    + ". Apply the migration's ALTER to the downstream table by hand, then start the task again "
                    + "with task-mode incremental from a binlog position after this RENAME (or set "
                    + "online-ddl-derive-missing: true to match the downstream columns and primary key to the "
                    + "binlog's definition).");
        }
        TableId target = router.route(p.to());
        String reason = tool(p.from()) + " cut-over " + cutOver;
        UnaryOperator<TableId> names = t -> t.equals(p.from()) ? target : router.route(t);
        if (!r.ddls().isEmpty()) {
            for (DdlStatement ddl : r.ddls()) {
                // The ghost's DDL, about the real table now, under its routed name.
                out.add(new DownstreamDdl(
                        ddl.rewritten(p.from().schema(), names), reason + ", the DDL recorded on the ghost table"));
            }
            // The recorded statements carry intent (a rename); the binlog's definition checks their result.
            DdlStatement after = wholeDdl ? BinlogDefinition.createTable(target, tableChanges, p.to()) : null;
            if (after != null) {
                out.add(new DownstreamDdl(
                        after, reason + " (" + r.ddls().size() + " recorded statement(s))", DdlMode.CHECK_COLUMNS));
            }
        } else if (!wholeDdl) {
            LOG.info(
                    "{}: nothing recorded on the ghost (event filters may have dropped its ALTERs): nothing to apply",
                    reason);
        } else if (r.shape() != null) {
            out.add(new DownstreamDdl(
                    r.shape().rewritten(p.from().schema(), names),
                    reason + ": the ghost was built by CREATE TABLE, the target made to match it",
                    DdlMode.MATCH_DEFINITION));
        } else {
            match(
                    p,
                    tableChanges,
                    reason + ": nothing recorded on the ghost, the target matched to its definition",
                    out);
        }
        store.remove(key);
        listener.cutOver(r);
    }

    /** Makes the target match the binlog's definition of the table {@code p} puts in place. */
    private DownstreamDdl match(RenamePair p, String tableChanges, String reason, List<DownstreamDdl> out) {
        DdlStatement create = BinlogDefinition.createTable(router.route(p.to()), tableChanges, p.to());
        if (create == null) {
            throw new CutOverException("RENAME " + p.from() + " TO " + p.to() + " (source " + sourceId + "): the "
                    + "binlog reader gave no definition of " + p.to() + ", so osc-sync cannot tell what the downstream "
                    + "table should become. Make " + router.route(p.to()) + " match the upstream table by hand, then "
                    + "start the task again from a binlog position after this statement.");
        }
        DownstreamDdl d = new DownstreamDdl(create, reason, DdlMode.MATCH_COLUMNS);
        out.add(d);
        return d;
    }

    /** gh-ost --revert: the real table went to its {@code _rev_} trash name, and its own trash table comes back. */
    private boolean isRevert(RenamePair p, Store store) throws Exception {
        String movedTo = store.takeMovedAway(GhostRecord.key(sourceId, p.to()));
        Classification back = classify(p.from());
        return movedTo != null
                && movedTo.contains("_rev_")
                && classify(new TableId(p.to().schema(), movedTo)).origin().equals(p.to().table())
                && back.origin().equals(p.to().table());
    }

    /**
     * A trash table put under a shadow's name (Vitess keeps the old table there for a revert): a
     * lifecycle with nothing recorded, whose cut-over matches the binlog's definition. Its origin is
     * itself, so that it never holds back a DROP of the real table (see {@link #drop}).
     */
    private void adopt(RenamePair p, Store store) throws Exception {
        String key = GhostRecord.key(sourceId, p.to());
        GhostRecord r = GhostRecord.created(sourceId, p.to(), p.to(), null);
        store.put(key, r);
        listener.started(r, true);
    }

    /**
     * A ghost's table is read from its name, and its DDL was keyed by that name's table: a ghost
     * named for another table (gh-ost's --force-table-names, or a name gh-ost shortened to 64
     * characters) has its record elsewhere. Applying or deriving here could be wrong: stop.
     */
    private void refuseGhostNamedForAnotherTable(RenamePair p) {
        Classification c = classify(p.from());
        String origin = c.origin();
        if (!c.originInName() || origin.equals(p.to().table())) return; // a nameless shadow learns its table
        throw new CutOverException("cut-over RENAME " + p.from() + " TO " + p.to() + " (source " + sourceId
                + "): the ghost table's name says it belongs to table `" + origin + "`, not `" + p.to().table()
                + "`. gh-ost names its tables so with --force-table-names, or when `_<table>_gho` would be longer "
                + "than 64 characters (it shortens the table's name); osc-sync tells a ghost's table by its name "
                + "and cannot follow such a migration. Apply the migration's ALTER to " + router.route(p.to())
                + " by hand, then start the task again with task-mode incremental from a binlog position after this "
                + "RENAME; for the next migrations run gh-ost without --force-table-names (a table whose name is over "
                + "59 characters needs a plain ALTER TABLE).");
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
    static String tool(TableId ghost) {
        String name = ghost.table();
        if (name.startsWith("_") && name.endsWith("_gho")) return "gh-ost";
        if (name.startsWith("_") && name.endsWith("_new")) return "pt-osc";
        return "online DDL";
    }

    private boolean isReal(TableId t) {
        return classify(t).isReal();
    }

    private Classification classify(TableId t) {
        return classifier == null ? Classification.real(t.table()) : classifier.classify(t.schema(), t.table());
    }

    /** A cut-over or rename the job cannot apply correctly: restarting would not help. */
    static final class CutOverException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        CutOverException(String message) {
            super(message);
        }
    }
}
