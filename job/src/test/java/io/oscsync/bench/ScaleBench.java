package io.oscsync.bench;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.core.execution.JobClient;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code deploy/local/bench.sh --scale [--quick] [--delay-ms N]}: how throughput grows with the
 * keyed parallelism P (K, the apply connections per table, set to match) through a latency proxy
 * in front of the downstream, and how the snapshot grows with S. Figures only.
 *
 * <p>Steady state: the whole workload goes into the upstream's binlog once, before any job runs
 * (so the generator never shares the CPU with a measured job): a warm-up over 8 tables, then a
 * measured phase over the same 8 tables, then one over a single hot table. Each phase is cut by
 * ticks: after every segment, a sentinel row (negative id, increasing) in each of the phase's
 * tables. Per table the sink keeps binlog order, so a tick seen in every table of its phase means
 * every change before it landed. One job per P replays the binlog from the start; the downstream
 * is polled for ticks, and a phase's rows/s is its changes over the time from the warm-up's last
 * tick landed everywhere to its own last tick landed: start-up and warm-up stay out. (A slope
 * between ticks says little: a commit lands a whole checkpoint's rows in a burst.) With K > 1 a
 * tick seen in one partition may precede the rest of its commit by a moment.
 *
 * <p>A first job at P=1 replays the 8-table phase unmeasured, so the JIT has compiled the pipeline before the
 * first measured job; P=1 runs again last ({@code p1_again}): on a shared machine the gap between
 * the two P=1 figures is the noise the other figures carry.
 *
 * <p>CPU per change: this process's CPU time over the same window, minus the CPU of
 * the threads that are not the pipeline (the latency proxy, which stands for the network; the
 * polling thread; the heap sampler), over the changes between those ticks. The generator runs
 * before any job, so none of its CPU falls in a window. Peak heap per job: heap used (garbage
 * included, so mostly the collector's choice under -Xmx4g) and heap used right after a collection.
 *
 * <p>Snapshot: an M-row table read by a {@code task-mode: full} job at S = 1, 2, 4 (after one
 * unmeasured S=1 job, and S=1 again last), straight to the downstream; rows/s from the first rows
 * landed to the last (rows of the first commit not counted), beside the write ceiling (M rows in
 * 1,000-row inserts on one connection). Every job runs at the task's default checkpoint interval.
 */
final class ScaleBench {
    private static final int[] LEVELS = {1, 2, 4};
    private static final int SPREAD_TABLES = 8;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final boolean quick;
    private final long delayMs;
    private final Path out;
    private final Map<String, String> figures = new LinkedHashMap<>();
    /** Heap used, garbage included, and heap left after the latest collections: closer to what the job holds. */
    private final AtomicLong peakHeap = new AtomicLong();

    private final AtomicLong peakLiveHeap = new AtomicLong();
    private final XYSeries spreadSeries = new XYSeries("8 tables, through the proxy (x = P = K)");
    private final XYSeries hotSeries = new XYSeries("one hot table, through the proxy (x = P = K)");
    private final XYSeries snapshotSeries = new XYSeries("snapshot, no proxy (x = S)");
    private Thread heapSampler;

    ScaleBench(boolean quick, long delayMs, Path out) {
        this.quick = quick;
        this.delayMs = delayMs;
        this.out = out;
    }

    void run() throws Exception {
        Files.createDirectories(out);
        heapSampler = heapSampler();
        int warm = quick ? 40_000 : 100_000;
        int spread = quick ? 250_000 : 1_000_000;
        int hot = quick ? 150_000 : 500_000;
        int ticks = quick ? 20 : 40;
        int snapshotRows = quick ? 300_000 : 2_000_000;
        figures.put("proxy_delay_ms", String.valueOf(delayMs));
        figures.put("warmup_changes", String.valueOf(warm));
        figures.put("spread_changes", String.valueOf(spread));
        figures.put("hot_changes", String.valueOf(hot));
        figures.put("snapshot_rows_M", String.valueOf(snapshotRows));
        try (MariaDbServer up = MariaDbServer.start("scale-up", UpstreamDownstream.UPSTREAM_ARGS);
                MariaDbServer down = MariaDbServer.start("scale-down", List.of())) {
            Workload w = new Workload(up);
            w.write(warm, spread, hot, ticks);
            try (LatencyProxy proxy = new LatencyProxy(down.port(), delayMs)) {
                steadyState(up, down, proxy, w, 1, null); // compiles the JVM's hot paths before any is measured
                for (int p : LEVELS) steadyState(up, down, proxy, w, p, "p" + p);
                // P=1 once more, last: how far this machine's load alone moves a figure within the run.
                steadyState(up, down, proxy, w, 1, "p1_again");
            }
            snapshot(up, down, snapshotRows);
        }
        heapSampler.interrupt();
        write();
    }

    // ---- steady state ----------------------------------------------------------------------

    /** The binlog the steady-state jobs replay, and where each tick sits in it. */
    private static final class Workload {
        private final MariaDbServer up;
        private final Map<String, long[]> tableState = new LinkedHashMap<>(); // next id, previous segment start, size
        final List<Phase> phases = new ArrayList<>();
        String[] start;
        String[] hotStart;
        private long changes;
        private long tickId;

        Workload(MariaDbServer up) {
            this.up = up;
        }

        void write(int warm, int spread, int hot, int ticks) throws Exception {
            up.exec("CREATE DATABASE scale");
            List<String> spreadTables = evenlyKeyed(SPREAD_TABLES, 4);
            for (String t : allTables(spreadTables)) {
                up.exec("CREATE TABLE scale." + t
                        + " (id BIGINT PRIMARY KEY, a INT, b VARCHAR(64), c DECIMAL(12,2), d DATETIME(6))");
            }
            start = Bench.binlogPosition(up);
            long t0 = System.nanoTime();
            try (Connection c = up.connectRoot();
                    Statement s = c.createStatement()) {
                phases.add(phase(s, "warmup", spreadTables, warm, Math.max(2, ticks / 4)));
                phases.add(phase(s, "spread", spreadTables, spread, ticks));
                hotStart = Bench.binlogPosition(up);
                phases.add(phase(s, "hotwarmup", List.of("hot"), warm / 2, Math.max(2, ticks / 4)));
                phases.add(phase(s, "hot", List.of("hot"), hot, ticks));
            }
            System.out.printf(
                    "wrote %d changes (warm-up, 8 tables, hot table) into the upstream binlog in %.1f s%n",
                    changes, Bench.secs(t0));
        }

        static List<String> allTables(List<String> spreadTables) {
            List<String> all = new ArrayList<>(spreadTables);
            all.add("hot");
            return all;
        }

        private Phase phase(Statement s, String name, List<String> tables, int total, int ticks) throws SQLException {
            int perSegment = Math.max(10, total / (tables.size() * ticks));
            Phase phase = new Phase(name, tables, new long[ticks], new long[ticks]);
            for (int k = 0; k < ticks; k++) {
                for (String t : tables) segment(s, t, perSegment);
                tickId++;
                for (String t : tables) {
                    changes += s.executeUpdate("INSERT INTO scale." + t + " VALUES (" + (-tickId)
                            + ", 0, 'tick', 0, '2026-01-01 00:00:00')");
                }
                phase.tickIds[k] = tickId;
                phase.tickPositions[k] = changes;
            }
            return phase;
        }

        /**
         * 60% inserts of new rows, 30% updates and 10% deletes of the previous segment's rows (so
         * no change folds with another in one commit step), in 1,000-row statements; each
         * statement's affected rows counted.
         */
        private void segment(Statement s, String table, int size) throws SQLException {
            int ins = size * 6 / 10, upd = size * 3 / 10, del = size - ins - upd;
            long[] st = tableState.computeIfAbsent(table, t -> new long[] {1, -1, 0});
            long from = st[0];
            for (long i = from; i < from + ins; i += 1000) {
                StringBuilder sql = new StringBuilder("INSERT INTO scale." + table + " VALUES ");
                for (long id = i; id < Math.min(from + ins, i + 1000); id++) {
                    sql.append(id == i ? "" : ",")
                            .append('(')
                            .append(id)
                            .append(',')
                            .append(id % 97)
                            .append(",'order ")
                            .append(id)
                            .append("',")
                            .append(id % 1000)
                            .append(".25,'2026-01-02 03:04:05.")
                            .append(100000 + id % 900000)
                            .append("')");
                }
                changes += s.executeUpdate(sql.toString());
            }
            if (st[1] >= 0 && st[2] >= upd + del) { // a table's first segment only inserts
                changes += ranged(
                        s, "UPDATE scale." + table + " SET a = a + 1, b = CONCAT(LEFT(b, 40), ' u')", st[1], upd);
                changes += ranged(s, "DELETE FROM scale." + table, st[1] + upd, del);
            }
            st[0] = from + ins;
            st[1] = from;
            st[2] = ins;
        }

        private static long ranged(Statement s, String sql, long from, int rows) throws SQLException {
            long n = 0;
            for (long i = from; i < from + rows; i += 1000) {
                n += s.executeUpdate(sql + " WHERE id >= " + i + " AND id < " + Math.min(from + rows, i + 1000));
            }
            return n;
        }
    }

    /** A measured stretch of the binlog: tick k is in every table after {@code tickPositions[k]} changes. */
    private record Phase(String name, List<String> tables, long[] tickIds, long[] tickPositions) {}

    /** When a tick was first seen downstream, and the CPU used by the pipeline until then. */
    private record Landing(double seconds, long pipelineCpuNanos) {}

    /**
     * At P (K = P), two jobs: the 8 tables from the workload's start (warm-up, then measured),
     * then the hot table from its own start (its warm-up, then measured). Apart, since in one
     * job the subtasks idle in one phase would run ahead into the next. Figures recorded under
     * {@code run}; with no run, one job through the 8-table phase and nothing recorded.
     */
    private void steadyState(MariaDbServer up, MariaDbServer down, LatencyProxy proxy, Workload w, int p, String run)
            throws Exception {
        if (run == null) {
            // Through the 8-table phase: with the warm-up alone, the first measured job still paid
            // for compilation (twice the CPU per change of the same job run again last).
            Replay jit = replay(up, down, proxy, p, "jit", 0, w.start, w.phases.subList(0, 2));
            System.out.printf(
                    "JIT warm-up job: the 8-table phase landed %.1f s after submission%n", jit.lastLandedSeconds());
            return;
        }
        Replay spread = replay(up, down, proxy, p, run, 2 * run(run), w.start, w.phases.subList(0, 2));
        Replay hot = replay(up, down, proxy, p, run + "-hot", 2 * run(run) + 1, w.hotStart, w.phases.subList(2, 4));
        figures.put(run + "_exact", String.valueOf(spread.exact() && hot.exact()));
        figures.put(run + "_first_tick_s", String.format("%.1f", spread.firstLandedSeconds()));
        for (Replay r : List.of(spread, hot)) {
            Phase ph = r.phases().get(1);
            String prefix = (ph.name().equals("hot") ? "hot_" : "") + run;
            Map<Long, Landing> landed = r.landed();
            // The whole measured phase, from the moment its warm-up had landed everywhere: a commit
            // lands a checkpoint's rows in a burst, so a slope between ticks inside one burst says little.
            Phase warm = r.phases().get(0);
            int to = ph.tickIds().length - 1;
            Landing first = landed.get(warm.tickIds()[warm.tickIds().length - 1]);
            Landing end = landed.get(ph.tickIds()[to]);
            long changes = ph.tickPositions()[to];
            double wall = end.seconds() - first.seconds();
            double cpu = (end.pipelineCpuNanos() - first.pipelineCpuNanos()) / 1e9;
            double rate = changes / wall;
            figures.put(prefix + "_rows_per_s", String.valueOf(Math.round(rate)));
            figures.put(prefix + "_window_s", String.format("%.1f", wall));
            figures.put("cpu_s_per_million_" + prefix, String.format("%.1f", cpu / changes * 1e6));
            figures.put(prefix + "_cores_busy", String.format("%.2f", cpu / wall));
            if (run.equals("p" + p)) (ph.name().equals("hot") ? hotSeries : spreadSeries).add(p, rate);
            System.out.printf(
                    "%s %s: %.0f rows/s over %.1f s, %.1f CPU-s per million changes%n",
                    run, ph.name(), rate, wall, cpu / changes * 1e6);
        }
        figures.put("peak_heap_mib_" + run, String.valueOf(Math.max(spread.peakHeap(), hot.peakHeap()) >> 20));
        figures.put(
                "peak_heap_after_gc_mib_" + run,
                String.valueOf(Math.max(spread.peakLiveHeap(), hot.peakLiveHeap()) >> 20));
        figures.put(
                "tables_per_subtask_" + run, tablesPerSubtask(w.phases.get(1).tables(), p));
    }

    /** One job's ticks as they landed, its peak heap, and whether its tables ended equal to the upstream's. */
    private record Replay(
            List<Phase> phases, Map<Long, Landing> landed, long peakHeap, long peakLiveHeap, boolean exact) {
        double firstLandedSeconds() {
            return landed.get(phases.get(0).tickIds()[0]).seconds();
        }

        double lastLandedSeconds() {
            Phase last = phases.get(phases.size() - 1);
            return landed.get(last.tickIds()[last.tickIds().length - 1]).seconds();
        }
    }

    /** A job at P from {@code start} through the phases' last tick, on fresh downstream copies of their tables. */
    private Replay replay(
            MariaDbServer up,
            MariaDbServer down,
            LatencyProxy proxy,
            int p,
            String name,
            int serverIdOffset,
            String[] start,
            List<Phase> phases)
            throws Exception {
        List<String> tables =
                phases.stream().flatMap(ph -> ph.tables().stream()).distinct().toList();
        down.exec("CREATE DATABASE IF NOT EXISTS scale");
        for (String t : tables) down.exec("DROP TABLE IF EXISTS scale." + t);
        Bench.prepareTables(up, down, "scale", "scale", tables.toArray(String[]::new));
        TaskConfig task = new TaskConfigLoader(k -> null).parse("""
                name: scale-p%d-%s
                task-mode: incremental
                parallelism: %d
                target-database: {host: 127.0.0.1, port: %d, user: osc, password: %s}
                mysql-instances:
                  - {source-id: up1, host: 127.0.0.1, port: %d, user: osc, password: %s, server-id: %d,
                     syncer-thread: %d, block-allow-list: only, meta: {binlog-name: %s, binlog-pos: %s}}
                block-allow-list:
                  only: {do-dbs: ["scale"]}
                """.formatted(
                        p,
                        name,
                        p,
                        proxy.port(),
                        MariaDbServer.PASSWORD,
                        up.port(),
                        MariaDbServer.PASSWORD,
                        5800 + serverIdOffset,
                        p,
                        start[0],
                        start[1]));
        long jobStart = System.nanoTime();
        JobClient job = Bench.oscSync(task);
        peakHeap.set(0);
        peakLiveHeap.set(0);
        Map<Long, Landing> landed = new LinkedHashMap<>();
        Phase last = phases.get(phases.size() - 1);
        long lastTick = last.tickIds()[last.tickIds().length - 1];
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < tables.size(); i++)
            sql.append(i == 0 ? "" : ", ")
                    .append("(SELECT MIN(id) FROM scale.")
                    .append(tables.get(i))
                    .append(')');
        try (Connection c = down.connectRoot();
                Statement s = c.createStatement()) {
            while (!landed.containsKey(lastTick)) {
                if (Bench.secs(jobStart) > 900 || job.getJobStatus().get().isGloballyTerminalState()) {
                    throw new IllegalStateException(
                            "the job " + name + " at P=" + p + " did not finish; see target/test.log");
                }
                Map<String, Long> minId = new LinkedHashMap<>();
                try (ResultSet rs = s.executeQuery(sql.toString())) {
                    rs.next();
                    for (int i = 0; i < tables.size(); i++) minId.put(tables.get(i), rs.getLong(i + 1));
                }
                Landing now = new Landing(Bench.secs(jobStart), pipelineCpu(proxy));
                for (Phase ph : phases) {
                    for (long id : ph.tickIds()) {
                        if (landed.containsKey(id)) continue;
                        boolean everywhere = ph.tables().stream().allMatch(t -> minId.get(t) <= -id);
                        if (everywhere) landed.put(id, now);
                    }
                }
                Thread.sleep(20);
            }
        }
        long peak = peakHeap.get(), peakLive = peakLiveHeap.get();
        // A tick seen in one partition of a table may precede the rest of its commit by a moment:
        // compare until equal (a minute at most) before the job is cancelled mid-commit.
        boolean exact = phases.size() < 2;
        for (long deadline = System.nanoTime() + 60_000_000_000L; !exact && System.nanoTime() < deadline; ) {
            exact = tables.stream()
                    .allMatch(t -> TableComparison.rowChecksum(up, "scale", t)
                            .equals(TableComparison.rowChecksum(down, "scale", t)));
            if (!exact) Thread.sleep(500);
        }
        job.cancel().get();
        return new Replay(phases, landed, peak, peakLive, exact);
    }

    /**
     * {@code n} table names the keyBy spreads evenly at {@code p} subtasks (and so at every divisor
     * of p): what a speed-up at P measures is then the job, not how the names happened to hash.
     */
    private static List<String> evenlyKeyed(int n, int p) {
        List<String> out = new ArrayList<>();
        int[] taken = new int[p];
        for (int i = 0; out.size() < n; i++) {
            String t = "t" + i;
            int subtask = org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignKeyToParallelOperator(
                    io.oscsync.job.coordinator.Coordinator.key(new io.oscsync.udfs.TableId("scale", t)),
                    TaskConfig.MAX_PARALLELISM,
                    p);
            if (taken[subtask] < n / p) {
                taken[subtask]++;
                out.add(t);
            }
        }
        return out;
    }

    /** How the keyBy spreads the 8 tables over the P subtasks, e.g. {@code 3/2/2/1}. */
    private static String tablesPerSubtask(List<String> tables, int p) {
        int[] n = new int[p];
        for (String t : tables) {
            n[
                    org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            io.oscsync.job.coordinator.Coordinator.key(new io.oscsync.udfs.TableId("scale", t)),
                            TaskConfig.MAX_PARALLELISM,
                            p)]++;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p; i++) sb.append(i == 0 ? "" : "/").append(n[i]);
        return sb.toString();
    }

    /** A number per run, for server ids no job meets a cancelled one's binlog connection under. */
    private static int run(String run) {
        return run.equals("p1_again") ? 9 : Integer.parseInt(run.substring(1));
    }

    /** This process's CPU time less the threads that are not the pipeline: the proxy, this one, the heap sampler. */
    private long pipelineCpu(LatencyProxy proxy) {
        return Bench.cpuNanos()
                - proxy.cpuNanos()
                - THREADS.getCurrentThreadCpuTime()
                - Math.max(0, THREADS.getThreadCpuTime(heapSampler.getId()));
    }

    // ---- snapshot --------------------------------------------------------------------------

    private void snapshot(MariaDbServer up, MariaDbServer down, int m) throws Exception {
        String ddl = "(id BIGINT PRIMARY KEY, a INT, b VARCHAR(64), c DECIMAL(12,2), d DATETIME(6))";
        up.exec("CREATE DATABASE snap", "CREATE TABLE snap.big " + ddl);
        try (Connection c = up.connectRoot();
                Statement s = c.createStatement()) {
            for (int from = 1; from <= m; from += 1000) {
                StringBuilder sql = new StringBuilder("INSERT INTO snap.big VALUES ");
                for (int i = from; i < Math.min(m + 1, from + 1000); i++) {
                    sql.append(i == from ? "" : ",")
                            .append('(')
                            .append(i)
                            .append(',')
                            .append(i % 97)
                            .append(",'order ")
                            .append(i)
                            .append("',")
                            .append(i % 1000)
                            .append(".25,'2026-01-02 03:04:05.123456')");
                }
                s.execute(sql.toString());
            }
        }
        down.exec("CREATE DATABASE snap_write", "CREATE TABLE snap_write.big " + ddl);
        double ceiling = m / Bench.writeCeiling(down, "snap_write.big", m);
        figures.put("write_ceiling_rows_per_s", String.valueOf(Math.round(ceiling)));
        System.out.printf("write ceiling: %.0f rows/s%n", ceiling);
        // A first S=1 job unmeasured (the snapshot's code paths compiled), and S=1 again last (the noise).
        List<String> runs = List.of("warm-up", "s1", "s2", "s4", "s1_again");
        for (int r = 0; r < runs.size(); r++) {
            String run = runs.get(r);
            int threads = run.startsWith("s") ? run.charAt(1) - '0' : 1;
            down.exec("DROP DATABASE IF EXISTS snap");
            TaskConfig task = new TaskConfigLoader(k -> null).parse("""
                    name: snap-%s
                    task-mode: full
                    target-database: {host: 127.0.0.1, port: %d, user: osc, password: %s}
                    mysql-instances:
                      - {source-id: up1, host: 127.0.0.1, port: %d, user: osc, password: %s,
                         server-id: %d, mydumper-thread: %d, block-allow-list: only}
                    block-allow-list:
                      only: {do-dbs: ["snap"]}
                    """.formatted(
                    run, down.port(), MariaDbServer.PASSWORD, up.port(), MariaDbServer.PASSWORD, 5910 + r, threads));
            long jobStart = System.nanoTime();
            JobClient job = Bench.oscSync(task);
            double firstAt = -1, lastAt;
            long firstRows = 0;
            while (true) {
                if (Bench.secs(jobStart) > 900) {
                    throw new IllegalStateException("the snapshot at S=" + threads + " did not finish");
                }
                long rows = rowsOrZero(down, "snap.big");
                double now = Bench.secs(jobStart);
                if (rows > 0 && firstAt < 0) {
                    firstAt = now;
                    firstRows = rows;
                }
                if (rows == m) {
                    lastAt = now;
                    break;
                }
                if (ended(job) && rowsOrZero(down, "snap.big") < m) {
                    throw new IllegalStateException("the snapshot job at S=" + threads + " ended with " + rows + " of "
                            + m + " rows downstream; see target/test.log");
                }
                Thread.sleep(50);
            }
            if (!ended(job)) job.cancel().get();
            // All rows in one commit leaves nothing to time after it: then from the job's start.
            double rate = firstRows < m ? (m - firstRows) / (lastAt - firstAt) : m / lastAt;
            System.out.printf("snapshot %s: %.0f rows/s (%.1f s from the job's start)%n", run, rate, lastAt);
            if (r == 0) continue;
            figures.put("snapshot_" + run + "_rows_per_s", String.valueOf(Math.round(rate)));
            figures.put("snapshot_" + run + "_total_s", String.format("%.1f", lastAt));
            if (!run.endsWith("again")) snapshotSeries.add(threads, rate);
        }
    }

    /** A bounded job's MiniCluster shuts down once the job finished, and then answers no more. */
    private static boolean ended(JobClient job) {
        try {
            return job.getJobStatus().get().isGloballyTerminalState();
        } catch (Exception e) {
            return true;
        }
    }

    private static long rowsOrZero(MariaDbServer down, String table) {
        try (Connection c = down.connectRoot();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0; // the job has not created it yet
        }
    }

    // ---- output ----------------------------------------------------------------------------

    private Thread heapSampler() {
        Thread t = new Thread(
                () -> {
                    var mem = ManagementFactory.getMemoryMXBean();
                    while (!Thread.currentThread().isInterrupted()) {
                        peakHeap.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                        // Heap used right after the latest collection (every heap pool, young ones too).
                        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                            if (gc instanceof com.sun.management.GarbageCollectorMXBean g
                                    && g.getLastGcInfo() != null) {
                                long live = 0;
                                for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
                                    var after = g.getLastGcInfo()
                                            .getMemoryUsageAfterGc()
                                            .get(pool.getName());
                                    if (pool.getType() == java.lang.management.MemoryType.HEAP && after != null)
                                        live += after.getUsed();
                                }
                                peakLiveHeap.accumulateAndGet(live, Math::max);
                            }
                        }
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "scale-heap");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private double figure(String name) {
        return Double.parseDouble(figures.get(name));
    }

    private void write() throws Exception {
        figures.put("p1_again_vs_p1", String.format("%.2f", figure("p1_again_rows_per_s") / figure("p1_rows_per_s")));
        figures.put(
                "snapshot_s1_again_vs_s1",
                String.format("%.2f", figure("snapshot_s1_again_rows_per_s") / figure("snapshot_s1_rows_per_s")));
        figures.put("speedup_p2", String.format("%.2f", figure("p2_rows_per_s") / figure("p1_rows_per_s")));
        figures.put("speedup_p4", String.format("%.2f", figure("p4_rows_per_s") / figure("p1_rows_per_s")));
        figures.put(
                "hot_table_speedup_p4",
                String.format("%.2f", figure("hot_p4_rows_per_s") / figure("hot_p1_rows_per_s")));
        figures.put(
                "snapshot_speedup_s2",
                String.format("%.2f", figure("snapshot_s2_rows_per_s") / figure("snapshot_s1_rows_per_s")));
        figures.put(
                "snapshot_speedup_s4",
                String.format("%.2f", figure("snapshot_s4_rows_per_s") / figure("snapshot_s1_rows_per_s")));
        StringBuilder md = new StringBuilder("| figure | value |\n|---|---|\n");
        StringBuilder csv = new StringBuilder("figure,value\n");
        figures.forEach((k, v) -> {
            md.append("| ").append(k).append(" | ").append(v).append(" |\n");
            csv.append(k).append(',').append(v).append('\n');
        });
        Files.writeString(out.resolve("scale.md"), md);
        Files.writeString(out.resolve("scale.csv"), csv);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(spreadSeries);
        data.addSeries(hotSeries);
        data.addSeries(snapshotSeries);
        JFreeChart chart = ChartFactory.createXYLineChart(
                "Throughput against parallelism (" + delayMs + " ms latency proxy for the steady state)",
                "parallelism",
                "rows/s",
                data);
        NumberAxis x = (NumberAxis) chart.getXYPlot().getDomainAxis();
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ((org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) chart.getXYPlot().getRenderer())
                .setDefaultShapesVisible(true);
        ChartUtils.saveChartAsPNG(out.resolve("scale.png").toFile(), chart, 900, 450);
        System.out.print(md);
        System.out.println("results in " + out.toAbsolutePath());
        System.out.println("scale: p1_rows_per_s=" + figures.get("p1_rows_per_s")
                + " p2_rows_per_s=" + figures.get("p2_rows_per_s")
                + " p4_rows_per_s=" + figures.get("p4_rows_per_s")
                + " speedup_p4=" + figures.get("speedup_p4")
                + " hot_table_speedup_p4=" + figures.get("hot_table_speedup_p4")
                + " snapshot_s1_rows_per_s=" + figures.get("snapshot_s1_rows_per_s")
                + " snapshot_s2_rows_per_s=" + figures.get("snapshot_s2_rows_per_s")
                + " snapshot_speedup_s2=" + figures.get("snapshot_speedup_s2")
                + " cpu_s_per_million_p1=" + figures.get("cpu_s_per_million_p1")
                + " cpu_s_per_million_p4=" + figures.get("cpu_s_per_million_p4"));
    }
}
