package io.oscsync.job.shard;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.event.DownstreamDdl;
import io.oscsync.udfs.ddl.AlterClause;
import io.oscsync.udfs.ddl.DdlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the shards' schema changes do to the target table they are merged into; see the package
 * documentation for the protocol. It keeps the members and hands each change to the mode's state
 * machine, {@link PessimisticLock} or {@link OptimisticSchema}. Pure: the state is passed in,
 * and what is to run downstream is returned.
 */
public final class ShardCoordination {
    private static final Logger LOG = LoggerFactory.getLogger(ShardCoordination.class);

    /** One target table's shard state, kept by the caller in Flink keyed state. */
    public interface State {
        /** The member shards; null before the first DDL of this target. */
        Set<String> members() throws Exception;

        void setMembers(Set<String> members) throws Exception;

        /** Pessimistic: the lock waiting, or null. */
        PessimisticLock lock() throws Exception;

        void setLock(PessimisticLock lock) throws Exception;

        /** Pessimistic: keeps an event of a shard that waits on the lock, after those held before it. */
        void hold(ChangeEvent e) throws Exception;

        /** Pessimistic: every held event in arrival order, forgetting them. */
        List<ChangeEvent> takeHeld() throws Exception;

        /** Optimistic: the definitions still in flight (converted from older state on first use). */
        OptimisticSchema schema() throws Exception;

        void setSchema(OptimisticSchema schema) throws Exception;
    }

    /** What happened, for metrics. */
    public interface Listener {
        /**
         * The lock of {@code target} changed: {@code lock} is the lock waiting now, null when it
         * resolved; {@code shardsWaitingBefore} the shards it waited for before (0: no lock).
         */
        void lockChanged(String target, int shardsWaitingBefore, PessimisticLock lock, Set<String> members);

        /** An event of a shard that reached the lock of {@code target} is held. */
        void held(String target);

        void released(String target, int events);
    }

    /**
     * @param run      statements to run downstream now, in order
     * @param released held events to process again, in order, after {@code run}
     */
    /**
     * @param origin what names the statements for {@code --handle-ddl} (a resolved lock's shard
     *               events); null: the event being processed
     */
    public record Outcome(List<DownstreamDdl> run, List<ChangeEvent> released, String origin) {
        static final Outcome NOTHING = new Outcome(List.of(), List.of());

        Outcome(List<DownstreamDdl> run, List<ChangeEvent> released) {
            this(run, released, null);
        }

        static Outcome run(List<DownstreamDdl> run) {
            return new Outcome(run, List.of());
        }
    }

    private final TaskConfig.ShardMode mode;
    private final Listener listener;

    public ShardCoordination(TaskConfig.ShardMode mode, Listener listener) {
        this.mode = mode;
        this.listener = listener;
    }

    /** A shard: its source and upstream real table, e.g. {@code up1:shop_01.orders}. */
    public static String shardId(String sourceId, String schema, String table) {
        return sourceId + ":" + schema + "." + table;
    }

    /**
     * Pessimistic: keeps the event in state when its shard has reached the waiting lock. Rows are
     * the hot path: one state read, and the shard (from {@code shard}) only while a lock waits.
     */
    public boolean hold(ChangeEvent e, Supplier<String> shard, State state) throws Exception {
        if (mode != TaskConfig.ShardMode.PESSIMISTIC) return false;
        PessimisticLock lock = state.lock();
        if (lock == null || !lock.holds(shard.get())) return false;
        state.hold(e);
        listener.held(e.target().toString());
        return true;
    }

