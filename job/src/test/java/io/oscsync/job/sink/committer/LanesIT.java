package io.oscsync.job.sink.committer;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.event.CrossKeyBarrier;
import io.oscsync.job.event.SinkOp;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.groups.SinkCommitterMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.groups.InternalSinkCommitterMetricGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The committer on its own against a real downstream: lanes and key partitions over K
 * connections with crashes mid-commit, the cross-key barrier's order and bound, and a batch of
 * format 1 on a progress table of the release before partitions.
 */
@ExtendWith(UpstreamDownstream.class)
class LanesIT {
    private static final Logger LOG = LoggerFactory.getLogger(LanesIT.class);
    private static final String[] HOT_COLS = {"id", "u", "v", "note"};
    private static final String[] HOT_COLS_AFTER_DDL = {"id", "u", "v", "note", "extra"};
    private static final String[] LOG_COLS = {"a", "b"};

    @AfterEach
    void clearFaults() {
        CommitFaults.clear();
    }

    /**
     * A hot table (many updates of the same keys, unique-key moves, primary-key moves) and a
     * keyless table, over K=4, with a DDL among the rows; the commit crashes before a commit, after
     * a commit and after the DDL, each time in whichever partition reaches the point, and is replayed
     * by a new committer as a restore would. Every row ends equal to the upstream's, once.
     */
    @Test
    void hotTableOverFourWorkersSurvivesCrashesMidCommit(UpstreamDownstream.Pair pair) throws Exception {
        long seed = Long.getLong("osc.it.seed", System.nanoTime());
        LOG.info("lanes IT seed {} (rerun with -Dosc.it.seed={})", seed, seed);
        Random random = new Random(seed);
        String db = UpstreamDownstream.uniqueDatabase("lanes");
        String create = "CREATE TABLE " + db + ".hot (id BIGINT PRIMARY KEY, u VARCHAR(20) NOT NULL, v BIGINT, "
                + "note VARCHAR(40), UNIQUE KEY uk_u (u))";
        String createLog = "CREATE TABLE " + db + ".log (a BIGINT, b VARCHAR(20))";
        for (MariaDbServer s : List.of(pair.upstream(), pair.downstream())) {
            s.exec("CREATE DATABASE " + db, create, createLog);
        }
        TableId hot = new TableId(db, "hot");
        TableId logTable = new TableId(db, "log");
        String alter = "ALTER TABLE `" + db + "`.`hot` ADD COLUMN extra INT DEFAULT 1";

        List<CommitBatch> batches = new ArrayList<>();
        try (Connection up = pair.upstream().connectRoot()) {
            Workload w = new Workload(random, hot, logTable, up);
            for (int b = 0; b < 3; b++) {
                List<SinkOp> ops = new ArrayList<>();
                for (int i = 0; i < 6000; i++) {
                    if (b == 1 && i == 3000) {
                        up.createStatement().execute(alter);
                        ops.add(SinkOp.ddl(hot, DdlStatement.parse(alter), "plain DDL", null, 0));
                        w.addExtraColumn();
                    }
                    ops.add(w.next());
                }
                batches.add(new CommitBatch("run-" + db, b + 1, ops, 4));
            }
        }

        ProgressTable progress = new ProgressTable("meta_" + db, "lanes-" + db);
        AtomicInteger commits = new AtomicInteger();
        AtomicInteger ddls = new AtomicInteger();
        int[] crashAt = {25, 40, -1, 60};
        CommitFaults.Point[] crashPoint = {
            CommitFaults.Point.BEFORE_COMMIT,
            CommitFaults.Point.AFTER_COMMIT,
            CommitFaults.Point.AFTER_DDL,
            CommitFaults.Point.BEFORE_COMMIT
        };
        int crashes = 0;
        for (int attempt = 0; ; attempt++) {
            commits.set(0);
            ddls.set(0);
            int at = attempt < crashAt.length ? crashAt[attempt] : Integer.MAX_VALUE;
            CommitFaults.Point point = attempt < crashPoint.length ? crashPoint[attempt] : null;
            CommitFaults.install((p, table) -> {
                if (!table.schema().equals(db) || p != point) return;
                int n = p == CommitFaults.Point.AFTER_DDL ? ddls.incrementAndGet() : commits.incrementAndGet();
                if (p == CommitFaults.Point.AFTER_DDL ? n == 1 : n == at) {
                    throw new IllegalStateException("injected crash " + p + " #" + n);
                }
            });
            try (TiDbCommitter committer = new TiDbCommitter(target(pair, db), progress, metrics(), 4)) {
                committer.commit(requests(batches));
                break;
            } catch (IllegalStateException e) {
                assertThat(e).hasMessageContaining("injected crash");
                LOG.info("attempt {}: {}", attempt, e.getMessage());
                crashes++;
            }
            assertThat(attempt).as("attempts").isLessThan(10);
        }
        assertThat(crashes).isEqualTo(4);
        TableComparison.assertSameTable(pair.upstream(), db, "hot", pair.downstream(), db, "hot");
        TableComparison.assertSameTable(pair.upstream(), db, "log", pair.downstream(), db, "log");
        assertThat(pair.downstream()
                        .query("SELECT COUNT(DISTINCT lane_partition) FROM meta_" + db + ".osc_sync_progress "
                                + "WHERE target_table = 'hot'")
                        .get(0)
                        .get(0))
                .as("the hot table's rows went over four partitions")
                .isEqualTo("4");
    }

