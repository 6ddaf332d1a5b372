package io.oscsync.job.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.oscsync.job.shard.PessimisticLock;
import io.oscsync.job.shard.ShardCoordination;
import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.ddl.RenamePair;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What one coordinator subtask has in flight, for the {@code status} command: the online schema
 * changes (tool, table, statements recorded, since when) and the pessimistic shard locks (DDL,
 * shards reached and waiting, events held). Two gauges give it as JSON, built only when read.
 *
 * <p>The task thread updates it on lifecycle events (rare) and on each event a lock holds; the
 * metric thread reads it: every method is synchronized. It is kept in union operator state, each
 * entry with its target key, so that after a restore or a rescale each subtask keeps the entries
 * of the keys it owns. A savepoint taken before this view existed restores none: an entry then
 * reappears at its lifecycle's next event, without a start time.
 */
final class StatusView implements ShardCoordination.Listener {
    static final String MIGRATIONS = "oscSyncMigrations";
    static final String LOCKS = "oscSyncShardLocks";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Migrations by ghost record key; locks by target key. Each entry's {@code key} is its target key. */
    private final Map<String, ObjectNode> migrations = new TreeMap<>();

    private final Map<String, ObjectNode> locks = new TreeMap<>();
    private final Function<GhostRecord, String> keyOf;

    /** @param keyOf the coordinator key (target table) of a ghost's migration */
    StatusView(MetricGroup group, Function<GhostRecord, String> keyOf) {
        this.keyOf = keyOf;
        group.gauge(MIGRATIONS, (Gauge<String>) () -> json(migrations));
        group.gauge(LOCKS, (Gauge<String>) () -> json(locks));
    }

    synchronized void started(GhostRecord r) {
        migrations.put(GhostRecord.key(r.sourceId(), r.ghost()), migration(r, System.currentTimeMillis()));
    }

    synchronized void recorded(GhostRecord r) {
        String id = GhostRecord.key(r.sourceId(), r.ghost());
        ObjectNode m = migrations.get(id);
        if (m == null) migrations.put(id, migration(r, 0)); // from before this view: start unknown
        else m.put("statements", r.ddls().size());
    }

    synchronized void ended(GhostRecord r) {
        migrations.remove(GhostRecord.key(r.sourceId(), r.ghost()));
    }

    private ObjectNode migration(GhostRecord r, long sinceMs) {
        ObjectNode m = JSON.createObjectNode();
        m.put("key", keyOf.apply(r));
        m.put("source", r.sourceId());
        m.put("table", r.origin().toString());
        m.put("ghost", r.ghost().table());
        m.put("tool", GhostLifecycle.tool(r.ghost()));
        m.put("statements", r.ddls().size());
        m.put("sinceMs", sinceMs);
        return m;
    }

    @Override
    public synchronized void lockChanged(
            String target, int shardsWaitingBefore, PessimisticLock lock, Set<String> members) {
        if (lock == null) {
            locks.remove(target);
            return;
        }
        ObjectNode l = locks.get(target);
        if (l == null) {
            l = JSON.createObjectNode();
            l.put("key", target);
            l.put("target", target);
            // A lock new to this view is new, unless shards had reached it before the view existed.
            l.put("sinceMs", shardsWaitingBefore == 0 ? System.currentTimeMillis() : 0);
            l.put("heldEvents", 0);
            locks.put(target, l);
        }
        ArrayNode ddl = l.putArray("ddl");
        PessimisticLock.texts(lock.statements()).forEach(ddl::add);
        ArrayNode reached = l.putArray("reached");
        lock.reached().forEach(reached::add);
        ArrayNode waiting = l.putArray("waiting");
        lock.missing(members).forEach(waiting::add);
    }

    @Override
    public synchronized void held(String target) {
        ObjectNode l = locks.get(target);
        if (l != null) l.put("heldEvents", l.path("heldEvents").asLong() + 1);
    }

    @Override
    public void released(String target, int events) {} // the lock is gone with its events

    /** The entries to keep in state, as (target key, entry). */
    synchronized List<Tuple2<String, String>> snapshot() {
        List<Tuple2<String, String>> out = new ArrayList<>();
        migrations.forEach((id, m) -> out.add(Tuple2.of(m.path("key").asText(), entry("migration", id, m))));
        locks.forEach((id, l) -> out.add(Tuple2.of(l.path("key").asText(), entry("lock", id, l))));
        return out;
    }

    /** Takes back the entries of the keys {@code owned} says this subtask has. */
    synchronized void restore(Iterable<Tuple2<String, String>> entries, Predicate<String> owned) {
        for (Tuple2<String, String> e : entries) {
            if (!owned.test(e.f0)) continue;
            try {
                JsonNode n = JSON.readTree(e.f1);
                ObjectNode value = (ObjectNode) n.path("value");
                (n.path("kind").asText().equals("lock") ? locks : migrations)
                        .put(n.path("id").asText(), value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    private static String entry(String kind, String id, ObjectNode value) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", kind);
        n.put("id", id);
        n.set("value", value);
        return n.toString();
    }

    private synchronized String json(Map<String, ObjectNode> entries) {
        ArrayNode a = JSON.createArrayNode();
        entries.values().forEach(a::add);
        return a.toString();
    }

    /** Feeds the view from the ghost lifecycles, after the metrics. */
    static GhostLifecycle.Listener ghosts(GhostLifecycle.Listener metrics, StatusView view) {
        return new GhostLifecycle.Listener() {
            @Override
            public void started(GhostRecord r, boolean fresh) {
                metrics.started(r, fresh);
                view.started(r);
            }

            @Override
            public void recorded(GhostRecord r) {
                metrics.recorded(r);
                view.recorded(r);
            }

            @Override
            public void cutOver(GhostRecord r) {
                metrics.cutOver(r);
                view.ended(r);
            }

            @Override
            public void aborted(GhostRecord r) {
                metrics.aborted(r);
                view.ended(r);
            }

            @Override
            public void derived(RenamePair cutOver, DdlStatement ddl) {
                metrics.derived(cutOver, ddl);
            }
        };
    }
}
