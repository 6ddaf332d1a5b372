package io.oscsync.job.sink.committer;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.CrossKeyBarrier;
import io.oscsync.job.event.SinkOp;
import io.oscsync.job.jdbc.MySqlConnections;
import io.oscsync.job.sink.dialect.DdlDialect;
import io.oscsync.job.sink.dialect.RefusedDdlException;
import io.oscsync.job.sink.handle.DdlDecision;
import io.oscsync.job.sink.handle.DdlDecisions;
import io.oscsync.job.sink.handle.DdlRefusedException;
import io.oscsync.job.sink.plan.CommitPlan;
import io.oscsync.job.sink.plan.KeyPartitioner;
import io.oscsync.job.sink.plan.LanePlan;
import io.oscsync.job.sink.plan.TableMeta;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.UnsupportedDdlException;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.metrics.groups.SinkCommitterMetricGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies the batches of completed checkpoints over {@code workers} downstream connections: each
 * table is a lane, lanes run concurrently, and a table's run of rows between two DDL or barrier
 * ops is split by key into partitions that run concurrently too (see the package doc for the
 * order this keeps and what a restart does). Every step is one transaction with its progress row.
 *
 * <p>A retryable error (lost connection, deadlock, lock wait, TiDB write conflict) is retried
 * with backoff for up to {@link #OUTAGE_WINDOW}, so a downstream outage only pauses the job;
 * any other error fails the job with the table and statement named, and no restart, since a
 * restart would meet the same error. The batch stays in the checkpoint either way.
 */
public final class TiDbCommitter implements Committer<CommitBatch> {
    private static final Logger LOG = LoggerFactory.getLogger(TiDbCommitter.class);
    static final Duration OUTAGE_WINDOW = Duration.ofMinutes(5);
    /** How long one side of a cross-key barrier waits for the other before the job fails. */
    static final Duration BARRIER_WAIT = Duration.ofMinutes(10);

    private static final long POLL_MIN_MS = 20;
    private static final long POLL_MAX_MS = 1000;

    private final TaskConfig.Database target;
    private final ProgressTable progress;
    private final Rendezvous rendezvous;
    private final int workers;
    private final Duration barrierWait;
    private final Counter rowsCommitted;
    private final Counter ddlsApplied;
    private final Counter retries;
    private final SinkCommitterMetricGroup metrics;
    /** Rows committed per target table, as {@code table=<schema.table>} subgroups. */
    private final Map<TableId, Counter> rowsPerTable = new ConcurrentHashMap<>();
    /** Downstream table shapes, shared by the workers: a DDL on one connection clears it for all. */
    private final Map<TableId, TableMeta> shapes = new ConcurrentHashMap<>();
    /**
     * Tables whose lane ran to its end past a step that had not landed: nothing later can have
     * landed before the restart, so no progress to read before their steps.
     */
    private final Set<TableId> caughtUp = ConcurrentHashMap.newKeySet();

    private final List<Worker> allWorkers = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Worker> currentWorker = new ThreadLocal<>();
    private volatile long lagMs;
    private volatile DdlDialect dialect;
    private ExecutorService pool;

    private final DdlDecisions decisions;

    public TiDbCommitter(
            TaskConfig.Database target, ProgressTable progress, SinkCommitterMetricGroup metrics, int workers) {
        this(target, progress, metrics, workers, BARRIER_WAIT, DdlDecisions.NONE);
    }

    /** @param decisions {@code --handle-ddl}: applied to a DDL step of a batch restored with the refused op in it */
    public TiDbCommitter(
            TaskConfig.Database target,
            ProgressTable progress,
            SinkCommitterMetricGroup metrics,
            int workers,
            DdlDecisions decisions) {
        this(target, progress, metrics, workers, BARRIER_WAIT, decisions);
    }

    TiDbCommitter(
            TaskConfig.Database target,
            ProgressTable progress,
            SinkCommitterMetricGroup metrics,
            int workers,
            Duration barrierWait) {
        this(target, progress, metrics, workers, barrierWait, DdlDecisions.NONE);
    }

    private TiDbCommitter(
            TaskConfig.Database target,
            ProgressTable progress,
            SinkCommitterMetricGroup metrics,
            int workers,
            Duration barrierWait,
            DdlDecisions decisions) {
        this.decisions = decisions;
        if (workers < 1) throw new IllegalArgumentException("apply workers must be at least 1, not " + workers);
        this.target = target;
        this.progress = progress;
        this.rendezvous = new Rendezvous(progress.table().schema(), progress.task());
        this.workers = workers;
        this.barrierWait = barrierWait;
        this.rowsCommitted = metrics.counter("rowsCommitted", new ThreadSafeSimpleCounter());
        this.ddlsApplied = metrics.counter("ddlsApplied", new ThreadSafeSimpleCounter());
        this.retries = metrics.counter("commitRetries", new ThreadSafeSimpleCounter());
        this.metrics = metrics;
        metrics.gauge("replicationLagMs", () -> lagMs);
        metrics.meter("rowsCommittedPerSecond", new org.apache.flink.metrics.MeterView(rowsCommitted, 60));
    }

    @Override
    public void commit(Collection<CommitRequest<CommitBatch>> requests) throws InterruptedException {
        List<CommitBatch> run = new ArrayList<>();
        for (CommitRequest<CommitBatch> request : requests) {
            CommitBatch batch = request.getCommittable();
            if (batch.legacy()) {
                if (!run.isEmpty()) applyLanes(run);
                run = new ArrayList<>();
                applyLegacy(batch);
            } else {
                run.add(batch);
            }
        }
        if (!run.isEmpty()) applyLanes(run);
    }

    // ---------------------------------------------------------------- lanes (format 2)

    private void applyLanes(List<CommitBatch> batches) throws InterruptedException {
        boolean barriers = false;
        for (CommitBatch b : batches) {
            for (SinkOp op : b.ops()) barriers |= op.kind() == SinkOp.Kind.BARRIER;
        }
        // Without the cross-key protocol's barriers, a DDL that reaches other tables keeps the
        // batch's order across lanes here (within this committer: all the tables of one key are here).
        TreeSet<Integer> fences = new TreeSet<>();
        int base = 0;
        for (CommitBatch b : batches) {
            for (int i = 0; i < b.ops().size(); i++) {
                if (!barriers && LanePlan.reachesOtherTables(b.ops().get(i))) fences.add(base + i);
            }
            base += b.ops().size();
        }
        Map<TableId, Lane> lanes = new LinkedHashMap<>();
        base = 0;
        for (CommitBatch b : batches) {
            for (var e : LanePlan.lanes(b.ops(), base, fences).entrySet()) {
                Lane lane = lanes.computeIfAbsent(e.getKey(), Lane::new);
                for (LanePlan.Piece p : e.getValue()) lane.items.add(new Item(b, p));
            }
            base += b.ops().size();
        }
        Run run = new Run(List.copyOf(lanes.values()), fences);
        run.run();
        // Caught up only past a step found missing: after a restore Flink hands over one
        // checkpoint's batches at a time, and a later one may have landed before the restart too.
        for (Lane lane : lanes.values()) {
            if (!lane.checking || lane.sawMissing) caughtUp.add(lane.table);
        }
    }

    private record Item(CommitBatch batch, LanePlan.Piece piece) {}

    /** One transaction's worth of a lane: {@code partition} -1 for a DDL or barrier step (every partition). */
    private record Step(CommitBatch batch, TableId table, int index, int partition, List<SinkOp> ops) {}

    /** Work for a worker thread; returns what the scheduler does once it is done, or null. */
    @FunctionalInterface
    private interface Task {
        Runnable run(Worker w) throws Exception;
    }

    private enum State {
        IDLE,
        BUSY,
        WAITING,
        DONE
    }

    /** One table's pieces of the batches of a commit, in order, and where it stands. */
    private final class Lane {
        final TableId table;
        final Deque<Item> items = new ArrayDeque<>();
        final Map<CommitBatch, int[]> nextStep = new IdentityHashMap<>();
        /** Read progress before each step: the lane may have landed before a restart or a failure. */
        volatile boolean checking;
        /**
         * A step was found not applied (and applied now) since the last failure: a DDL after it in
         * the lane cannot have run before the restart, so "already exists" means drift again.
         */
        volatile boolean sawMissing;

        State state = State.IDLE;
        Item current;
        List<List<List<Step>>> groups;
        int group;
        int running;

        // a cross-key barrier wait
        String waitId;
        List<TableId> waitFor; // null: the owner's release
        List<TableId> missing = List.of();
        long waitSince;
        long nextCheck;
        long interval;
        boolean checkInFlight;
        Runnable afterWait;

        Lane(TableId table) {
            this.table = table;
            this.checking = !caughtUp.contains(table);
        }

        int nextIndex(CommitBatch b) {
            return nextStep.computeIfAbsent(b, k -> new int[1])[0]++;
        }

        /** The position of the first op this lane has not finished. */
        int frontier() {
            if (current != null) return current.piece().first();
            Item next = items.peek();
            return next == null ? Integer.MAX_VALUE : next.piece().first();
        }

        void finishPiece() {
            current = null;
            groups = null;
            state = State.IDLE;
        }
    }

    /** The scheduler of one commit: runs on the committer's thread, hands steps to the workers. */
    private final class Run {
        final List<Lane> lanes;
        final TreeSet<Integer> pendingFences;
        final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
        int inFlight;
        Throwable failure;

        Run(List<Lane> lanes, TreeSet<Integer> fences) {
            this.lanes = lanes;
            this.pendingFences = fences;
        }

        void run() throws InterruptedException {
            while (true) {
                if (failure == null) for (Lane lane : lanes) advance(lane);
                if (inFlight == 0) {
                    if (failure != null) throw rethrow(failure);
                    if (lanes.stream().allMatch(l -> l.state == State.DONE)) return;
                    if (lanes.stream().noneMatch(l -> l.state == State.WAITING)) {
                        throw new IllegalStateException("commit scheduler stuck: no step can start (" + lanes.size()
                                + " lanes, fences " + pendingFences + "); this is a bug");
                    }
                }
                Runnable event = events.poll(POLL_MIN_MS, TimeUnit.MILLISECONDS);
                while (event != null) {
                    event.run();
                    event = events.poll();
                }
                if (failure == null) {
                    long now = System.nanoTime();
                    for (Lane lane : lanes) pollWait(lane, now);
                }
            }
        }

        void fail(Throwable t) {
            if (failure == null) failure = t;
            else if (failure != t) failure.addSuppressed(t);
        }

        void submit(Task task) {
            if (failure != null) return;
            inFlight++;
            pool().execute(() -> {
                Runnable then;
                try {
                    then = task.run(currentWorker.get());
                } catch (Throwable t) {
                    events.add(() -> {
                        inFlight--;
                        fail(t);
                    });
                    return;
                }
                events.add(() -> {
                    inFlight--;
                    if (then != null && failure == null) then.run();
                });
            });
        }

        void advance(Lane lane) {
            if (lane.state != State.IDLE) return;
            Item next = lane.items.peek();
            if (next == null) {
                lane.state = State.DONE;
                return;
            }
            LanePlan.Piece piece = next.piece();
            if (!pendingFences.isEmpty() && pendingFences.first() < piece.first()) return;
            boolean fence = pendingFences.contains(piece.first());
            if (fence) {
                for (Lane other : lanes) if (other != lane && other.frontier() < piece.first()) return;
            }
            lane.items.poll();
            lane.current = next;
            lane.state = State.BUSY;
            CommitBatch batch = next.batch();
            if (piece.isRows()) {
                submit(w -> {
                    TableMeta[] meta = new TableMeta[1];
                    withRetries(w, lane, piece.ops().get(0), () -> {
                        Connection c = w.connection();
                        try {
                            meta[0] = w.applier.meta(c, lane.table);
                        } finally {
                            c.rollback();
                        }
                    });
                    List<List<List<SinkOp>>> split = KeyPartitioner.split(piece.ops(), meta[0], batch.partitions());
                    return () -> startRows(lane, batch, split);
                });
                return;
            }
            SinkOp op = piece.ops().get(0);
            Step step = new Step(batch, lane.table, lane.nextIndex(batch), -1, piece.ops());
            if (op.kind() == SinkOp.Kind.DDL) {
                submit(w -> {
                    withRetries(w, lane, op, () -> applyDdlStep(w, lane, step));
                    return () -> {
                        pendingFences.remove(piece.first());
                        lane.finishPiece();
                    };
                });
                return;
            }
            CrossKeyBarrier barrier = op.barrier();
            Runnable record = () -> submit(w -> {
                withRetries(w, lane, op, () -> applyBarrierStep(w, lane, step, barrier));
                return () -> {
                    wakeWaiters();
                    if (barrier.role() == CrossKeyBarrier.Role.JOIN) {
                        startWait(lane, barrier.id(), null, lane::finishPiece);
                    } else {
                        lane.finishPiece();
                    }
                };
            });
            if (barrier.role() == CrossKeyBarrier.Role.AWAIT) {
                startWait(lane, barrier.id(), barrier.participants(), () -> {
                    lane.state = State.BUSY;
                    record.run();
                });
            } else {
                record.run();
            }
        }

        private void startRows(Lane lane, CommitBatch batch, List<List<List<SinkOp>>> split) {
            // Step numbers in a fixed order (group, partition, chunk): the same on every replay.
            List<List<List<Step>>> groups = new ArrayList<>();
            for (List<List<SinkOp>> g : split) {
                List<List<Step>> partitions = new ArrayList<>();
                for (int p = 0; p < g.size(); p++) {
                    List<Step> steps = new ArrayList<>();
                    for (List<SinkOp> chunk : CommitPlan.chunks(g.get(p))) {
                        steps.add(new Step(batch, lane.table, lane.nextIndex(batch), p, chunk));
                    }
                    partitions.add(steps);
                }
                groups.add(partitions);
            }
            lane.groups = groups;
            lane.group = -1;
            nextGroup(lane);
        }

        private void nextGroup(Lane lane) {
            lane.group++;
            if (lane.group >= lane.groups.size()) {
                lane.finishPiece();
                return;
            }
            for (List<Step> partition : lane.groups.get(lane.group)) {
                if (partition.isEmpty()) continue;
                lane.running++;
                submit(w -> {
                    for (Step s : partition) withRetries(w, lane, s.ops().get(0), () -> applyRowStep(w, lane, s));
                    return () -> {
                        if (--lane.running == 0) nextGroup(lane);
                    };
                });
            }
            if (lane.running == 0) nextGroup(lane);
        }

        private void startWait(Lane lane, String id, List<TableId> participants, Runnable then) {
            lane.state = State.WAITING;
            lane.waitId = id;
            lane.waitFor = participants;
            lane.missing = participants == null ? List.of() : participants;
            lane.waitSince = System.nanoTime();
            lane.nextCheck = lane.waitSince;
            lane.interval = POLL_MIN_MS;
            lane.afterWait = then;
        }

        /** Something this committer recorded may be what a waiting lane waits for: look now. */
        private void wakeWaiters() {
            for (Lane l : lanes) if (l.state == State.WAITING) l.nextCheck = 0;
        }

        private void pollWait(Lane lane, long now) {
            if (lane.state != State.WAITING || lane.checkInFlight || now < lane.nextCheck) return;
            if (now - lane.waitSince > barrierWait.toNanos()) {
                fail(new FlinkRuntimeException(
                        lane.waitFor == null
                                ? "table " + lane.table + " joined cross-key barrier " + lane.waitId
                                        + " (a DDL spanning tables of several keys), but the barrier's owner did not release it "
                                        + "within " + barrierWait.toMinutes()
                                        + " minutes; the job restarts, and a restore "
                                        + "commits every subtask's pending batches together"
                                : "cross-key barrier " + lane.waitId + " on table " + lane.table + " waited "
                                        + barrierWait.toMinutes() + " minutes for tables " + lane.missing
                                        + " to join; the job restarts, and a restore commits every subtask's pending "
                                        + "batches together"));
                return;
            }
            lane.checkInFlight = true;
            String id = lane.waitId;
            List<TableId> waitFor = lane.waitFor;
            submit(w -> {
                List<TableId> missing = null;
                try {
                    Connection c = w.connection();
                    try {
                        if (waitFor == null) missing = rendezvous.released(c, id) ? List.of() : List.of(lane.table);
                        else missing = rendezvous.missing(c, id, waitFor);
                    } finally {
                        c.rollback();
                    }
                } catch (SQLException e) {
                    w.close();
                    LOG.warn("cannot read cross-key barrier {} downstream ({}); trying again", id, e.getMessage());
                }
                List<TableId> seen = missing;
                return () -> {
                    lane.checkInFlight = false;
                    if (seen != null && seen.isEmpty()) {
                        lane.afterWait.run();
                        return;
                    }
                    if (seen != null && waitFor != null) lane.missing = seen;
                    lane.interval = Math.min(POLL_MAX_MS, lane.interval * 2);
                    lane.nextCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lane.interval);
                };
            });
            if (lane.checkInFlight && failure != null) lane.checkInFlight = false;
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new FlinkRuntimeException(t);
    }

    // ---------------------------------------------------------------- steps (on a worker)

    @FunctionalInterface
    private interface Attempt {
        void run() throws SQLException;
    }

    /**
     * Runs one step until it lands, the outage window passes, or an error says a retry cannot
     * help. A failure leaves the lane checking progress again: the failed step may have landed.
     */
    private void withRetries(Worker w, Lane lane, SinkOp at, Attempt attempt) throws InterruptedException {
        long deadline = System.nanoTime() + OUTAGE_WINDOW.toNanos();
        for (int failures = 1; ; failures++) {
            try {
                attempt.run();
                return;
            } catch (SQLException e) {
                boolean lost = w.lost();
                w.close();
                if (lane != null) {
                    lane.checking = true;
                    lane.sawMissing = false;
                    caughtUp.remove(lane.table);
                }
                if (!lost && !DownstreamErrors.isRetryable(e)) {
                    if (at.kind() == SinkOp.Kind.DDL) {
                        throw new SuppressRestartsException(new DdlRefusedException(
                                describe(w, at, e) + ". This will not pass on retry: fix the downstream and resume "
                                        + "from the latest checkpoint (the batch is kept in it), or get past the "
                                        + "statement. " + refusalAdvice(at),
                                e));
                    }
                    throw new SuppressRestartsException(new FlinkRuntimeException(
                            describe(w, at, e)
                                    + ". This will not pass on retry: fix the downstream (or the statement upstream) "
                                    + "and resume from the latest checkpoint; the batch is kept in it",
                            e));
                }
                if (System.nanoTime() > deadline) {
                    throw new FlinkRuntimeException(
                            describe(w, at, e) + ". The downstream kept failing for " + OUTAGE_WINDOW.toMinutes()
                                    + " minutes; the job restarts and tries again",
                            e);
                }
                long backoff = Math.min(10_000L, 200L << Math.min(failures, 6));
                retries.inc();
                LOG.warn(
                        "downstream {} failed ({}, error {}), retry {} in {} ms",
                        target.address(),
                        e.getMessage(),
                        e.getErrorCode(),
                        failures,
                        backoff);
                Thread.sleep(backoff);
            } catch (RefusedDdlException | UnsupportedDdlException e) {
                w.close();
                throw new SuppressRestartsException(new DdlRefusedException(
                        "cannot apply a DDL on table " + at.target() + ": " + e.getMessage()
                                + (e.getMessage().endsWith(".") ? " " : ". ") + refusalAdvice(at),
                        e));
            } catch (RuntimeException | Error e) {
                w.close(); // nothing of the step's transaction may stay open (a crash point, a bug)
                throw e;
            }
        }
    }

    /** Whether the step landed before (a restart, or a failure whose commit may have gone through). */
    private boolean landed(Connection c, Lane lane, Step s) throws SQLException {
        if (!lane.checking) return false;
        boolean done = progress.applied(
                c,
                s.table(),
                Math.max(0, s.partition()),
                s.batch().runId(),
                s.batch().seq(),
                s.index());
        c.rollback();
        if (!done) lane.sawMissing = true;
        if (done) {
            LOG.info(
                    "{} step {} (partition {}) on {} was applied before the restart; skipped",
                    s.batch(),
                    s.index(),
                    s.partition() < 0 ? "all" : s.partition(),
                    s.table());
        }
        return done;
    }

    private void applyRowStep(Worker w, Lane lane, Step s) throws SQLException {
        Connection c = w.connection();
        if (landed(c, lane, s)) return;
        w.applier.applyRows(c, s.ops());
        progress.record(
                c, s.table(), s.partition(), 1, s.batch().runId(), s.batch().seq(), s.index());
        CommitFaults.at(CommitFaults.Point.BEFORE_COMMIT, s.table());
        c.commit();
        countRows(s.ops());
        lagFrom(s.ops().get(s.ops().size() - 1).eventTimeMs());
        CommitFaults.at(CommitFaults.Point.AFTER_COMMIT, s.table());
    }

    private void applyDdlStep(Worker w, Lane lane, Step s) throws SQLException {
        Connection c = w.connection();
        boolean replay = lane.checking && !lane.sawMissing; // the first step not recorded may have run before
        if (landed(c, lane, s)) return;
        SinkOp op = s.ops().get(0);
        try {
            for (SinkOp run : handled(op)) w.applier.applyDdl(c, run, replay);
        } finally {
            shapes.clear();
        }
        CommitFaults.at(CommitFaults.Point.AFTER_DDL, s.table());
        progress.record(
                c,
                s.table(),
                0,
                partitions(s.batch()),
                s.batch().runId(),
                s.batch().seq(),
                s.index());
        c.commit();
        ddlsApplied.inc();
        lagFrom(op.eventTimeMs());
        CommitFaults.at(CommitFaults.Point.AFTER_COMMIT, s.table());
    }

    private void applyBarrierStep(Worker w, Lane lane, Step s, CrossKeyBarrier barrier) throws SQLException {
        Connection c = w.connection();
        if (landed(c, lane, s)) return;
        switch (barrier.role()) {
            case JOIN -> rendezvous.mark(c, barrier.id(), s.table(), Rendezvous.JOINED);
            case RELEASE -> rendezvous.mark(c, barrier.id(), s.table(), Rendezvous.RELEASED);
            case AWAIT -> {
                // Nothing but its progress: the wait before it is what it stands for.
            }
        }
        progress.record(
                c,
                s.table(),
                0,
                partitions(s.batch()),
                s.batch().runId(),
                s.batch().seq(),
                s.index());
        CommitFaults.at(CommitFaults.Point.BEFORE_COMMIT, s.table());
        c.commit();
        LOG.info("cross-key barrier {}: {} on {}", barrier.id(), barrier.role(), s.table());
        CommitFaults.at(CommitFaults.Point.AFTER_COMMIT, s.table());
    }

    /**
     * A DDL step's op, or what a {@code --handle-ddl} decision runs instead: the step keeps its
     * number, so its progress row (recorded after the last replacement statement) stands for the
     * decision on a replay without the flag.
     */
    private List<SinkOp> handled(SinkOp op) {
        DdlDecision d = decisions.find(op);
        return d == null ? List.of(op) : decisions.apply(op, d, "in the committer, for a batch restored with it");
    }

    /** For a step run by a decision, the refused statement is the decision's: the file is what to fix. */
    private String refusalAdvice(SinkOp at) {
        DdlDecision d = decisions.find(at);
        if (d == null) return DdlDecisions.advice(at, true);
        return "The statement ran for --handle-ddl " + d + ": fix " + (d.isSkip() ? "the flag" : d.file())
                + " and restart with the same flag, from the latest checkpoint";
    }

    /** Every partition a row run of the batch can use: a DDL or barrier step records them all. */
    private static int partitions(CommitBatch b) {
        return Math.max(1, b.partitions());
    }

    private void countRows(List<SinkOp> ops) {
        rowsCommitted.inc(ops.size());
        TableId last = null;
        long n = 0;
        for (SinkOp op : ops) {
            if (!op.target().equals(last)) {
                if (last != null) tableCounter(last).inc(n);
                last = op.target();
                n = 0;
            }
            n++;
        }
        if (last != null) tableCounter(last).inc(n);
    }

    /**
     * The lag after a commit whose newest change has this binlog time. Snapshot rows and the table
     * definitions read for the snapshot have none (0): the lag stays what the last binlog change made it.
     */
    private void lagFrom(long eventTimeMs) {
        if (eventTimeMs > 0) lagMs = System.currentTimeMillis() - eventTimeMs;
    }

    private Counter tableCounter(TableId t) {
        return rowsPerTable.computeIfAbsent(
                t,
                k -> metrics.addGroup("table", k.toString()).counter("rowsCommitted", new ThreadSafeSimpleCounter()));
    }

    // ---------------------------------------------------------------- format 1

    /**
     * A batch of format 1 (restored from a checkpoint of the release before lanes), applied as
     * that release did: steps across tables numbered over the batch, progress at partition 0, one
     * connection; once a step is found missing, every later one is too.
     */
    private void applyLegacy(CommitBatch batch) throws InterruptedException {
        Run run = new Run(List.of(), new TreeSet<>());
        run.submit(w -> {
            boolean[] catchingUp = {true};
            for (CommitPlan.Step step : CommitPlan.steps(batch.ops())) {
                withRetries(w, null, step.ops().get(0), () -> {
                    try {
                        if (!applyLegacyStep(w, batch, step, catchingUp[0])) catchingUp[0] = false;
                    } catch (SQLException e) {
                        catchingUp[0] = true;
                        throw e;
                    }
                });
            }
            return null;
        });
        run.run();
    }

    /** @return whether the step was found applied before, and skipped */
    private boolean applyLegacyStep(Worker w, CommitBatch batch, CommitPlan.Step step, boolean catchingUp)
            throws SQLException {
        Connection c = w.connection();
        List<SinkOp> ops = step.ops();
        TableId first = ops.get(0).target();
        if (catchingUp) {
            boolean done = progress.applied(c, first, 0, batch.runId(), batch.seq(), step.index());
            c.rollback();
            if (done) {
                LOG.info("{} step {} on {} was applied before the restart; skipped", batch, step.index(), first);
                return true;
            }
        }
        if (step.isBarrier()) {
            throw new IllegalStateException(batch + " of format 1 holds a cross-key barrier, which that format "
                    + "never carried: the checkpoint was not written by an osc-sync release");
        }
        if (step.isDdl()) {
            try {
                for (SinkOp run : handled(ops.get(0))) w.applier.applyDdl(c, run, catchingUp);
            } finally {
                shapes.clear();
            }
            CommitFaults.at(CommitFaults.Point.AFTER_DDL, first);
            progress.recordLegacy(c, step.tables(), batch.runId(), batch.seq(), step.index());
            c.commit();
            ddlsApplied.inc();
        } else {
            w.applier.applyRows(c, ops);
            progress.recordLegacy(c, step.tables(), batch.runId(), batch.seq(), step.index());
            CommitFaults.at(CommitFaults.Point.BEFORE_COMMIT, first);
            c.commit();
            countRows(ops);
        }
        lagFrom(ops.get(ops.size() - 1).eventTimeMs());
        CommitFaults.at(CommitFaults.Point.AFTER_COMMIT, first);
        return false;
    }

    // ---------------------------------------------------------------- connections

    private String describe(Worker w, SinkOp at, SQLException e) {
        String statement = w.applier == null ? null : w.applier.currentStatement();
        return "downstream " + target.address() + " refused "
                + (at.kind() == SinkOp.Kind.DDL ? "a DDL" : at.kind() == SinkOp.Kind.BARRIER ? "a barrier" : "rows")
                + " on table " + at.target() + ": " + e.getMessage() + " (error " + e.getErrorCode() + ", SQLState "
                + e.getSQLState() + ")" + (statement == null ? "" : "; statement: " + abbreviate(statement));
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 400 ? sql : sql.substring(0, 400) + "...";
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(
                        () -> {
                            Worker w = new Worker();
                            allWorkers.add(w);
                            currentWorker.set(w);
                            r.run();
                        },
                        "osc-sync-commit-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** The first connection reads the server's dialect and makes the meta tables. */
    private synchronized DdlDialect init(Connection c) throws SQLException {
        if (dialect == null) {
            DdlDialect d = DdlDialect.of(target.dialect(), serverVersion(c));
            progress.create(c);
            rendezvous.create(c);
            LOG.info(
                    "committing to {} ({}) over {} connections, progress in {}",
                    target.address(),
                    d.describe(),
                    workers,
                    progress.table());
            dialect = d;
        }
        return dialect;
    }

    private static String serverVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A worker thread's connection, and the applier that sends statements on it. */
    private final class Worker {
        Connection conn;
        OpApplier applier;

        Connection connection() throws SQLException {
            if (conn == null || conn.isClosed()) {
                conn = MySqlConnections.connectForWrites(target);
                conn.setAutoCommit(false);
                DdlDialect d = init(conn);
                if (applier == null) applier = new OpApplier(d, progress.table().schema(), shapes);
                applier.forgetTables();
            }
            return conn;
        }

        /**
         * Whether the connection died under the failed statement. The driver does not always say so
         * in the error (a batch cut off mid-way reports "statement closed"), so ask the connection.
         */
        boolean lost() {
            try {
                return conn == null || conn.isClosed() || !conn.isValid(2);
            } catch (SQLException e) {
                return true;
            }
        }

        void close() {
            Connection c = conn;
            conn = null;
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // already broken
                }
            }
        }
    }

    @Override
    public void close() {
        ExecutorService p;
        synchronized (this) {
            p = pool;
            pool = null;
        }
        if (p != null) p.shutdownNow();
        for (Worker w : allWorkers) w.close();
    }
}
