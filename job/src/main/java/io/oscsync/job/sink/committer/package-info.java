/**
 * The sink's committer and its committable: applies each completed checkpoint's batch step by
 * step, each step in one downstream transaction with its progress row, retrying through outages.
 */
package io.oscsync.job.sink.committer;
