package io.oscsync.bench;

import io.oscsync.job.OscSyncJob;
import io.oscsync.job.cli.JobSettings;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.coordinator.GhostRecord;
import io.oscsync.job.coordinator.GhostRecordSerializer;
import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.event.ChangeEventSerializer;
import io.oscsync.job.event.VersionedTypeInfo;
import io.oscsync.job.route.InstanceRules;
import io.oscsync.job.source.CdcSources;
import io.oscsync.job.source.UpstreamChecks;
import io.oscsync.job.source.UpstreamInfo;
import io.oscsync.job.testing.GhostReplay;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.PtOsc;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.UpstreamDownstream;
import io.oscsync.udfs.TableId;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code deploy/local/bench.sh}: what osc-sync costs and saves, measured side by side in one run
 * on this machine against its own servers. Prints figures; asserts nothing about time.
 *
 * <ol>
 *   <li>Steady state: N mixed row changes (60% inserts, 30% updates, 10% deletes) already in the
 *       binlog, replayed by osc-sync, by the same Flink CDC source into a discarding sink (the read
 *       ceiling), by a Flink SQL mysql-cdc -> jdbc upsert pipeline (the baseline), and N rows
 *       written straight with multi-row inserts (the write ceiling). N/5 warm-up changes come
 *       first; each pipeline is timed from its first measured change visible (or, for the read
 *       ceiling, read) to its last (the table equal to the upstream and a marker row after it).</li>
 *   <li>Online schema change: a table of M rows altered by the gh-ost replay, then by real pt-osc,
 *       while an app writes; osc-sync and the baseline (capturing the tools' tables as users'
 *       regexes do) each write to their own downstream server, whose handler counters say how many
 *       rows each wrote; osc-sync's replication lag is sampled throughout.</li>
 *   <li>Cost: peak heap and CPU seconds of this JVM (the MiniCluster runs in it), and the
 *       serialized size of a migration in flight and of a held event.</li>
 * </ol>
 */
public final class Bench {
    private static final String PASSWORD = MariaDbServer.PASSWORD;
    private final Map<String, String> figures = new LinkedHashMap<>();
    private final XYSeries lagSeries = new XYSeries("osc-sync replication lag (ms)");
    private final AtomicLong peakHeap = new AtomicLong();

