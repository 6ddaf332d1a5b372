package io.oscsync.job.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.cdc.connectors.mysql.source.offset.BinlogOffset;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlBinlogSplitState;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where one source reader subtask is in its upstream's binlog, for the {@code status} command:
 * the position read (the binlog split's resume offset, which heartbeats move on an idle
 * upstream), the position of the last completed checkpoint (where a restart resumes; the sink
 * applies the changes before it when that checkpoint completes), the age of the oldest change
 * read but not yet in a completed checkpoint, and rows read per second over the last minute.
 *
 * <p>The reader's thread writes (the emitter per record, the reader wrapper per checkpoint); the
 * metric thread reads {@link #GAUGE} on demand. Per record: a reference compare, a counter
 * increment and, once per checkpoint interval, one timestamp.
 */
public final class BinlogProgress {
    /** The gauge's name: a small JSON document (see {@link #json}). */
    public static final String GAUGE = "oscSyncSource";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String sourceId;
    private final SimpleCounter rows = new SimpleCounter();
    private final MeterView rowsPerSecond = new MeterView(rows, 60);

    /** The live binlog split state: its offset moves with every record the reader emits. */
    private volatile MySqlBinlogSplitState binlog;

    private volatile BinlogOffset committed;
    /** Event time (ms) of the oldest change not in a completed checkpoint; 0: none. */
    private volatile long oldestUncommittedMs;

    // Reader thread only.
    private long firstSinceSnapshotMs;
    private final TreeMap<Long, Pending> pending = new TreeMap<>();

    /** What a checkpoint holds: its resume offset, and the event time of the first change it added (0: none). */
    private record Pending(BinlogOffset offset, long firstChangeMs) {}

    public BinlogProgress(String sourceId, MetricGroup group) {
        this.sourceId = sourceId;
        group.meter("rowsReadPerSecond", rowsPerSecond);
        group.gauge(GAUGE, (Gauge<String>) this::json);
    }

    /** Each record's split state: a binlog split's state is kept, to read its offset on demand. */
    void saw(MySqlBinlogSplitState state) {
        if (state != binlog) binlog = state;
    }

    /** A row (snapshot or binlog) emitted. */
    void row() {
        rows.inc();
    }

    /** Whether {@link #change} needs the next change's event time: once per checkpoint interval. */
    boolean wantsChangeTime() {
        return firstSinceSnapshotMs == 0;
    }

    /** A binlog change (row or DDL) with its upstream event time. */
    void change(long eventTimeMs) {
        if (firstSinceSnapshotMs == 0 && eventTimeMs > 0) {
            firstSinceSnapshotMs = eventTimeMs;
            if (oldestUncommittedMs == 0) oldestUncommittedMs = eventTimeMs;
        }
    }

    /** A restored or assigned binlog split: until a checkpoint completes, the job resumes from its offset. */
    void started(BinlogOffset offset) {
        if (committed == null) committed = offset;
    }

    /** Checkpoint {@code id} holds the binlog split at {@code offset} (null: no binlog split yet). */
    void checkpointed(long id, BinlogOffset offset) {
        pending.put(id, new Pending(offset, firstSinceSnapshotMs));
        firstSinceSnapshotMs = 0;
    }

    void completed(long id) {
        Map.Entry<Long, Pending> done = pending.floorEntry(id);
        if (done == null) return;
        if (done.getValue().offset() != null) committed = done.getValue().offset();
        pending.headMap(id, true).clear();
        long oldest = 0;
        for (Pending p : pending.values()) {
            if (p.firstChangeMs() != 0) {
                oldest = p.firstChangeMs();
                break;
            }
        }
        oldestUncommittedMs = oldest != 0 ? oldest : firstSinceSnapshotMs;
    }

    /** The gauge's value: {@code {"source", "read", "committed", "lagMs", "rowsPerSecond"}}; positions as file:pos. */
    String json() {
        ObjectNode n = JSON.createObjectNode();
        n.put("source", sourceId);
        MySqlBinlogSplitState state = binlog;
        BinlogOffset read = state == null ? null : state.getStartingOffset();
        n.put("read", position(read));
        n.put("committed", position(committed));
        long oldest = oldestUncommittedMs;
        n.put("lagMs", oldest == 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest));
        n.put("rowsPerSecond", rowsPerSecond.getRate());
        return n.toString();
    }

    /** {@code file:pos}, or null when there is no file position (before the binlog phase). */
    static String position(BinlogOffset o) {
        if (o == null || o.getFilename() == null || o.getFilename().isEmpty()) return null;
        return o.getFilename() + ":" + o.getPosition();
    }
}
