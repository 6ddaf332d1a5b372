/**
 * The coordinator: keyed by target table, it turns routed change events into ordered sink
 * operations. {@link io.oscsync.job.coordinator.Coordinator} is a thin process function: it
 * takes the key's state ({@link io.oscsync.job.coordinator.CoordinatorState}), hands the event
 * to one state machine and emits what comes back. The machines are pure and each has its
 * diagram:
 * <ul>
 *   <li>{@link io.oscsync.job.coordinator.GhostLifecycle}: online schema changes of one source
 *       (ghost created, DDL recorded on it, cut-over or abort);</li>
 *   <li>{@link io.oscsync.job.shard.PessimisticLock} and {@link io.oscsync.job.shard.OptimisticSchema},
 *       through {@link io.oscsync.job.shard.ShardCoordination}: the shards of a merged target
 *       agreeing on each change;</li>
 *   <li>{@link io.oscsync.job.coordinator.SnapshotTables}: a table's first definition creates its
 *       target, and binlog DDL older than it is dropped.</li>
 * </ul>
 * DDL arrives parsed (classify-and-route parses it once); the machines rewrite and split the
 * parsed form and never read the text again.
 *
 * <p>Restarts: every transition changes state within the processing of one event, and its
 * output is checkpointed with the state (the sink is exactly-once), so a failover or a savepoint
 * restart resumes with the state as of the checkpoint and the source replays the events after
 * it, which take the same transitions again.
 */
package io.oscsync.job.coordinator;
