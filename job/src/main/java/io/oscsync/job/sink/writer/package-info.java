/**
 * The sink's writer: collects the ops between two checkpoint barriers into one commit batch,
 * and stops the job on a DDL the target cannot run, before it is in a checkpoint.
 */
package io.oscsync.job.sink.writer;
