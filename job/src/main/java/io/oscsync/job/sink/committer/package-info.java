/**
 * The sink's committer and its committable: applies each completed checkpoint's batches over K
 * downstream connections, each step in one transaction with its progress rows, retrying through
 * outages.
 *
 * <h2>Lanes and partitions</h2>
 * The ops of the batches of one commit call are grouped by target table into lanes, each keeping
 * its table's order (batches in order). Lanes run concurrently. Within a lane, a run of row ops
 * between two DDL or barrier ops is split by {@link io.oscsync.job.sink.plan.KeyPartitioner} into
 * up to {@link io.oscsync.job.sink.committer.CommitBatch#partitions()} partitions by the values of
 * the downstream table's primary and unique keys (before and after images); a change meeting two
 * partitions cuts the run into groups applied one after the other. The partitions of a group run
 * concurrently, each as a sequence of steps (a bounded transaction each). A DDL or barrier op
 * waits for every partition of its table and runs alone. Step numbers count, per table and batch,
 * in the order (piece, group, partition, chunk); the split depends only on the ops, the batch's
 * partition cap and the downstream keys at that point, so a replay numbers the same steps alike.
 *
 * <p>Without barrier ops in the commit, a DDL that names other tables (RENAME, CREATE ... LIKE,
 * a multi-table DROP, CREATE/DROP DATABASE) is a fence: it waits for every op before it in the
 * batches, of every lane, and every op after it waits for it, as a single connection would apply
 * them. With the cross-key protocol in place (barrier ops present) the barriers order such DDL.
 *
 * <h2>Progress and restarts</h2>
 * {@link io.oscsync.job.sink.committer.ProgressTable} holds per (task, table, partition) the last
 * (run, sequence, step) applied, written in the step's transaction; a DDL or barrier step writes
 * every partition of the table and is read at partition 0. A lane that has not run to its end
 * since the committer started (a restart) or that met a failure reads its progress before each
 * step and skips the steps that landed: each partition resumes after its own last step, so a
 * crash that hit one partition mid-way replays only that partition's rest (and the partitions that
 * had not finished). A DDL found not recorded after a restart may have run before it: "already
 * exists" errors then count as done. A batch of format 1 (restored from a release before lanes)
 * is applied as that release did: steps across tables, one connection, progress at partition 0;
 * the old progress table (no partition column) is migrated in place at start, its rows becoming
 * partition 0.
 *
 * <h2>Cross-key DDL barriers</h2>
 * A DDL whose effect spans tables of several keys (RENAME a TO b, CREATE TABLE b LIKE a, DROP TABLE
 * a, b) reaches the sink as {@link io.oscsync.job.event.CrossKeyBarrier} ops: on the owner table
 * {@code AWAIT(id, participants)}, the DDL, {@code RELEASE(id)}; on each participant table
 * {@code JOIN(id)}. The rendezvous is a table next to the progress table, {@code osc_sync_barrier}:
 * one row per (task, barrier id, table), state JOINED (a participant) or RELEASED (the owner),
 * written in the same transaction as the step's progress, never deleted.
 * <ul>
 *   <li>JOIN on table t: once everything before it on t is applied, one transaction records "t
 *       joined" and t's progress (all partitions). Then t's lane applies nothing more until the
 *       owner's RELEASED row exists.</li>
 *   <li>AWAIT on the owner: once everything before it is applied, the owner's lane waits until
 *       every participant has a JOINED row, then records the AWAIT step's progress.</li>
 *   <li>RELEASE on the owner: after the DDL, one transaction records RELEASED and the progress.</li>
 * </ul>
 * A waiting lane holds no connection and blocks no other lane: the scheduler asks the downstream
 * again on a short back-off, on any free connection, and at once when this committer itself wrote
 * a JOIN or RELEASE. So owner and participant may be in one committer, one batch, with K=1. A wait
 * longer than 10 minutes fails the job naming the barrier and the tables that did not join (or the
 * owner that did not release). Owner and participants meet in one checkpoint (ClassifyAndRoute
 * emits them together, checkpoints are aligned), so they are committed by the same checkpoint's
 * notification on every subtask, or together on a restore, which commits every pending batch.
 *
 * <p>What a crash does at each point, on restart (the batches are replayed from the checkpoint):
 * <ul>
 *   <li>participant, before its JOIN committed: nothing recorded; the replay applies t's ops up
 *       to the JOIN, records it, waits. The owner meanwhile waits in AWAIT (nothing of the DDL ran).</li>
 *   <li>participant, after its JOIN committed: the replay skips the JOIN by progress but still
 *       waits for RELEASED before t's next op (the row exists once the owner is through).</li>
 *   <li>owner, in AWAIT or before its progress: the replay waits again; the JOINED rows are still there.</li>
 *   <li>owner, after the DDL ran but before its progress: the replay runs the DDL again, as a
 *       replay ("already exists / doesn't exist" count as done; a RENAME already done is seen).</li>
 *   <li>owner, before RELEASE committed: the replay records it; participants are still waiting,
 *       or (restarted too) wait again and find it.</li>
 *   <li>owner, after RELEASE: the replay skips it; participants go on.</li>
 * </ul>
 */
package io.oscsync.job.sink.committer;
