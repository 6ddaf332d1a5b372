package io.oscsync.job.shard;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.event.DownstreamDdl;
import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.ddl.Token;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Coordinates the schema changes of the shards merged into one target table; see the package
 * documentation for the protocol. Pure: state, the DDL translation and the output are passed in.
 */
public final class ShardCoordination {
    private static final Logger LOG = LoggerFactory.getLogger(ShardCoordination.class);

    /** What the coordinator does with what comes out. */
    public interface Downstream {
        /** The shard an event belongs to (a ghost table's events belong to its origin's shard); null for none. */
        String shardOf(ChangeEvent e);

        /** The event's DDL in target terms, ghost lifecycles applied (empty: nothing downstream). */
        List<DownstreamDdl> translate(ChangeEvent e) throws Exception;

        void row(ChangeEvent e);

        /** A statement for the target; {@code reason} says why it runs, for the sink's log. */
        void ddl(ChangeEvent e, String statement, String reason);

        /** Whether a column of the event's post-DDL definition is nullable or has a default; null if unknown. */
        Boolean columnIsOptional(ChangeEvent e, String column);
    }

    /** What happened, for metrics. */
    public interface Listener {
        /** A lock's count of shards still to reach it changed (0: no lock). */
        void lockChanged(int shardsWaitingBefore, int shardsWaitingAfter);

        void held();

        void released(int events);
    }

    private final TaskConfig.ShardMode mode;
    private final ShardState state;
    private final Downstream down;
    private final Listener listener;
    private final Collection<String> initialMembers;

    /** @param initialMembers the shards routed to this target when the job was built */
    public ShardCoordination(TaskConfig.ShardMode mode, ShardState state, Downstream down, Listener listener,
                             Collection<String> initialMembers) {
        this.mode = mode;
        this.state = state;
        this.down = down;
        this.listener = listener;
        this.initialMembers = initialMembers;
    }

    /** A shard: its source and upstream real table, e.g. {@code up1:shop_01.orders}. */
    public static String shardId(String sourceId, String schema, String table) {
        return sourceId + ":" + schema + "." + table;
    }

    public void process(ChangeEvent e) throws Exception {
        // Rows are the hot path: one state read, and the shard only while a lock waits.
        if (e.kind().isRow()) {
            if (!heldByLock(e, null)) down.row(e);
            return;
        }
        String shard = down.shardOf(e);
        if (shard == null) { // a statement about no table: nothing to coordinate
            for (DownstreamDdl d : down.translate(e)) down.ddl(e, d.sql(), d.reason());
            return;
        }
        if (heldByLock(e, shard)) return;
        Set<String> members = members(shard);
        List<DownstreamDdl> translated = down.translate(e).stream().filter(d -> isSchemaChange(d.sql())).toList();
        if (translated.isEmpty()) return;
        List<String> statements = translated.stream().map(DownstreamDdl::sql).toList();
        DdlStatement first = DdlStatement.parse(statements.get(0));
        boolean alone = members.size() == 1; // a target fed by one table: its DROP, TRUNCATE, RENAME are its own
        if (alone && EnumSet.of(DdlStatement.Kind.DROP_TABLE, DdlStatement.Kind.TRUNCATE_TABLE,
                DdlStatement.Kind.RENAME_TABLE).contains(first.kind())) {
            if (first.kind() != DdlStatement.Kind.TRUNCATE_TABLE) {
                members.remove(shard);
                state.setMembers(members);
            }
            for (DownstreamDdl d : translated) down.ddl(e, d.sql(), d.reason());
            return;
        }
        switch (first.kind()) {
            case CREATE_TABLE, CREATE_TABLE_LIKE -> {
                // A new shard, or the first: the target is created once (a CREATE of an existing table is skipped).
                for (DownstreamDdl d : translated) {
                    down.ddl(e, d.sql(), alone ? d.reason() : d.reason() + ", by shard " + shard + " of " + members);
                }
            }
            case DROP_TABLE -> {
                ShardLock lock = state.lock();
                int before = waiting(members, lock);
                members.remove(shard);
                state.setMembers(members);
                LOG.info("shard {} dropped: it leaves the group of {}; the target table stays", shard, e.target());
                if (mode == TaskConfig.ShardMode.OPTIMISTIC) {
                    OptimisticSchema.Outcome left = state.schema().leave(shard, members);
                    for (String s : left.run()) { // drops that waited only for this shard
                        down.ddl(e, s, "optimistic drop: shard " + shard + ", the last to have it, left");
                    }
                    state.setSchema(left.schema());
                }
                if (lock != null && lock.reachedByAll(members)) {
                    listener.lockChanged(before, 0);
                    resolve(e, lock);
                } else {
                    listener.lockChanged(before, waiting(members, lock));
                }
            }
            case TRUNCATE_TABLE -> LOG.warn("TRUNCATE of shard {} not applied to the merged target {}: it holds the "
                    + "other shards' rows too", shard, e.target());
            case RENAME_TABLE -> throw new ShardConflictException("RENAME of shard " + shard + " (" + e.ddl()
                    + ") in the shard group of " + e.target() + ": renaming a shard table is not supported; exclude "
                    + "the table or route its new name to the same target, then restart");
            default -> {
                if (mode == TaskConfig.ShardMode.PESSIMISTIC) pessimistic(e, shard, statements, members);
                else optimistic(e, shard, translated, members);
            }
        }
    }