    /**
     * Owner and participant in one batch of one committer with one connection: the owner's
     * RENAME waits for the participant's rows before its JOIN, and the participant's rows after
     * its JOIN wait for the owner's RELEASE.
     */
    @Test
    void barrierOrdersOwnerAndParticipantOnOneWorker(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("barrier1");
        pair.downstream()
                .exec(
                        "CREATE DATABASE " + db,
                        "CREATE TABLE " + db + ".o (id BIGINT PRIMARY KEY)",
                        "CREATE TABLE " + db + ".p (id BIGINT PRIMARY KEY)");
        CommitBatch batch = new CommitBatch("run-" + db, 1, barrierOps(db, "b-" + db), 1);
        try (TiDbCommitter committer =
                new TiDbCommitter(target(pair, db), new ProgressTable("meta_" + db, "t-" + db), metrics(), 1)) {
            committer.commit(requests(List.of(batch)));
        }
        assertBarrierOutcome(pair, db);
    }

    /**
     * Owner and participant in two committers (two subtasks); the participant's committer crashes
     * right after its JOIN committed, and its replay skips the JOIN but still waits for the release.
     */
    @Test
    void barrierAcrossCommittersWithACrashAfterTheJoin(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("barrier2");
        pair.downstream()
                .exec(
                        "CREATE DATABASE " + db,
                        "CREATE TABLE " + db + ".o (id BIGINT PRIMARY KEY)",
                        "CREATE TABLE " + db + ".p (id BIGINT PRIMARY KEY)");
        List<SinkOp> ops = barrierOps(db, "b-" + db);
        TableId o = new TableId(db, "o");
        CommitBatch owner = new CommitBatch(
                "run-a-" + db,
                1,
                ops.stream().filter(op -> op.target().equals(o)).toList(),
                2);
        CommitBatch participant = new CommitBatch(
                "run-b-" + db,
                1,
                ops.stream().filter(op -> !op.target().equals(o)).toList(),
                2);
        ProgressTable progress = new ProgressTable("meta_" + db, "t-" + db);
        CommitFaults.install((p, table) -> {
            if (table.equals(new TableId(db, "p")) && p == CommitFaults.Point.AFTER_COMMIT) {
                CommitFaults.clear();
                throw new IllegalStateException("injected crash after the join");
            }
        });
        CompletableFuture<Void> ownerSide = CompletableFuture.runAsync(() -> {
            try (TiDbCommitter a = new TiDbCommitter(target(pair, db), progress, metrics(), 2)) {
                a.commit(requests(List.of(owner)));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try (TiDbCommitter b = new TiDbCommitter(target(pair, db), progress, metrics(), 2)) {
            assertThatThrownBy(() -> b.commit(requests(List.of(participant))))
                    .hasMessageContaining("injected crash after the join");
        }
        try (TiDbCommitter b = new TiDbCommitter(target(pair, db), progress, metrics(), 2)) {
            b.commit(requests(List.of(participant)));
        }
        ownerSide.get(2, TimeUnit.MINUTES);
        assertBarrierOutcome(pair, db);
        assertThat(pair.downstream()
                        .query("SELECT target_table, state FROM meta_" + db + ".osc_sync_barrier ORDER BY 1"))
                .containsExactly(List.of("o", "RELEASED"), List.of("p", "JOINED"));
    }

    /**
     * Without barrier ops (a coordinator that does not emit them), a DDL naming other tables keeps
     * the batch's order across lanes: the participant's rows before it land first, those after it after.
     */
    @Test
    void aDdlNamingOtherTablesIsAFenceWithoutBarriers(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("fence");
        pair.downstream()
                .exec(
                        "CREATE DATABASE " + db,
                        "CREATE TABLE " + db + ".o (id BIGINT PRIMARY KEY)",
                        "CREATE TABLE " + db + ".p (id BIGINT PRIMARY KEY)");
        List<SinkOp> ops = barrierOps(db, "unused").stream()
                .filter(op -> op.kind() != SinkOp.Kind.BARRIER)
                .toList();
        // p's row 1, then o's RENAME p TO p_old and CREATE p, then p's row 2
        List<SinkOp> ordered = List.of(ops.get(2), ops.get(0), ops.get(1), ops.get(3));
        assertThat(ordered.get(0).target().table()).isEqualTo("p");
        assertThat(ordered.get(3).target().table()).isEqualTo("p");
        try (TiDbCommitter committer =
                new TiDbCommitter(target(pair, db), new ProgressTable("meta_" + db, "t-" + db), metrics(), 1)) {
            committer.commit(requests(List.of(new CommitBatch("run-" + db, 1, ordered, 1))));
        }
        assertBarrierOutcome(pair, db);
    }

    @Test
    void aBarrierWaitIsBoundedAndNamesWhatIsMissing(UpstreamDownstream.Pair pair) {
        String db = UpstreamDownstream.uniqueDatabase("barrier3");
        pair.downstream().exec("CREATE DATABASE " + db, "CREATE TABLE " + db + ".o (id BIGINT PRIMARY KEY)");
        TableId o = new TableId(db, "o");
        TableId never = new TableId(db, "never_joins");
        CommitBatch awaiting = new CommitBatch(
                "run-" + db,
                1,
                List.of(SinkOp.barrier(
                        o, new CrossKeyBarrier("lonely-" + db, CrossKeyBarrier.Role.AWAIT, List.of(never)), 0)),
                1);
        ProgressTable progress = new ProgressTable("meta_" + db, "t-" + db);
        try (TiDbCommitter c = new TiDbCommitter(target(pair, db), progress, metrics(), 1, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> c.commit(requests(List.of(awaiting))))
                    .hasMessageContaining("lonely-" + db)
                    .hasMessageContaining(never.toString());
        }
        CommitBatch joined = new CommitBatch(
                "run-" + db,
                2,
                List.of(SinkOp.barrier(
                        o, new CrossKeyBarrier("unreleased-" + db, CrossKeyBarrier.Role.JOIN, List.of()), 0)),
                1);
        try (TiDbCommitter c = new TiDbCommitter(target(pair, db), progress, metrics(), 1, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> c.commit(requests(List.of(joined))))
                    .hasMessageContaining("unreleased-" + db)
                    .hasMessageContaining("did not release");
        }
    }

    /**
     * A checkpoint of the release before partitions: its progress table (no partition column) is
     * migrated, and its format-1 batch replays with batch-wide steps from partition 0.
     */
    @Test
    void aFormatOneBatchReplaysOnTheMigratedProgressTable(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("legacy");
        String meta = "meta_" + db;
        String task = "t-" + db;
        pair.downstream()
                .exec(
                        "CREATE DATABASE " + db,
                        "CREATE TABLE " + db + ".t (id BIGINT PRIMARY KEY, v VARCHAR(10))",
                        "CREATE DATABASE " + meta,
                        // as the release before partitions made it
                        "CREATE TABLE " + meta + ".osc_sync_progress (task VARCHAR(128) NOT NULL, "
                                + "target_schema VARCHAR(64) NOT NULL, target_table VARCHAR(64) NOT NULL, "
                                + "run_id VARCHAR(64) NOT NULL, checkpoint_seq BIGINT NOT NULL, step INT NOT NULL, "
                                + "updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE "
                                + "CURRENT_TIMESTAMP(3), PRIMARY KEY (task, target_schema, target_table)) "
                                + "DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin",
                        "INSERT INTO " + meta + ".osc_sync_progress (task, target_schema, target_table, run_id, "
                                + "checkpoint_seq, step) VALUES ('" + task + "', '" + db + "', 't', 'old-run', 7, 0)");
        TableId t = new TableId(db, "t");
        String alter = "ALTER TABLE `" + db + "`.`t` ADD COLUMN c INT";
        CommitBatch legacy = new CommitBatch(
                "old-run",
                7,
                List.of(
                        new SinkOp(
                                t, SinkOp.Kind.INSERT, new String[] {"id", "v"}, null, new Object[] {1L, "landed"}, 0),
                        SinkOp.ddl(t, DdlStatement.parse(alter), "plain DDL", null, 0),
                        new SinkOp(
                                t,
                                SinkOp.Kind.INSERT,
                                new String[] {"id", "v", "c"},
                                null,
                                new Object[] {2L, "new", 5L},
                                0)));
        assertThat(legacy.legacy()).isTrue();
        try (TiDbCommitter c = new TiDbCommitter(target(pair, db), new ProgressTable(meta, task), metrics(), 4)) {
            c.commit(requests(List.of(legacy)));
        }
        assertThat(pair.downstream().query("SELECT id, v, c FROM " + db + ".t ORDER BY id"))
                .as("step 0 was recorded as applied before: not applied again")
                .containsExactly(List.of("2", "new", "5"));
        assertThat(pair.downstream()
                        .query(
                                "SELECT lane_partition, run_id, checkpoint_seq, step FROM " + meta
                                        + ".osc_sync_progress WHERE task = ?",
                                task))
                .containsExactly(List.of("0", "old-run", "7", "2"));
        assertThat(pair.downstream()
                        .query(
                                "SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) FROM information_schema.STATISTICS "
                                        + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'osc_sync_progress' AND INDEX_NAME = 'PRIMARY'",
                                meta))
                .containsExactly(List.of("task,target_schema,target_table,lane_partition"));
    }

    /**
     * A savepoint's batches restored, both applied before the stop (the old job committed them
     * as it stopped), committed one checkpoint at a time as Flink hands them over: the second's
     * ALTER is found in effect, not run again (differential seed 20261132: 'Duplicate column').
     */
    @Test
    void batchesAppliedBeforeARestoreAreSkippedWhenCommittedOneByOne(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("restored");
        pair.downstream().exec("CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id BIGINT PRIMARY KEY)");
        TableId t = new TableId(db, "t");
        String[] cols = {"id"};
        CommitBatch rows = new CommitBatch(
                "run-" + db, 10, List.of(new SinkOp(t, SinkOp.Kind.INSERT, cols, null, new Object[] {1L}, 0)), 4);
        CommitBatch alter = new CommitBatch(
                "run-" + db,
                11,
                List.of(
                        SinkOp.ddl(
                                t,
                                DdlStatement.parse("ALTER TABLE `" + db + "`.`t` ADD COLUMN c INT"),
                                "plain DDL",
                                null,
                                0),
                        new SinkOp(t, SinkOp.Kind.INSERT, new String[] {"id", "c"}, null, new Object[] {2L, 7L}, 0)),
                4);
        ProgressTable progress = new ProgressTable("meta_" + db, "t-" + db);
        try (TiDbCommitter before = new TiDbCommitter(target(pair, db), progress, metrics(), 4)) {
            before.commit(requests(List.of(rows, alter)));
        }
        try (TiDbCommitter restored = new TiDbCommitter(target(pair, db), progress, metrics(), 4)) {
            restored.commit(requests(List.of(rows)));
            restored.commit(requests(List.of(alter)));
        }
        assertThat(pair.downstream().query("SELECT id, c FROM " + db + ".t ORDER BY id"))
                .containsExactly(java.util.Arrays.asList("1", null), List.of("2", "7"));
    }

    /** A migration cut off after its first clause (TiDB before 6.2 runs them one by one) is finished at start. */
    @Test
    void aHalfMigratedProgressTableIsFinished(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("halfmig");
        String meta = "meta_" + db;
        pair.downstream()
                .exec(
                        "CREATE DATABASE " + db,
                        "CREATE TABLE " + db + ".t (id BIGINT PRIMARY KEY)",
                        "CREATE DATABASE " + meta,
                        "CREATE TABLE " + meta + ".osc_sync_progress (task VARCHAR(128) NOT NULL, "
                                + "target_schema VARCHAR(64) NOT NULL, target_table VARCHAR(64) NOT NULL, "
                                + "lane_partition INT NOT NULL DEFAULT 0, "
                                + "run_id VARCHAR(64) NOT NULL, checkpoint_seq BIGINT NOT NULL, step INT NOT NULL, "
                                + "updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), "
                                + "PRIMARY KEY (task, target_schema, target_table))");
        TableId t = new TableId(db, "t");
        List<SinkOp> ops = new ArrayList<>();
        for (long i = 0; i < 300; i++) {
            ops.add(new SinkOp(t, SinkOp.Kind.INSERT, new String[] {"id"}, null, new Object[] {i}, 0));
        }
        try (TiDbCommitter c = new TiDbCommitter(target(pair, db), new ProgressTable(meta, "t-" + db), metrics(), 4)) {
            c.commit(requests(List.of(new CommitBatch("r", 1, ops, 4))));
        }
        assertThat(pair.downstream().query("SELECT COUNT(*) FROM " + db + ".t")).containsExactly(List.of("300"));
        assertThat(pair.downstream()
                        .query("SELECT COUNT(*) FROM " + meta + ".osc_sync_progress WHERE target_table = 't'"))
                .containsExactly(List.of("4"));
    }

    /**
     * Owner o: AWAIT(p), RENAME p TO p_old, CREATE p, RELEASE; participant p: row 1, JOIN, row 2.
     * Row 1 must end in p_old (before the rename), row 2 in the new p (after it).
     */
    private static List<SinkOp> barrierOps(String db, String id) {
        TableId o = new TableId(db, "o");
        TableId p = new TableId(db, "p");
        String[] cols = {"id"};
        return List.of(
                SinkOp.barrier(o, new CrossKeyBarrier(id, CrossKeyBarrier.Role.AWAIT, List.of(p)), 0),
                SinkOp.ddl(
                        o,
                        DdlStatement.parse("RENAME TABLE `" + db + "`.`p` TO `" + db + "`.`p_old`"),
                        "plain DDL",
                        null,
                        0),
                SinkOp.ddl(
                        o,
                        DdlStatement.parse("CREATE TABLE `" + db + "`.`p` (id BIGINT PRIMARY KEY)"),
                        "plain DDL",
                        null,
                        0),
                SinkOp.barrier(o, new CrossKeyBarrier(id, CrossKeyBarrier.Role.RELEASE, List.of()), 0),
                new SinkOp(p, SinkOp.Kind.INSERT, cols, null, new Object[] {1L}, 0),
                SinkOp.barrier(p, new CrossKeyBarrier(id, CrossKeyBarrier.Role.JOIN, List.of()), 0),
                new SinkOp(p, SinkOp.Kind.INSERT, cols, null, new Object[] {2L}, 0));
    }

    private static void assertBarrierOutcome(UpstreamDownstream.Pair pair, String db) {
        assertThat(pair.downstream().query("SELECT id FROM " + db + ".p_old")).containsExactly(List.of("1"));
        assertThat(pair.downstream().query("SELECT id FROM " + db + ".p")).containsExactly(List.of("2"));
    }

    /** Makes the upstream's changes one by one and returns each as the op the sink would get. */
    private static final class Workload {
        final Random random;
        final TableId hot;
        final TableId log;
        final Connection up;
        final Map<Long, Object[]> rows = new HashMap<>();
        final Set<String> usedU = new HashSet<>();
        final List<Object[]> logRows = new ArrayList<>();
        String[] columns = HOT_COLS;
        long nextId = 1;
        long time = 1;

        Workload(Random random, TableId hot, TableId log, Connection up) {
            this.random = random;
            this.hot = hot;
            this.log = log;
            this.up = up;
        }

        SinkOp next() throws SQLException {
            time++;
            int dice = random.nextInt(100);
            if (dice < 8) {
                Object[] row = {random.nextLong(1000), "l" + random.nextInt(5)};
                exec("INSERT INTO " + log.quoted() + " (a, b) VALUES (?, ?)", row);
                logRows.add(row);
                return new SinkOp(log, SinkOp.Kind.INSERT, LOG_COLS, null, row, time);
            }
            if (dice < 10 && !logRows.isEmpty()) {
                Object[] row = logRows.remove(random.nextInt(logRows.size()));
                exec("DELETE FROM " + log.quoted() + " WHERE a = ? AND b = ? LIMIT 1", row);
                return new SinkOp(log, SinkOp.Kind.DELETE, LOG_COLS, row, null, time);
            }
            if (rows.size() < 150 || dice < 14) {
                long id = nextId++;
                Object[] row = image(id, freeU(), 0L, "n" + id);
                write(
                        "INSERT INTO " + hot.quoted() + " (" + String.join(", ", columns) + ") VALUES ("
                                + "?, ".repeat(columns.length - 1) + "?)",
                        row,
                        null);
                rows.put(id, row);
                usedU.add((String) row[1]);
                return new SinkOp(hot, SinkOp.Kind.INSERT, columns, null, row, time);
            }
            List<Long> ids = new ArrayList<>(rows.keySet());
            long id = ids.get(Math.min(ids.size() - 1, (int) Math.abs(random.nextGaussian() * 10))); // hot ids
            Object[] before = rows.get(id);
            if (dice < 18) {
                exec("DELETE FROM " + hot.quoted() + " WHERE id = ?", new Object[] {id});
                rows.remove(id);
                usedU.remove((String) before[1]);
                return new SinkOp(hot, SinkOp.Kind.DELETE, columns, before, null, time);
            }
            Object[] after = before.clone();
            after[2] = (Long) before[2] + 1;
            if (dice < 30) {
                after[1] = freeU(); // the unique value moves; the old one is free for another row
                usedU.remove((String) before[1]);
                usedU.add((String) after[1]);
            } else if (dice < 34) {
                after[0] = nextId++; // the primary key moves
            }
            write("UPDATE " + hot.quoted() + " SET " + String.join(" = ?, ", columns) + " = ? WHERE id = ?", after, id);
            rows.remove(id);
            rows.put((Long) after[0], after);
            return new SinkOp(hot, SinkOp.Kind.UPDATE, columns, before, after, time);
        }

        void addExtraColumn() {
            columns = HOT_COLS_AFTER_DDL;
            rows.replaceAll((id, row) -> {
                Object[] wider = java.util.Arrays.copyOf(row, 5);
                wider[4] = 1L;
                return wider;
            });
        }

        private Object[] image(long id, String u, long v, String note) {
            return columns.length == 4 ? new Object[] {id, u, v, note} : new Object[] {id, u, v, note, 1L};
        }

        /** Often a value another row gave up a moment ago: unique-key conflicts across rows. */
        private String freeU() {
            for (int i = 0; ; i++) {
                String u = "u" + random.nextInt(i < 20 ? 400 : 1_000_000);
                if (!usedU.contains(u)) return u;
            }
        }

        private void write(String sql, Object[] row, Long whereId) throws SQLException {
            try (PreparedStatement ps = up.prepareStatement(sql)) {
                int p = 1;
                for (Object v : row) ps.setObject(p++, v);
                if (whereId != null) ps.setLong(p, whereId);
                ps.executeUpdate();
            }
        }

        private void exec(String sql, Object[] params) throws SQLException {
            write(sql, params, null);
        }
    }

    private static TaskConfig.Database target(UpstreamDownstream.Pair pair, String db) {
        return TestJob.task(pair, db, "", "").targetDatabase();
    }

    private static SinkCommitterMetricGroup metrics() {
        return InternalSinkCommitterMetricGroup.wrap(UnregisteredMetricsGroup.createOperatorMetricGroup());
    }

    private static List<Committer.CommitRequest<CommitBatch>> requests(List<CommitBatch> batches) {
        List<Committer.CommitRequest<CommitBatch>> out = new ArrayList<>();
        for (CommitBatch b : batches) {
            out.add(new Committer.CommitRequest<>() {
                @Override
                public CommitBatch getCommittable() {
                    return b;
                }

                @Override
                public int getNumberOfRetries() {
                    return 0;
                }

                @Override
                public void signalFailedWithKnownReason(Throwable t) {}

                @Override
                public void signalFailedWithUnknownReason(Throwable t) {}

                @Override
                public void retryLater() {}

                @Override
                public void updateAndRetryLater(CommitBatch committable) {}

                @Override
                public void signalAlreadyCommitted() {}
            });
        }
        return out;
    }
}
