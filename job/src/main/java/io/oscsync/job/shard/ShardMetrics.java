package io.oscsync.job.shard;

import org.apache.flink.metrics.MetricGroup;

/**
 * Shard coordination gauges of one coordinator subtask: pessimistic locks waiting, shards still
 * to reach them (summed over the locks), and events held. The counts are restored from operator
 * state, so a restart keeps them right.
 */
public final class ShardMetrics implements ShardCoordination.Listener {
    private long locksWaiting;
    private long shardsWaiting;
    private long eventsHeld;

    public ShardMetrics(MetricGroup group, long[] restored) {
        locksWaiting = restored[0];
        shardsWaiting = restored[1];
        eventsHeld = restored[2];
        group.gauge("shardLocksWaiting", () -> locksWaiting);
        group.gauge("shardShardsWaiting", () -> shardsWaiting);
        group.gauge("shardEventsHeld", () -> eventsHeld);
    }

    /** For operator state: locks waiting, shards waiting, events held. */
    public long[] snapshot() {
        return new long[] {locksWaiting, shardsWaiting, eventsHeld};
    }

    @Override
    public void lockChanged(int shardsWaitingBefore, int shardsWaitingAfter) {
        locksWaiting += (shardsWaitingAfter > 0 ? 1 : 0) - (shardsWaitingBefore > 0 ? 1 : 0);
        shardsWaiting += shardsWaitingAfter - shardsWaitingBefore;
    }

    @Override
    public void held() {
        eventsHeld++;
    }

    @Override
    public void released(int events) {
        eventsHeld -= events;
    }
}
