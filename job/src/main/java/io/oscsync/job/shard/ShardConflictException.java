package io.oscsync.job.shard;

/** Shards of one target disagree on its schema; restarting would meet the same disagreement. */
public final class ShardConflictException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ShardConflictException(String message) {
        super(message);
    }
}
