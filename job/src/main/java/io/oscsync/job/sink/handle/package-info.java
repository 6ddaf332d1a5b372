/**
 * {@code --handle-ddl FINGERPRINT=skip|replace:FILE}: the operator's way past one DDL the target
 * refused, without editing the task file (DM's {@code binlog skip} / {@code binlog replace}).
 *
 * <ol>
 *   <li>Every refusal (the writer's dialect check, the committer's downstream error) names the
 *       op's {@link io.oscsync.job.sink.handle.DdlFingerprint fingerprint} and the two flags.
 *   <li>The CLI reads the flags and the replacement files at start ({@link
 *       io.oscsync.job.sink.handle.DdlDecisions#parse}); the decisions travel in the job graph, so
 *       no file is needed on a TaskManager.
 *   <li>The writer applies a decision to the op as it arrives (a skipped op never enters a batch;
 *       a replaced one enters as the replacement statements) and keeps the fingerprints it used
 *       in its state: a restart from a later checkpoint needs no flag, and a decision used once is
 *       not used again.
 *   <li>The committer applies a decision to a DDL step of a batch restored from a checkpoint
 *       taken before the flag was given (the refused op is in it); the step's progress row then
 *       records it, so a replay without the flag does not run the original.
 * </ol>
 */
package io.oscsync.job.sink.handle;
