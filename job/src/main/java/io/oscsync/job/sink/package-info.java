/**
 * The downstream sink, exactly-once without XA. {@link io.oscsync.job.sink.TiDbSink} only wires
 * the parts together; they live in sub-packages by role, each depending only on those below it:
 * <ul>
 *   <li>{@code writer}: buffers the ops between two checkpoint barriers and hands them over as a
 *       batch; refuses a DDL the target cannot run before it enters a checkpoint.</li>
 *   <li>{@code committer}: the batch and its checkpoint format, and applying it once its
 *       checkpoint completes: statements, progress rows, retries, crash points for tests.</li>
 *   <li>{@code plan}: what a batch becomes: steps of one transaction each, and row ops folded into
 *       row actions by the downstream table's key.</li>
 *   <li>{@code dialect}: what the downstream (TiDB or MySQL) can run, and how a DDL is sent to it.</li>
 * </ul>
 * The writer uses the committer's batch and the dialect; the committer uses the plan and the
 * dialect; the plan and the dialect use no other part of the sink.
 */
package io.oscsync.job.sink;
