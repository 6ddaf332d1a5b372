package io.oscsync.job.verify;

import io.oscsync.udfs.TableId;

import java.util.List;

/**
 * A downstream table and the upstream tables the job writes into it: one, or the shards of a
 * shard-merged target. {@code filtered} names the task's filters that apply to a source table,
 * which make the target differ on purpose.
 */
record Target(TableId table, List<Source> sources, List<String> filtered) {
    /** An upstream table on the instance {@code sourceId}. */
    record Source(String sourceId, TableId table) {
        @Override
        public String toString() {
            return sourceId + ":" + table;
        }
    }
}
