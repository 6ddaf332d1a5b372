package io.oscsync.job.shard;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A schema change some shards of a target have reached: in pessimistic mode the pending DDL
 * lock. (Optimistic mode kept its applied changes and waiting DROPs as these before
 * {@link OptimisticSchema}; such state is still read, once, by {@link OptimisticSchema#fromLegacy}.)
 *
 * @param statements the statements to run downstream (target names), as the first shard sent them
 * @param normalized their canonical form, what other shards must match
 * @param firstShard the shard that reached it first, and {@code firstDdl} its upstream statement, for messages
 * @param reached    the shards that have reached it, sorted
 */
public record ShardLock(List<String> statements, List<String> normalized, String firstShard, String firstDdl,
                        List<String> reached) {
    public ShardLock {
        statements = List.copyOf(statements);
        normalized = List.copyOf(normalized);
        reached = List.copyOf(new TreeSet<>(reached));
    }

    static ShardLock start(List<String> statements, List<String> normalized, String shard, String ddl) {
        return new ShardLock(statements, normalized, shard, ddl, List.of(shard));
    }

    ShardLock reachedBy(String shard) {
        Set<String> all = new TreeSet<>(reached);
        all.add(shard);
        return new ShardLock(statements, normalized, firstShard, firstDdl, List.copyOf(all));
    }

    boolean reachedByAll(Set<String> members) {
        return reached.containsAll(members);
    }
}
