package io.oscsync.job.shard;

import io.oscsync.job.event.ChangeEvent;

import java.util.List;
import java.util.Set;

/** One target table's shard state, kept by the caller in Flink keyed state (RocksDB). */
public interface ShardState {
    /** The member shards; null before the first event of this target. */
    Set<String> members() throws Exception;

    void setMembers(Set<String> members) throws Exception;

    /** Pessimistic: the pending DDL lock, or null. */
    ShardLock lock() throws Exception;

    void setLock(ShardLock lock) throws Exception;

    /** Pessimistic: keeps an event of a shard that waits on the lock, after those held before it. */
    void hold(ChangeEvent e) throws Exception;

    /** Pessimistic: every held event in arrival order, forgetting them. */
    List<ChangeEvent> takeHeld() throws Exception;

    /** Optimistic: the shards' and the target's definitions still in flight (converted from older state on first use). */
    OptimisticSchema schema() throws Exception;

    void setSchema(OptimisticSchema schema) throws Exception;
}
