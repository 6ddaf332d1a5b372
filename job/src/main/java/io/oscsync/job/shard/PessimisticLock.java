package io.oscsync.job.shard;

import io.oscsync.udfs.ddl.DdlStatement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pessimistic shard DDL lock of one target table: the schema change the first shard made,
 * and the shards that have made it since. Pure and immutable; {@link #reach} and {@link #leave}
 * are its transitions, kept by the caller in keyed state.
 *
 * <pre>
 *   (none) --shard A runs DDL d--> WAITING {A}        events of A are held from now on
 *   WAITING --shard B runs d--> WAITING {A, B}         (B's events held too)
 *   WAITING --shard B runs another DDL--> CONFLICT      the job fails naming both
 *   WAITING --the last member runs d, or the last one
 *            missing leaves (DROP TABLE)--> RESOLVED    d runs once downstream; the lock is
 *                                                       gone and the held events are replayed
 * </pre>
 *
 * @param statements the statements to run downstream (target names), as the first shard's DDL gave them
 * @param normalized their canonical form, what other shards must match
 * @param firstShard the shard that reached it first, and {@code firstDdl} its upstream statement, for messages
 * @param reached    the shards that have reached it, sorted
 * @param origins    shard -> the binlog event ({@code source@file:pos}) with which it reached the lock; empty
 *                   for a lock of format 1 or 2
 */
public record PessimisticLock(
        List<DdlStatement> statements,
        List<String> normalized,
        String firstShard,
        String firstDdl,
        List<String> reached,
        Map<String, String> origins) {
    public PessimisticLock {
        statements = List.copyOf(statements);
        normalized = List.copyOf(normalized);
        reached = List.copyOf(new TreeSet<>(reached));
        origins = Collections.unmodifiableMap(new TreeMap<>(origins));
    }

    /** A lock as formats 1 and 2 keep it: no origins. */
    public PessimisticLock(
            List<DdlStatement> statements,
            List<String> normalized,
            String firstShard,
            String firstDdl,
            List<String> reached) {
        this(statements, normalized, firstShard, firstDdl, reached, Map.of());
    }

    /**
     * The events that made the lock, in shard order: the same whichever order the shards' sources
     * were read in after a restart, which is what names its statements for {@code --handle-ddl}.
     * Null when some shard's event is unknown (a lock restored from format 1 or 2).
     */
    public String origin() {
        if (!origins.keySet().containsAll(reached) || reached.isEmpty()) return null;
        StringBuilder sb = new StringBuilder("lock");
        for (String shard : reached) sb.append(sb.length() == 4 ? "[" : ", ").append(origins.get(shard));
        return sb.append("]").toString();
    }

    /** After a transition: the lock still waiting (null when none), or the statements to run now. */
    public record Step(PessimisticLock waiting, List<DdlStatement> run, PessimisticLock resolved) {
        static Step waiting(PessimisticLock lock) {
            return new Step(lock, List.of(), null);
        }

        static Step resolved(PessimisticLock lock) {
            return new Step(null, lock.statements(), lock);
        }
    }

    /**
     * Shard {@code shard} ran a schema change giving {@code statements}.
     *
     * @param lock    the lock waiting, or null
     * @param members every shard of the target, {@code shard} included
     * @throws ShardConflictException when it differs from the change the lock waits on
     */
    public static Step reach(
            PessimisticLock lock,
            String shard,
            List<DdlStatement> statements,
            String upstreamDdl,
            Set<String> members,
            String target) {
        return reach(lock, shard, null, statements, upstreamDdl, members, target);
    }

    /** As above; {@code origin} is the binlog event ({@code source@file:pos}) of the shard's DDL, or null. */
    public static Step reach(
            PessimisticLock lock,
            String shard,
            String origin,
            List<DdlStatement> statements,
            String upstreamDdl,
            Set<String> members,
            String target) {
        Map<String, String> origins = new TreeMap<>(lock == null ? Map.of() : lock.origins());
        if (origin != null) origins.put(shard, origin);
        List<String> normalized =
                statements.stream().map(DdlStatement::normalized).toList();
        PessimisticLock next;
        if (lock == null) {
            next = new PessimisticLock(statements, normalized, shard, upstreamDdl, List.of(shard), origins);
        } else if (!comparable(lock.statements()).equals(comparable(statements))) {
            throw new ShardConflictException("shards of " + target + " changed differently: " + lock.firstShard()
                    + " ran [" + lock.firstDdl() + "], giving " + texts(lock.statements()) + ", while " + shard
                    + " ran [" + upstreamDdl + "], giving " + texts(statements) + ". In pessimistic mode every shard "
                    + "must make the same change; make them agree upstream (or use shard-mode optimistic for "
                    + "compatible changes), then resume the job from its latest checkpoint");
        } else {
            List<String> reached = new ArrayList<>(lock.reached());
            reached.add(shard);
            next = new PessimisticLock(
                    lock.statements(), lock.normalized(), lock.firstShard(), lock.firstDdl(), reached, origins);
        }
        return next.reached().containsAll(members) ? Step.resolved(next) : Step.waiting(next);
    }

    /**
     * The statements as shards must agree on. Computed again rather than read from {@code
     * normalized}: a lock restored from an older release kept its ALGORITHM= and LOCK= clauses there.
     */
    private static List<String> comparable(List<DdlStatement> statements) {
        return statements.stream()
                .map(DdlStatement::withoutAlgorithmAndLock)
                .filter(Objects::nonNull)
                .map(DdlStatement::normalized)
                .toList();
    }

    /** A shard left the target (the members no longer list it): the lock may now be reached by all. */
    public static Step leave(PessimisticLock lock, Set<String> members) {
        if (lock == null) return Step.waiting(null);
        return lock.reached().containsAll(members) ? Step.resolved(lock) : Step.waiting(lock);
    }

    /** Whether the events of {@code shard} wait for this lock. */
    public boolean holds(String shard) {
        return reached.contains(shard);
    }

    /** The members that have not reached it yet. */
    public List<String> missing(Set<String> members) {
        List<String> out = new ArrayList<>(members);
        out.removeAll(reached);
        return out;
    }

    /** The statements' text, for messages. */
    public static List<String> texts(List<DdlStatement> statements) {
        return statements.stream().map(DdlStatement::sql).toList();
    }
}
