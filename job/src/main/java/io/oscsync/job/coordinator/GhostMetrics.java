package io.oscsync.job.coordinator;

import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.ddl.RenamePair;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** The coordinator's online-DDL metrics and log lines, fed by {@link GhostLifecycle}. */
final class GhostMetrics implements GhostLifecycle.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(GhostMetrics.class);

    private final Counter recorded;
    private final Counter cutOvers;
    private final Counter applied;
    private final Counter aborted;
    /** The gauge's name, also its key in the coordinator's metrics state. */
    static final String IN_FLIGHT = "ghostMigrationsInFlight";

    private long inFlight;

    /** @param restored the subtask's gauges from its state, by name */
    GhostMetrics(MetricGroup group, Map<String, Long> restored) {
        this.inFlight = restored.getOrDefault(IN_FLIGHT, 0L);
        recorded = group.counter("ghostDdlsRecorded");
        cutOvers = group.counter("ghostCutOvers");
        applied = group.counter("ghostDdlsAppliedAtCutOver");
        aborted = group.counter("ghostMigrationsAborted");
        group.gauge(IN_FLIGHT, () -> this.inFlight);
    }

    /** The gauges to keep in state, by name. */
    Map<String, Long> snapshot() {
        return Map.of(IN_FLIGHT, inFlight);
    }

    @Override
    public void started(GhostRecord r, boolean fresh) {
        if (fresh) inFlight++;
        LOG.info("migration of {} via ghost {} started", r.origin(), r.ghost());
    }

    @Override
    public void recorded(GhostRecord r) {
        recorded.inc();
        LOG.info("recorded DDL #{} for ghost {} of {}", r.ddls().size(), r.ghost(), r.origin());
    }

    @Override
    public void cutOver(GhostRecord r) {
        inFlight--;
        cutOvers.inc();
        applied.inc(r.ddls().size());
        LOG.info(
                "cut-over of {} into {}: applying {} recorded DDL(s)",
                r.ghost(),
                r.origin(),
                r.ddls().size());
    }

    @Override
    public void derived(RenamePair cutOver, DdlStatement ddl) {
        applied.inc(ddl == null ? 0 : 1);
        LOG.warn(
                "cut-over {} -> {} without a recorded migration: derived from the table definitions: {} "
                        + "(indexes are not derived)",
                cutOver.from(),
                cutOver.to(),
                ddl == null ? "no column change" : ddl.sql());
    }

    @Override
    public void aborted(GhostRecord r) {
        inFlight--;
        aborted.inc();
        LOG.info(
                "migration of {} via {} aborted; {} recorded DDL(s) discarded",
                r.origin(),
                r.ghost(),
                r.ddls().size());
    }
}