    /**
     * A DDL event of {@code shard}, after the ghost lifecycles gave it in target terms.
     *
     * @param optional       whether a column of the event's post-DDL definition is nullable or has a
     *                       default (null: unknown)
     * @param initialMembers the shards routed to this target when the job was built
     */
    public Outcome onDdl(
            ChangeEvent e,
            String shard,
            List<DownstreamDdl> translated,
            Function<String, Boolean> optional,
            Collection<String> initialMembers,
            State state)
            throws Exception {
        Set<String> members = members(shard, initialMembers, state);
        // An ALTER that only sets AUTO_INCREMENT (gh-ost sets it on its ghost) is a shard's own counter;
        // ALGORITHM= and LOCK= say how a shard's server ran the change, so shards are compared without them.
        List<DownstreamDdl> changes = translated.stream()
                .filter(d -> !d.statement().onlySetsAutoIncrement())
                .map(ShardCoordination::withoutAlgorithmAndLock)
                .filter(Objects::nonNull)
                .toList();
        if (changes.isEmpty()) return Outcome.NOTHING;
        DdlStatement.Kind kind = changes.get(0).statement().kind();
        boolean alone = members.size() == 1; // a target fed by one table: its DROP, TRUNCATE, RENAME are its own
        if (alone
                && (kind == DdlStatement.Kind.DROP_TABLE
                        || kind == DdlStatement.Kind.TRUNCATE_TABLE
                        || kind == DdlStatement.Kind.RENAME_TABLE)) {
            if (kind != DdlStatement.Kind.TRUNCATE_TABLE) {
                members.remove(shard);
                state.setMembers(members);
            }
            return Outcome.run(changes);
        }
        return switch (kind) {
            // A new shard, or the first: the target is created once (a CREATE of an existing table is skipped).
            case CREATE_TABLE, CREATE_TABLE_LIKE ->
                Outcome.run(
                        alone
                                ? changes
                                : changes.stream()
                                        .map(d -> new DownstreamDdl(
                                                d.statement(), d.reason() + ", by shard " + shard + " of " + members))
                                        .toList());
            case DROP_TABLE -> leave(e, shard, members, state);
            case TRUNCATE_TABLE -> {
                LOG.warn(
                        "TRUNCATE of shard {} not applied to the merged target {}: it holds the other shards' "
                                + "rows too",
                        shard,
                        e.target());
                yield Outcome.NOTHING;
            }
            case RENAME_TABLE ->
                throw new ShardConflictException("RENAME of shard " + shard + " (" + e.ddl()
                        + ") in the shard group of " + e.target()
                        + ": renaming a shard table is not supported; exclude "
                        + "the table or route its new name to the same target, then restart");
            default ->
                mode == TaskConfig.ShardMode.PESSIMISTIC
                        ? pessimistic(e, shard, changes, members, state)
                        : optimistic(e, shard, changes, members, optional, state);
        };
    }

    private static DownstreamDdl withoutAlgorithmAndLock(DownstreamDdl d) {
        DdlStatement s = d.statement().withoutAlgorithmAndLock();
        return s == null ? null : s == d.statement() ? d : new DownstreamDdl(s, d.reason(), d.mode());
    }

    private Set<String> members(String shard, Collection<String> initial, State state) throws Exception {
        Set<String> members = state.members();
        boolean changed = members == null;
        if (members == null) members = new TreeSet<>(initial);
        if (members.add(shard) || changed) state.setMembers(members);
        return members;
    }

    /** DROP TABLE of a shard: it leaves the group; a drop or a lock that waited only for it goes on. */
    private Outcome leave(ChangeEvent e, String shard, Set<String> members, State state) throws Exception {
        PessimisticLock lock = mode == TaskConfig.ShardMode.PESSIMISTIC ? state.lock() : null;
        int before = lock == null ? 0 : lock.missing(members).size();
        members.remove(shard);
        state.setMembers(members);
        LOG.info("shard {} dropped: it leaves the group of {}; the target table stays", shard, e.target());
        List<DownstreamDdl> run = new ArrayList<>();
        if (mode == TaskConfig.ShardMode.OPTIMISTIC) {
            OptimisticSchema.Outcome left = state.schema().leave(shard, members);
            for (DdlStatement s : left.run()) { // drops that waited only for this shard
                run.add(new DownstreamDdl(s, "optimistic drop: shard " + shard + ", the last to have it, left"));
            }
            state.setSchema(left.schema());
            return Outcome.run(run);
        }
        PessimisticLock.Step step = PessimisticLock.leave(lock, members);
        return after(e, before, step, members, state);
    }

    private Outcome pessimistic(
            ChangeEvent e, String shard, List<DownstreamDdl> changes, Set<String> members, State state)
            throws Exception {
        PessimisticLock lock = state.lock();
        int before = lock == null ? 0 : lock.missing(members).size();
        List<DdlStatement> statements =
                changes.stream().map(DownstreamDdl::statement).toList();
        PessimisticLock.Step step = PessimisticLock.reach(
                lock,
                shard,
                e.binlogOrigin(),
                statements,
                e.ddl(),
                members,
                e.target().toString());
        return after(e, before, step, members, state);
    }

