package io.oscsync.job.shard;

import org.apache.flink.metrics.MetricGroup;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shard coordination gauges of one coordinator subtask: pessimistic locks waiting, shards still
 * to reach them (summed over the locks), and events held. The counts are restored from operator
 * state, so a restart keeps them right.
 */
public final class ShardMetrics implements ShardCoordination.Listener {
    /** The gauges' names, also their keys in the coordinator's metrics state. */
    public static final List<String> NAMES = List.of("shardLocksWaiting", "shardShardsWaiting", "shardEventsHeld");

    private long locksWaiting;
    private long shardsWaiting;
    private long eventsHeld;
    private final ShardCoordination.Listener next;

    /**
     * @param restored the subtask's gauges from its state, by name
     * @param next     told of every change after the gauges (the status view)
     */
    public ShardMetrics(MetricGroup group, Map<String, Long> restored, ShardCoordination.Listener next) {
        this.next = next;
        locksWaiting = restored.getOrDefault(NAMES.get(0), 0L);
        shardsWaiting = restored.getOrDefault(NAMES.get(1), 0L);
        eventsHeld = restored.getOrDefault(NAMES.get(2), 0L);
        group.gauge(NAMES.get(0), () -> locksWaiting);
        group.gauge(NAMES.get(1), () -> shardsWaiting);
        group.gauge(NAMES.get(2), () -> eventsHeld);
    }

    /** The gauges to keep in state, by name. */
    public Map<String, Long> snapshot() {
        return Map.of(NAMES.get(0), locksWaiting, NAMES.get(1), shardsWaiting, NAMES.get(2), eventsHeld);
    }

    @Override
    public void lockChanged(String target, int shardsWaitingBefore, PessimisticLock lock, Set<String> members) {
        int shardsWaitingAfter = lock == null ? 0 : lock.missing(members).size();
        locksWaiting += (shardsWaitingAfter > 0 ? 1 : 0) - (shardsWaitingBefore > 0 ? 1 : 0);
        shardsWaiting += shardsWaitingAfter - shardsWaitingBefore;
        next.lockChanged(target, shardsWaitingBefore, lock, members);
    }

    @Override
    public void held(String target) {
        eventsHeld++;
        next.held(target);
    }

    @Override
    public void released(String target, int events) {
        eventsHeld -= events;
        next.released(target, events);
    }
}
