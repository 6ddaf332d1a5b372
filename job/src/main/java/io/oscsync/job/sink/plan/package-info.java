/**
 * What the committer sends: a batch cut into steps (from the ops alone, so a replay gets the same
 * steps), and a step's row ops folded into row actions by the downstream table's key.
 */
package io.oscsync.job.sink.plan;