    /** Stores a waiting lock, or runs a resolved one and hands back the events it held. */
    private Outcome after(ChangeEvent e, int before, PessimisticLock.Step step, Set<String> members, State state)
            throws Exception {
        if (step.resolved() == null) {
            PessimisticLock lock = step.waiting();
            if (lock != null) {
                listener.lockChanged(e.target().toString(), before, lock, members);
                state.setLock(lock);
                LOG.info(
                        "shard DDL lock on {}: {} of {} shards reached {}; waiting for {}",
                        e.target(),
                        lock.reached().size(),
                        members.size(),
                        PessimisticLock.texts(lock.statements()),
                        lock.missing(members));
            }
            return Outcome.NOTHING;
        }
        PessimisticLock lock = step.resolved();
        listener.lockChanged(e.target().toString(), before, null, members);
        LOG.info(
                "shard DDL lock on {} resolved by all of {}: applying {}",
                e.target(),
                lock.reached(),
                PessimisticLock.texts(lock.statements()));
        String reason =
                "shard lock resolved: every shard of " + lock.reached() + " ran it (first " + lock.firstShard() + ")";
        state.setLock(null);
        List<ChangeEvent> held = state.takeHeld();
        listener.released(e.target().toString(), held.size());
        return new Outcome(
                step.run().stream().map(s -> new DownstreamDdl(s, reason)).toList(), held, lock.origin());
    }

    /**
     * Each clause on its own, judged by {@link OptimisticSchema} against the target's definition
     * and the other shards': adds and modifies run at once (once), drops when no shard has the
     * column or index any more, a disagreement fails.
     */
    private Outcome optimistic(
            ChangeEvent e,
            String shard,
            List<DownstreamDdl> changes,
            Set<String> members,
            Function<String, Boolean> optional,
            State state)
            throws Exception {
        OptimisticSchema schema = state.schema();
        List<DownstreamDdl> run = new ArrayList<>();
        for (DownstreamDdl d : changes) {
            DdlStatement stmt = d.statement();
            List<DdlStatement> parts =
                    stmt.kind() == DdlStatement.Kind.ALTER_TABLE ? stmt.clauseStatements() : List.of(stmt);
            for (DdlStatement part : parts) {
                AlterClause c =
                        part.alterClauses().size() == 1 ? part.alterClauses().get(0) : null;
                if (c != null && c.kind() == AlterClause.Kind.AUTO_INCREMENT) continue;
                if (c == null || !OptimisticSchema.canMerge(c)) {
                    throw new ShardConflictException("shard " + shard + " of " + e.target() + " ran [" + e.ddl()
                            + "]: [" + part.sql() + "] is not a change optimistic mode can merge (it adds, modifies "
                            + "or drops columns and indexes, without renaming); use shard-mode pessimistic for this "
                            + "table, or skip the statement with a filter");
                }
                schema = judge(e, shard, c, part, d.reason(), members, optional, schema, run);
            }
        }
        state.setSchema(schema);
        return Outcome.run(run);
    }

    private OptimisticSchema judge(
            ChangeEvent e,
            String shard,
            AlterClause c,
            DdlStatement part,
            String reason,
            Set<String> members,
            Function<String, Boolean> optional,
            OptimisticSchema schema,
            List<DownstreamDdl> run) {
        OptimisticSchema.Outcome o = schema.judge(shard, c, part, members);
        switch (o.verdict()) {
            case CONFLICT ->
                throw new ShardConflictException("shards of " + e.target() + " disagree on " + o.detail()
                        + " (" + shard + " ran [" + e.ddl()
                        + "]). Make them agree upstream, then resume the job from its "
                        + "latest checkpoint");
            case APPLY -> {
                if (c.kind() == AlterClause.Kind.ADD_COLUMN && Boolean.FALSE.equals(optional.apply(c.name()))) {
                    throw new ShardConflictException("shard " + shard + " of " + e.target() + " adds column "
                            + c.name() + " NOT NULL without a default ([" + e.ddl() + "]): the other shards' rows "
                            + "cannot be written with it; add it with a default or as nullable, or use shard-mode "
                            + "pessimistic");
                }
                String why = c.isDrop()
                        ? "optimistic drop: no shard of the target has " + c.name() + " any more"
                        : reason + ", first by shard " + shard + " (optimistic)";
                for (DdlStatement s : o.run()) run.add(new DownstreamDdl(s, why));
            }
            case WAIT -> LOG.info("{} on {} waits for shards {}", part.sql(), e.target(), o.detail());
            case SKIP -> {} // the target has it already
        }
        return o.schema();
    }
}