    /** {@code [--quick] [--scale [--delay-ms N]] [RESULTS_DIR]}; {@code --scale} runs {@link ScaleBench} alone. */
    public static void main(String[] args) throws Exception {
        boolean quick = false, scale = false;
        long delayMs = 5;
        String dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--scale" -> scale = true;
                case "--delay-ms" -> delayMs = Long.parseLong(args[++i]);
                default -> {
                    if (args[i].startsWith("--")) throw new IllegalArgumentException("unknown option " + args[i]);
                    dir = args[i];
                }
            }
        }
        Path out = Path.of(
                dir != null
                        ? dir
                        : "bench-results/"
                                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (scale) new ScaleBench(quick, delayMs, out).run();
        else new Bench().run(quick ? 100_000 : 200_000, quick ? 5_000 : 50_000, out);
        System.exit(0); // MiniCluster and driver threads linger
    }

    private void run(int n, int m, Path out) throws Exception {
        Files.createDirectories(out);
        Thread sampler = heapSampler();
        figures.put("changes_N", String.valueOf(n));
        figures.put("migration_rows_M", String.valueOf(m));
        try (MariaDbServer up = MariaDbServer.start("bench-up", UpstreamDownstream.UPSTREAM_ARGS);
                MariaDbServer down = MariaDbServer.start("bench-down", List.of());
                MariaDbServer downBase = MariaDbServer.start("bench-down-baseline", List.of())) {
            steadyState(up, down, n);
            migration(up, down, downBase, m);
        }
        sampler.interrupt();
        cost();
        write(out);
    }

    // ---- 1. steady state -------------------------------------------------------------------

    private void steadyState(MariaDbServer up, MariaDbServer down, int n) throws Exception {
        up.exec(
                "CREATE DATABASE bench",
                "CREATE TABLE bench.orders (id BIGINT PRIMARY KEY, a INT, b VARCHAR(64), c DECIMAL(12,2), d DATETIME(6))",
                "CREATE TABLE bench.marker (id INT PRIMARY KEY)");
        String[] start = binlogPosition(up);
        long t = System.nanoTime();
        // A warm-up before the N measured changes: each pipeline is timed from its first measured
        // change landed, so its start-up (binlog connection, first checkpoint, JIT) is not counted.
        load(up, n / 5, WARM_UP_IDS);
        up.exec("INSERT INTO bench.marker VALUES (1)");
        load(up, n, 0);
        System.out.printf("loaded %d + %d warm-up changes into the upstream binlog in %.1f s%n", n, n / 5, secs(t));
        up.exec("INSERT INTO bench.marker VALUES (2)");

        double read = readCeiling(up, down, start, n);
        record("read_ceiling_rows_per_s", n / read);

        prepareDownstream(up, down, "bench", "orders", "marker");
        long cpu0 = cpuNanos();
        double osc =
                timeUntilDone("osc", up, down, "bench", oscSync(task(up, down, "bench-osc", start, "bench", 5801)), n);
        record("osc_rows_per_s", n / osc);
        figures.put("osc_cpu_s", String.format("%.1f", (cpuNanos() - cpu0) / 1e9));

        down.exec("CREATE DATABASE bench_base");
        prepareTables(up, down, "bench", "bench_base", "orders", "marker");
        double base = timeUntilDone(
                "baseline",
                up,
                down,
                "bench_base",
                baseline(up, down, start, "bench", "bench_base", "orders", "5802-5803"),
                n);
        record("baseline_rows_per_s", n / base);

        down.exec("CREATE DATABASE bench_write");
        prepareTables(up, down, "bench", "bench_write", "orders");
        record("ceiling_rows_per_s", n / writeCeiling(down, "bench_write.orders", n));

        double oscRate = Double.parseDouble(figures.get("osc_rows_per_s"));
        double ceiling = Math.min(
                Double.parseDouble(figures.get("read_ceiling_rows_per_s")),
                Double.parseDouble(figures.get("ceiling_rows_per_s")));
        figures.put("ratio", String.format("%.2f", oscRate / ceiling));
        figures.put(
                "ratio_vs_baseline",
                String.format("%.2f", oscRate / Double.parseDouble(figures.get("baseline_rows_per_s"))));
    }

    /** The warm-up's rows: ids from here on, apart from the measured ones. */
    private static final long WARM_UP_IDS = 1_000_000_000L;

    /** N changes in big statements: inserts of 1,000 rows from id {@code base}, then updates and deletes of ranges. */
    private static void load(MariaDbServer up, int n, long base) throws Exception {
        int inserts = n * 6 / 10, updates = n * 3 / 10, deletes = n - inserts - updates;
        try (Connection c = up.connectRoot();
                Statement s = c.createStatement()) {
            for (int from = 0; from < inserts; from += 1000) {
                StringBuilder sql = new StringBuilder("INSERT INTO bench.orders VALUES ");
                for (int i = from; i < Math.min(inserts, from + 1000); i++) {
                    sql.append(i == from ? "" : ",")
                            .append("(")
                            .append(base + i)
                            .append(",")
                            .append(i % 97)
                            .append(",'order ")
                            .append(i)
                            .append("',")
                            .append(i % 1000)
                            .append(".25,'2026-01-02 03:04:05.")
                            .append(100000 + i % 900000)
                            .append("')");
                }
                s.execute(sql.toString());
            }
            for (int from = 0; from < updates; from += 1000) {
                s.execute("UPDATE bench.orders SET a = a + 1, b = CONCAT(b, ' u') WHERE id >= " + (base + from)
                        + " AND id < " + (base + Math.min(updates, from + 1000)));
            }
            for (int from = inserts - deletes; from < inserts; from += 1000) {
                s.execute("DELETE FROM bench.orders WHERE id >= " + (base + from) + " AND id < "
                        + (base + Math.min(inserts, from + 1000)));
            }
        }
    }

    /** Static: the counting function runs in this JVM's MiniCluster. */
    private static final AtomicLong EVENTS = new AtomicLong();

    private static final AtomicLong MARKER_AT = new AtomicLong();

    private static final AtomicLong END_MARKER_AT = new AtomicLong();

    private double readCeiling(MariaDbServer up, MariaDbServer down, String[] start, int n) throws Exception {
        TaskConfig task = task(up, down, "bench-read", start, "bench", 5804);
        Map<String, UpstreamInfo> infos = UpstreamChecks.run(task);
        TaskConfig.Instance inst = task.mysqlInstances().get(0);
        StreamExecutionEnvironment env = environment(task);
        EVENTS.set(0);
        MARKER_AT.set(0);
        END_MARKER_AT.set(0);
        env.fromSource(
                        CdcSources.create(task, inst, InstanceRules.of(task, inst), infos.get(inst.sourceId())),
                        WatermarkStrategy.noWatermarks(),
                        "MySQL CDC",
                        VersionedTypeInfo.CHANGE_EVENT)
                .setParallelism(1)
                .filter(e -> {
                    EVENTS.incrementAndGet();
                    // Row events only: the table's definition comes before its first row.
                    if (e.table().table().equals("marker")
                            && e.kind().isRow()
                            && !MARKER_AT.compareAndSet(0, System.nanoTime())) {
                        END_MARKER_AT.compareAndSet(0, System.nanoTime());
                    }
                    return false;
                })
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("read ceiling");
        long t0 = runningSince(job);
        while (END_MARKER_AT.get() == 0) {
            if (secs(t0) > 900) throw new IllegalStateException("the read ceiling did not finish; see target/test.log");
            Thread.sleep(10);
        }
        job.cancel().get();
        System.out.printf("read ceiling: %d events%n", EVENTS.get());
        return (END_MARKER_AT.get() - MARKER_AT.get()) / 1e9; // from the warm-up's end
    }

    static double writeCeiling(MariaDbServer down, String table, int n) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = down.connectRoot()) {
            c.setAutoCommit(false);
            for (int from = 0; from < n; from += 1000) {
                int rows = Math.min(1000, n - from);
                StringBuilder sql = new StringBuilder("INSERT INTO " + table + " VALUES ");
                for (int i = 0; i < rows; i++) sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?)");
                try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                    int p = 1;
                    for (int i = from; i < from + rows; i++) {
                        ps.setLong(p++, i);
                        ps.setInt(p++, i % 97);
                        ps.setString(p++, "order " + i);
                        ps.setBigDecimal(p++, new java.math.BigDecimal(i % 1000 + ".25"));
                        ps.setString(p++, "2026-01-02 03:04:05.123456");
                    }
                    ps.executeUpdate();
                }
                c.commit();
            }
        }
        return secs(t0);
    }

    // ---- 2. during an online schema change --------------------------------------------------

    private void migration(MariaDbServer up, MariaDbServer down, MariaDbServer downBase, int m) throws Exception {
        up.exec(
                "CREATE DATABASE mig",
                "CREATE TABLE mig.t (id INT PRIMARY KEY, a INT, b VARCHAR(64))",
                "CREATE TABLE mig.probe (id INT PRIMARY KEY, sent_ms BIGINT)");
        prepareDownstream(up, down, "mig", "t", "probe");
        downBase.exec("CREATE DATABASE mig");
        prepareTables(up, downBase, "mig", "mig", "t", "probe");
        for (MariaDbServer server :
                List.of(up, down, downBase)) { // the same M rows everywhere: no snapshot to wait for
            try (Connection c = server.connectRoot();
                    Statement s = c.createStatement()) {
                for (int from = 1; from <= m; from += 1000) {
                    StringBuilder sql = new StringBuilder("INSERT INTO mig.t VALUES ");
                    for (int i = from; i < Math.min(m + 1, from + 1000); i++) {
                        sql.append(i == from ? "" : ",")
                                .append("(")
                                .append(i)
                                .append(",")
                                .append(i % 7)
                                .append(",'r')");
                    }
                    s.execute(sql.toString());
                }
            }
        }
        String[] start = binlogPosition(up);
        JobClient osc = oscSync(task(up, down, "mig-osc", start, "mig", 5811));
        JobClient base = baseline(up, downBase, start, "mig", "mig", "(t|_t_gho|_t_new|_t_del|_t_old)", "5812-5813");
        Thread.sleep(3000);
        long[] before = {handlerWrites(down), handlerWrites(downBase), status(down, "Com_alter_table")};

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean writeT = new AtomicBoolean(true);
        List<Long> lags = new ArrayList<>();
        long t0 = System.nanoTime();
        Thread app = new Thread(() -> appWithProbes(up, down, running, writeT, lags, t0), "bench-app");
        app.start();
        Thread.sleep(5000); // the lag before the migrations, for comparison
        long migrationStart = System.nanoTime();
        GhostReplay ghost = new GhostReplay(up, "mig", "t");
        ghost.start("ADD COLUMN c1 INT NOT NULL DEFAULT 1");
        ghost.copyRows("`id`, `a`, `b`", 1000, m + 100_000);
        writeT.set(
                false); // the replay's sync is not gh-ost's binlog apply: hold the app's writes to t over the cut-over
        Thread.sleep(200);
        ghost.syncAndCutOverAtomic("`id`, `a`, `b`");
        writeT.set(true);
        PtOsc.run(up, "mig", "t", "ADD COLUMN c2 VARCHAR(10) DEFAULT 'x'");
        figures.put("migrations_s", String.format("%.1f", secs(migrationStart)));
        figures.put("migrations_window_s", String.format("%.1f-%.1f", (migrationStart - t0) / 1e9, secs(t0)));
        Thread.sleep(5000);
        running.set(false);
        app.join();
        awaitEqual(up, down, "mig", "t");
        long oscWrites = handlerWrites(down) - before[0];
        long baseWrites = handlerWrites(downBase) - before[1];
        figures.put("migration_downstream_rows_written_osc", String.valueOf(oscWrites));
        figures.put("migration_downstream_rows_written_baseline", String.valueOf(baseWrites));
        figures.put("ghost_rows_written", String.valueOf(ghostRows(down, "mig")));
        figures.put("baseline_extra_rows_written", String.valueOf(baseWrites - oscWrites)); // the tools' copies
        figures.put("ddls_executed_osc", String.valueOf(status(down, "Com_alter_table") - before[2]));
        List<Long> sorted = lags.stream().sorted().toList();
        figures.put("peak_lag_ms", String.valueOf(sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1)));
        figures.put("p99_lag_ms", String.valueOf(sorted.isEmpty() ? -1 : sorted.get(sorted.size() * 99 / 100)));
        osc.cancel().get();
        base.cancel().get();
    }

    /** The app: a row change on mig.t and a timestamped probe every 20 ms; the probe's arrival downstream is the lag. */
    private void appWithProbes(
            MariaDbServer up,
            MariaDbServer down,
            AtomicBoolean running,
            AtomicBoolean writeT,
            List<Long> lags,
            long t0) {
        try (Connection u = up.connectRoot();
                Connection d = down.connectRoot();
                Statement us = u.createStatement();
                PreparedStatement seen = d.prepareStatement("SELECT id, sent_ms FROM mig.probe WHERE id > ?")) {
            int next = 1;
            int lastSeen = 0;
            while (running.get()) {
                if (writeT.get()) us.execute("UPDATE mig.t SET a = a + 1 WHERE id = " + (1 + next % 1000));
                us.execute("INSERT INTO mig.probe VALUES (" + next++ + ", " + System.currentTimeMillis() + ")");
                seen.setInt(1, lastSeen);
                try (ResultSet rs = seen.executeQuery()) {
                    long now = System.currentTimeMillis();
                    while (rs.next()) {
                        lastSeen = Math.max(lastSeen, rs.getInt(1));
                        long lag = now - rs.getLong(2);
                        synchronized (lags) {
                            lags.add(lag);
                        }
                        lagSeries.add((System.nanoTime() - t0) / 1e9, lag);
                    }
                }
                Thread.sleep(20);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the bench app failed", e);
        }
    }

    // ---- 3. cost ---------------------------------------------------------------------------

    private void cost() throws Exception {
        figures.put("peak_heap_mib", String.valueOf(peakHeap.get() >> 20));
        figures.put("cpu_s_total", String.format("%.1f", cpuNanos() / 1e9));
        GhostRecord r = GhostRecord.created(
                        "up1", new TableId("shop", "_orders_gho"), new TableId("shop", "orders"), null)
                .withDdl(io.oscsync.udfs.ddl.DdlStatement.parse(
                        "alter /* gh-ost */ table `shop`.`_orders_gho` ADD COLUMN c1 INT NOT NULL DEFAULT 1"));
        DataOutputSerializer buf = new DataOutputSerializer(256);
        GhostRecordSerializer.INSTANCE.serialize(r, buf);
        figures.put("state_bytes_per_migration", String.valueOf(buf.length() + "up1/shop._orders_gho".length()));
        buf.clear();
        ChangeEventSerializer.INSTANCE.serialize(
                ChangeEvent.row(
                        "up1",
                        new TableId("shop", "orders"),
                        ChangeEvent.Kind.INSERT,
                        new String[] {"id", "a", "b", "c", "d"},
                        null,
                        new Object[] {
                            42L, 7L, "order 42", new java.math.BigDecimal("42.25"), "2026-01-02 03:04:05.123456"
                        },
                        "mysql-bin.000001",
                        4,
                        0),
                buf);
        figures.put("state_bytes_per_held_event", String.valueOf(buf.length()));
    }

    private Thread heapSampler() {
        Thread t = new Thread(
                () -> {
                    var mem = ManagementFactory.getMemoryMXBean();
                    while (!Thread.currentThread().isInterrupted()) {
                        peakHeap.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "bench-heap");
        t.setDaemon(true);
        t.start();
        return t;
    }

    // ---- pipelines -------------------------------------------------------------------------

    static JobClient oscSync(TaskConfig task) throws Exception {
        Map<String, UpstreamInfo> infos = UpstreamChecks.run(task);
        StreamExecutionEnvironment env = environment(task);
        OscSyncJob.build(env, task, infos);
        return env.executeAsync(task.name());
    }

    /** What a user would pick instead: Flink SQL, mysql-cdc into the JDBC connector's upsert sink. */
    private static JobClient baseline(
            MariaDbServer up,
            MariaDbServer down,
            String[] start,
            String db,
            String toDb,
            String tableRegex,
            String serverIds)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.enableCheckpointing(2000);
        env.setParallelism(1);
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        boolean orders = db.equals("bench");
        String cols =
                orders ? "id BIGINT, a INT, b STRING, c DECIMAL(12,2), d TIMESTAMP(6)" : "id INT, a INT, b STRING";
        String src = "'connector' = 'mysql-cdc', 'hostname' = '127.0.0.1', 'port' = '" + up.port()
                + "', 'username' = 'osc', "
                + "'password' = '" + PASSWORD + "', 'database-name' = '" + db
                + "', 'server-id' = '%s', 'server-time-zone' = '" + zone(up) + "', "
                + "'scan.startup.mode' = 'specific-offset', 'scan.startup.specific-offset.file' = '" + start[0] + "', "
                + "'scan.startup.specific-offset.pos' = '" + start[1] + "', 'table-name' = '%s'";
        String sink = "'connector' = 'jdbc', 'url' = 'jdbc:mysql://127.0.0.1:" + down.port() + "/" + toDb
                + "?rewriteBatchedStatements=true', 'username' = 'osc', 'password' = '" + PASSWORD
                + "', 'table-name' = '%s', "
                + "'sink.buffer-flush.max-rows' = '1000', 'sink.buffer-flush.interval' = '200ms'";
        String[] ids = serverIds.split("-");
        String main = orders ? "orders" : "t";
        String second = orders ? "marker" : "probe";
        String secondCols = orders ? "id INT" : "id INT, sent_ms BIGINT";
        t.executeSql("CREATE TABLE src1 (" + cols + ", PRIMARY KEY (id) NOT ENFORCED) WITH ("
                + src.formatted(ids[0], tableRegex) + ")");
        t.executeSql(
                "CREATE TABLE dst1 (" + cols + ", PRIMARY KEY (id) NOT ENFORCED) WITH (" + sink.formatted(main) + ")");
        t.executeSql("CREATE TABLE src2 (" + secondCols + ", PRIMARY KEY (id) NOT ENFORCED) WITH ("
                + src.formatted(ids[1], second) + ")");
        t.executeSql("CREATE TABLE dst2 (" + secondCols + ", PRIMARY KEY (id) NOT ENFORCED) WITH ("
                + sink.formatted(second) + ")");
        StatementSet set = t.createStatementSet();
        set.addInsertSql("INSERT INTO dst1 SELECT * FROM src1");
        set.addInsertSql("INSERT INTO dst2 SELECT * FROM src2");
        return set.execute().getJobClient().orElseThrow();
    }

    static StreamExecutionEnvironment environment(TaskConfig task) throws Exception {
        Configuration conf = JobSettings.forTask(task, null);
        // As the embedded runner does: checkpoints on disk, the sink's batches outgrow the JobManager's heap.
        conf.set(
                org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                Files.createTempDirectory("osc-bench-checkpoints-").toUri().toString());
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    private static TaskConfig task(
            MariaDbServer up, MariaDbServer down, String name, String[] start, String db, int serverId) {
        return new TaskConfigLoader(k -> null).parse("""
                name: %s
                task-mode: incremental
                checkpoint-interval-ms: 2000
                target-database: {host: 127.0.0.1, port: %d, user: osc, password: %s}
                mysql-instances:
                  - {source-id: up1, host: 127.0.0.1, port: %d, user: osc, password: %s, server-id: %d,
                     block-allow-list: only, meta: {binlog-name: %s, binlog-pos: %s}}
                block-allow-list:
                  only: {do-dbs: ["%s"]}
                """.formatted(
                        name, down.port(), PASSWORD, up.port(), PASSWORD, serverId, start[0], start[1], db));
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** The upstream's time zone as the mysql-cdc connector wants it (an offset works). */
    private static String zone(MariaDbServer up) {
        return up.query("SELECT TIME_FORMAT(TIMEDIFF(NOW(), UTC_TIMESTAMP()), '+%H:%i')")
                .get(0)
                .get(0);
    }

    /**
     * Seconds the N measured changes took: from the first of them visible downstream (the rows
     * of that first commit left out, pro rata) to the last change visible (the second marker
     * there, and the rows equal by a digest of id, a, b, c). Start-up and the warm-up are not
     * counted. Whether the rows are exactly equal (every column) is recorded apart, as
     * {@code <name>_exact}.
     */
    private double timeUntilDone(String name, MariaDbServer up, MariaDbServer down, String db, JobClient job, int n)
            throws Exception {
        String expected = digest(up, "bench");
        long t0 = runningSince(job);
        long firstAt = 0;
        long firstRows = 0;
        while (true) {
            if (secs(t0) > 900 || job.getJobStatus().get().isGloballyTerminalState()) {
                throw new IllegalStateException("the pipeline writing " + db + " did not finish; see target/test.log");
            }
            if (firstAt == 0) {
                long rows =
                        Long.parseLong(down.query("SELECT COUNT(*) FROM " + db + ".orders WHERE id < " + WARM_UP_IDS)
                                .get(0)
                                .get(0));
                if (rows > 0) {
                    firstAt = System.nanoTime();
                    firstRows = rows;
                }
            }
            if (MigrationFixture.count(down, db + ".marker") == 2
                    && digest(down, db).equals(expected)) break;
            Thread.sleep(20);
        }
        double s = (System.nanoTime() - firstAt) / 1e9;
        double landedFirst = Math.min(0.9, firstRows / (n * 6 / 10.0)); // inserts come first in the load
        job.cancel().get();
        figures.put(
                name + "_exact",
                String.valueOf(TableComparison.rowChecksum(up, "bench", "orders")
                        .equals(TableComparison.rowChecksum(down, db, "orders"))));
        return s / (1 - landedFirst);
    }

    /** When the job's tasks were all deployed: every pipeline is timed from there, so job set-up is not counted. */
    static long runningSince(JobClient job) throws Exception {
        while (job.getJobStatus().get() != org.apache.flink.api.common.JobStatus.RUNNING) Thread.sleep(5);
        return System.nanoTime();
    }

    private static String digest(MariaDbServer s, String db) {
        return s.query("SELECT COUNT(*), SUM(CRC32(CONCAT_WS('|', id, a, b, c))) FROM " + db + ".orders")
                .toString();
    }

    private static void awaitEqual(MariaDbServer up, MariaDbServer down, String db, String table) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (true) {
            try {
                TableComparison.assertSameTable(up, db, table, down, db, table);
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(200);
            }
        }
    }

    private static void prepareDownstream(MariaDbServer up, MariaDbServer down, String db, String... tables) {
        down.exec("CREATE DATABASE IF NOT EXISTS " + db);
        prepareTables(up, down, db, db, tables);
    }

    static void prepareTables(MariaDbServer up, MariaDbServer down, String fromDb, String toDb, String... tables) {
        for (String t : tables) {
            String ddl =
                    up.query("SHOW CREATE TABLE " + fromDb + "." + t).get(0).get(1);
            down.exec("USE " + toDb, ddl);
        }
    }

    static String[] binlogPosition(MariaDbServer up) {
        List<String> row = up.query("SHOW MASTER STATUS").get(0);
        return new String[] {row.get(0), row.get(1)};
    }

    private static long handlerWrites(MariaDbServer s) {
        return status(s, "Handler_write") + status(s, "Handler_update") + status(s, "Handler_delete");
    }

    private static long status(MariaDbServer s, String name) {
        return Long.parseLong(
                s.query("SHOW GLOBAL STATUS LIKE '" + name + "'").get(0).get(1));
    }

    private static long ghostRows(MariaDbServer down, String db) {
        long n = 0;
        for (List<String> t : down.query(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                        + "AND TABLE_NAME LIKE '\\_%'",
                db)) {
            n += Long.parseLong(down.query("SELECT COUNT(*) FROM " + db + ".`" + t.get(0) + "`")
                    .get(0)
                    .get(0));
        }
        return n;
    }

    private void record(String name, double rowsPerSecond) {
        figures.put(name, String.valueOf(Math.round(rowsPerSecond)));
        System.out.println(name + " = " + Math.round(rowsPerSecond));
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private void write(Path out) throws Exception {
        StringBuilder md = new StringBuilder("| figure | value |\n|---|---|\n");
        StringBuilder csv = new StringBuilder("figure,value\n");
        figures.forEach((k, v) -> {
            md.append("| ").append(k).append(" | ").append(v).append(" |\n");
            csv.append(k).append(',').append(v).append('\n');
        });
        Files.writeString(out.resolve("bench.md"), md);
        Files.writeString(out.resolve("bench.csv"), csv);
        JFreeChart chart = ChartFactory.createXYLineChart(
                "Replication lag during gh-ost and pt-osc migrations",
                "seconds since the app started",
                "lag (ms)",
                new XYSeriesCollection(lagSeries));
        ChartUtils.saveChartAsPNG(out.resolve("lag.png").toFile(), chart, 900, 450);
        System.out.print(md);
        System.out.println("results in " + out.toAbsolutePath());
        System.out.println("summary: osc_rows_per_s=" + figures.get("osc_rows_per_s")
                + " ceiling_rows_per_s=" + figures.get("ceiling_rows_per_s")
                + " baseline_rows_per_s=" + figures.get("baseline_rows_per_s")
                + " ratio=" + figures.get("ratio")
                + " read_ceiling_rows_per_s=" + figures.get("read_ceiling_rows_per_s")
                + " ghost_rows_written=" + figures.get("ghost_rows_written")
                + " p99_lag_ms=" + figures.get("p99_lag_ms"));
    }
}
