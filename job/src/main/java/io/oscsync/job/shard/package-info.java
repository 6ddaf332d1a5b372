/**
 * Shard merging: many upstream tables (shards, across databases and instances) routed to one
 * target table, and how their schema changes meet. Everything here runs in the coordinator,
 * keyed by target table, with all state in Flink keyed state (RocksDB).
 *
 * <h2>Members</h2>
 * A shard is {@code source:schema.table} of a real upstream table. A target's members start as
 * the tables routed to it when the job was first built, and are kept in state from the first
 * DDL on (a restart does not recompute them); a shard's first DDL adds it (the CREATE of a table
 * created later), its DROP TABLE removes it. Rows never touch the members: they are the hot
 * path. A shard's online-DDL cut-over reaches this layer as the plain ALTERs recorded on its
 * ghost: ghost tables and the cut-over RENAME never do.
 *
 * <h2>Pessimistic ({@code shard-mode: pessimistic})</h2>
 * The lock is {@link io.oscsync.job.shard.PessimisticLock}, one per target at most:
 * <ol>
 *   <li>Shard A's DDL arrives, no lock: a lock is stored (the statements in target names, their
 *       normalised form, A as reached). Nothing goes downstream.</li>
 *   <li>While the lock waits, every later event of a shard that reached it is appended to the
 *       held-events list state, in arrival order; the other shards' rows go downstream with the
 *       old schema.</li>
 *   <li>Shard B's DDL arrives: a different normalised form fails the job naming both shards and
 *       statements; the same form adds B to the lock.</li>
 *   <li>When every member has reached it, the statements go downstream once, the lock is cleared,
 *       and the held events are taken from state and processed again in order (one of them may
 *       start the next lock).</li>
 * </ol>
 * Restarts: each step changes state within the processing of one event, and the output of that
 * event is checkpointed together with the state (the sink is exactly-once), so a failover or a
 * savepoint restart at any point resumes with the lock, its reached set and the held events as
 * they were at the checkpoint; the source replays the events after it, which take the same
 * steps again. The DDL therefore runs once, and no held event is lost or released twice.
 *
 * <h2>Optimistic ({@code shard-mode: optimistic})</h2>
 * As DM's optimistic mode joins the shards' tables and judges each change against the join,
 * {@link io.oscsync.job.shard.OptimisticSchema} keeps, for each column and index the shards'
 * DDL touched and that the shards do not all agree on yet, the definition each shard gave it
 * and the one the target has. Each ALTER clause is judged on its own:
 * <ol>
 *   <li>ADD COLUMN (nullable or with a default, by the post-DDL definition Flink CDC gives),
 *       ADD INDEX, MODIFY/CHANGE COLUMN (same name): another shard holding a different
 *       definition fails the job naming both; the target already having it is a no-op;
 *       otherwise it runs at once. A shard may change its own column again and again.</li>
 *   <li>DROP COLUMN / DROP INDEX: runs once no other shard has the column or index (one that
 *       existed before the shards' DDL counts as had until the shard drops it, or leaves).</li>
 *   <li>Once every shard has the target's definition the entry is forgotten: the state only
 *       holds disagreements in flight, and is empty when the shards agree.</li>
 * </ol>
 * Rows are never held. Other clauses (renames included) fail with a message that points to
 * pessimistic mode. Restarts: as above, the schema lives in keyed value state; the map state of
 * releases before it ({@code shard-changes}) is converted on the target's next DDL.
 *
 * <h2>Not applied to the target</h2>
 * A shard's TRUNCATE (the target holds the other shards' rows) and DROP TABLE (the shard leaves
 * the group); a RENAME of a shard table fails the job. A target fed by a single table is not
 * merged: its DROP, TRUNCATE and RENAME are applied as without a shard mode.
 */
package io.oscsync.job.shard;