    /** Pessimistic: keeps the event in state when its shard has reached the pending lock. */
    private boolean heldByLock(ChangeEvent e, String shard) throws Exception {
        if (mode != TaskConfig.ShardMode.PESSIMISTIC) return false;
        ShardLock lock = state.lock();
        if (lock == null || !lock.reached().contains(shard != null ? shard : down.shardOf(e))) return false;
        state.hold(e);
        listener.held();
        return true;
    }

    private Set<String> members(String shard) throws Exception {
        Set<String> members = state.members();
        boolean changed = members == null;
        if (members == null) members = new TreeSet<>(initialMembers);
        if (members.add(shard) || changed) state.setMembers(members);
        return members;
    }

    private void pessimistic(ChangeEvent e, String shard, List<String> statements, Set<String> members)
            throws Exception {
        List<String> normalized = normalize(statements);
        ShardLock lock = state.lock();
        int before = waiting(members, lock);
        if (lock == null) {
            lock = ShardLock.start(statements, normalized, shard, e.ddl());
        } else if (!lock.normalized().equals(normalized)) {
            throw new ShardConflictException("shards of " + e.target() + " changed differently: " + lock.firstShard()
                    + " ran [" + lock.firstDdl() + "], giving " + lock.statements() + ", while " + shard + " ran ["
                    + e.ddl() + "], giving " + statements + ". In pessimistic mode every shard must make the same "
                    + "change; make them agree upstream (or use shard-mode optimistic for compatible changes), then "
                    + "resume the job from its latest checkpoint");
        } else {
            lock = lock.reachedBy(shard);
        }
        listener.lockChanged(before, lock.reachedByAll(members) ? 0 : waiting(members, lock));
        if (lock.reachedByAll(members)) {
            resolve(e, lock);
        } else {
            state.setLock(lock);
            LOG.info("shard DDL lock on {}: {} of {} shards reached {}; waiting for {}", e.target(),
                    lock.reached().size(), members.size(), lock.statements(), missing(members, lock));
        }
    }

    /** Every shard reached the DDL: run it once, then release the held events in order. */
    private void resolve(ChangeEvent e, ShardLock lock) throws Exception {
        LOG.info("shard DDL lock on {} resolved by all of {}: applying {}", e.target(), lock.reached(),
                lock.statements());
        String reason = "shard lock resolved: every shard of " + lock.reached() + " ran it (first " + lock.firstShard() + ")";
        for (String s : lock.statements()) down.ddl(e, s, reason);
        state.setLock(null);
        List<ChangeEvent> held = state.takeHeld();
        listener.released(held.size());
        for (ChangeEvent h : held) process(h);
    }

