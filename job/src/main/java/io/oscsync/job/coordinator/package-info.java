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
 * <p>DDL that spans keys: classify-and-route, which sees one instance's binlog in order, marks a
 * statement naming target tables of other keys (RENAME a TO b, CREATE TABLE b LIKE a, DROP TABLE
 * a, b, a foreign key's parent) with a {@link io.oscsync.job.event.CrossKeyBarrier}, and sends each
 * other table's key a JOIN. The coordinator passes a JOIN through and brackets whatever the marked
 * statement becomes here (a downstream DDL, a recorded ghost DDL, nothing) between the owner's
 * AWAIT and RELEASE, so the other keys are never left waiting. The sink's committer makes the two
 * sides meet (see {@link io.oscsync.job.sink.committer}). A statement a pessimistic shard lock holds
 * is bracketed when it arrives and again when the lock releases it: the other keys go on at the
 * first bracket: in shard modes a held statement is not ordered against the other keys (a known gap).
 *
 * <p>Restarts: every transition changes state within the processing of one event, and its
 * output is checkpointed with the state (the sink is exactly-once), so a failover or a savepoint
 * restart resumes with the state as of the checkpoint and the source replays the events after
 * it, which take the same transitions again.
 */
package io.oscsync.job.coordinator;