    /**
     * Each clause on its own, judged by {@link OptimisticSchema} against the target's definition
     * and the other shards': adds and modifies run at once (once), drops when no shard has the
     * column or index any more, a disagreement fails.
     */
    private void optimistic(ChangeEvent e, String shard, List<DownstreamDdl> statements, Set<String> members)
            throws Exception {
        OptimisticSchema schema = state.schema();
        for (DownstreamDdl d : statements) {
            DdlStatement stmt = DdlStatement.parse(d.sql());
            List<String> parts = stmt.kind() == DdlStatement.Kind.ALTER_TABLE ? stmt.splitAlter() : List.of(d.sql());
            for (String part : parts) {
                schema = optimisticChange(e, shard, SchemaChange.parse(part), d.reason(), members, schema);
            }
        }
        state.setSchema(schema);
    }

    private OptimisticSchema optimisticChange(ChangeEvent e, String shard, SchemaChange c, String reason,
                                              Set<String> members, OptimisticSchema schema) {
        if (c.kind() == SchemaChange.Kind.OTHER) {
            throw new ShardConflictException("shard " + shard + " of " + e.target() + " ran [" + e.ddl() + "]: ["
                    + c.statement() + "] is not a change optimistic mode can merge (it adds, modifies or drops columns "
                    + "and indexes, without renaming); use shard-mode pessimistic for this table, or skip the statement "
                    + "with a filter");
        }
        OptimisticSchema.Outcome o = schema.judge(shard, c, members);
        switch (o.verdict()) {
            case CONFLICT -> throw new ShardConflictException("shards of " + e.target() + " disagree on " + o.detail()
                    + " (" + shard + " ran [" + e.ddl() + "]). Make them agree upstream, then resume the job from its "
                    + "latest checkpoint");
            case APPLY -> {
                if (c.kind() == SchemaChange.Kind.ADD_COLUMN
                        && Boolean.FALSE.equals(down.columnIsOptional(e, c.name()))) {
                    throw new ShardConflictException("shard " + shard + " of " + e.target() + " adds column "
                            + c.name() + " NOT NULL without a default ([" + e.ddl() + "]): the other shards' rows "
                            + "cannot be written with it; add it with a default or as nullable, or use shard-mode "
                            + "pessimistic");
                }
                boolean drop = c.kind() == SchemaChange.Kind.DROP_COLUMN || c.kind() == SchemaChange.Kind.DROP_INDEX;
                String why = drop ? "optimistic drop: no shard of the target has " + c.name() + " any more"
                        : reason + ", first by shard " + shard + " (optimistic)";
                for (String s : o.run()) down.ddl(e, s, why);
            }
            case WAIT -> LOG.info("{} on {} waits for shards {}", c.statement(), e.target(), o.detail());
            case SKIP -> { } // the target has it already
        }
        return o.schema();
    }

    /**
     * False for what changes no schema: an ALTER that only sets AUTO_INCREMENT (gh-ost sets it on its
     * ghost) is a shard's own counter, which the merged target neither shares nor compares.
     */
    private static boolean isSchemaChange(String statement) {
        return !onlySetsAutoIncrement(DdlStatement.parse(statement));
    }

    private static boolean onlySetsAutoIncrement(DdlStatement stmt) {
        if (stmt.kind() != DdlStatement.Kind.ALTER_TABLE || stmt.clauses().isEmpty()) return false;
        for (List<Token> clause : stmt.clauses()) {
            List<Token> t = clause.stream().filter(x -> !x.isSymbol("=")).toList();
            if (t.size() != 2 || !t.get(0).isWord("auto_increment")) return false;
        }
        return true;
    }

    private static int waiting(Set<String> members, ShardLock lock) {
        return lock == null ? 0 : missing(members, lock).size();
    }

    private static List<String> missing(Set<String> members, ShardLock lock) {
        List<String> out = new ArrayList<>(members);
        out.removeAll(lock.reached());
        return out;
    }

    private static List<String> normalize(List<String> statements) {
        return statements.stream().map(s -> DdlStatement.parse(s).normalized()).toList();
    }}
