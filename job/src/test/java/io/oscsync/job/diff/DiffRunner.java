package io.oscsync.job.diff;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.diff.Scenario.Failure;
import io.oscsync.job.diff.Scenario.Result;
import io.oscsync.job.testing.GhostReplay;
import io.oscsync.job.testing.PtOsc;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Runs one {@link Scenario} against the real job: generates the tables, starts the job, then
 * round after round changes rows and schemas upstream (plain ALTER, the gh-ost replay, real
 * pt-osc), kills or stops-and-resumes the job at random points, and after each round checks
 * every table downstream against upstream. Statements the upstream refuses are skipped and
 * logged in the table's history; a table that differs is reported once and left alone after.
 */
public final class DiffRunner {
    private static final Logger LOG = LoggerFactory.getLogger(DiffRunner.class);
    private static final String PROBE = "zz_probe";
    /** Once the round's probe row is downstream, how long the tables get to catch up. */
    private static final Duration SETTLE = Duration.ofSeconds(20);

    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(120);

    private final UpstreamDownstream.Pair pair;
    private final MiniCluster mini;
    private final Path savepoints;
    private final Scenario scenario;
    private final SplittableRandom r;
    private final Result result;
    private final String db;
    private final List<Table> tables = new ArrayList<>();
    private final List<String> startupHistory = new ArrayList<>();
    private TestJob job;
    private TaskConfig task;
    private Connection up;
    private Statement upStatement;
    private int round;
    private boolean jobDead;

    /** A generated table and what happened to it. */
    private static final class Table {
        /** Draws a new definition from the table's stream: again after the server refused one. */
        final java.util.function.Supplier<TableGenerator> factory;

        TableGenerator gen;
        final List<String> history = new ArrayList<>();
        boolean created;
        boolean failed;
        /** gh-ost replay in flight, with the change it makes. */
        GhostReplay ghost;

        TableGenerator.Alter ghostAlter;

        Table(java.util.function.Supplier<TableGenerator> factory) {
            this.factory = factory;
            this.gen = factory.get();
        }

        String name() {
            return gen.model.name;
        }
    }

    /** One step of a round: a table's next statement or tool step. */
    private record Step(Table table, Runnable action) {}

    public DiffRunner(UpstreamDownstream.Pair pair, MiniCluster mini, Path savepoints, Scenario scenario) {
        this.pair = pair;
        this.mini = mini;
        this.savepoints = savepoints;
        this.scenario = scenario;
        this.r = new SplittableRandom(scenario.seed());
        this.result = new Result(scenario);
        this.db = UpstreamDownstream.uniqueDatabase("diff");
    }

    public Result run() throws Exception {
        long start = System.nanoTime();
        LOG.info(
                "differential scenario: seed {}, {} tables, {} rounds, database {}; reproduce: {}",
                scenario.seed(),
                scenario.tables(),
                scenario.rounds(),
                db,
                scenario.reproduce());
        try (Connection c = pair.upstream().connectRoot();
                Statement s = c.createStatement()) {
            up = c;
            upStatement = s;
            setUp();
            startJob();
            check(); // round 0: the snapshot (and the ALTERs at start-up)
            for (round = 1; round <= scenario.rounds() && !jobDead; round++) {
                runRound();
                check();
                result.roundsDone = round;
                if (tables.stream().allMatch(t -> t.failed)) break;
            }
        } finally {
            if (job != null) job.close();
            result.millis = (System.nanoTime() - start) / 1_000_000;
            LOG.info("differential scenario done: {}", result.summary());
        }
        return result;
    }

    private Set<Feature> f() {
        return scenario.features();
    }

    private boolean on(Feature feature) {
        return f().contains(feature);
    }

    // ---- set-up ----

    private void setUp() throws Exception {
        exec(null, "CREATE DATABASE " + TableModel.q(db));
        Set<String> names = new HashSet<>();
        names.add(PROBE);
        TableGenerator parent = null;
        for (int i = 0; i < scenario.tables(); i++) {
            SplittableRandom tr = r.split();
            String name = Names.table(tr, f(), names, i);
            boolean child = parent != null;
            boolean referenced = !child && on(Feature.FOREIGN_KEYS) && i + 1 < scenario.tables() && tr.nextInt(4) == 0;
            TableGenerator parentGen = child ? parent : null;
            Table t = new Table(() -> TableGenerator.create(tr, f(), db, name, parentGen, referenced));
            parent = referenced ? t.gen : null;
            tables.add(t);
        }
        boolean empty = on(Feature.EMPTY_START) && r.nextInt(2) == 0;
        for (Table t : tables) {
            boolean live = empty
                    || on(Feature.TABLES_CREATED_LIVE)
                            && r.nextInt(5) == 0
                            && !t.gen.model.referenced
                            && t.gen.model.foreignKey == null
                            && (on(Feature.TIMESTAMP_DEFAULT_IN_ALTER) || !timestampLiteralDefault(t.gen.model));
            if (!live) createWithRows(t);
        }
        if (!empty) exec(null, "CREATE TABLE " + TableModel.q(db) + "." + PROBE + " (round INT PRIMARY KEY)");
        if (on(Feature.TOOL_LEFTOVERS_AT_START)) {
            for (Table t : tables) {
                if (!t.created || r.nextInt(3) > 0) continue;
                String old = TableModel.q(db) + "." + TableModel.q("_" + t.name() + "_old");
                String cols = TableModel.names(t.gen.model.writable().stream()
                        .map(TableModel.Column::name)
                        .toList());
                if (exec(t, "CREATE TABLE " + old + " LIKE " + t.gen.table())
                        && exec(
                                t,
                                "INSERT INTO " + old + " (" + cols + ") SELECT " + cols + " FROM " + t.gen.table())) {
                    result.leftovers++;
                }
            }
        }
    }

    private static boolean timestampLiteralDefault(TableModel m) {
        return m.columns.stream()
                .anyMatch(c -> c.type().kind == ColumnType.Kind.TIMESTAMP
                        && c.defaultSql() != null
                        && !c.defaultSql().startsWith("CURRENT_TIMESTAMP"));
    }

    /** CREATE TABLE and a few rows; a definition the server refuses is logged, and the table stays uncreated. */
    private void createWithRows(Table t) {
        for (int attempt = 1; !exec(t, t.gen.createSql()); attempt++) {
            if (attempt == 5) return;
            t.gen = t.factory.get();
        }
        t.created = true;
        result.tablesCreated++;
        int rows = 3 + t.gen.r.nextInt(10);
        for (int i = 0; i < rows; i++) execRow(t, t.gen.insert());
    }

    private void startJob() throws Exception {
        task = TestJob.task(pair, db, "", "");
        job = TestJob.start(task, null, restarts());
        startupHistory.add("job started");
        if (on(Feature.KILL_BEFORE_FIRST_CHECKPOINT) && r.nextInt(2) == 0) {
            Thread.sleep(r.nextInt(1500));
            killTaskManager(null, "before the first checkpoint");
            result.killsBeforeFirstCheckpoint++;
        }
        if (on(Feature.DDL_AT_STARTUP)) {
            for (Table t : tables) {
                if (!t.created || r.nextInt(3) > 0) continue;
                TableGenerator.Alter alter = t.gen.alter(false);
                if (exec(t, "ALTER TABLE " + t.gen.table() + " " + alter.clauses())) {
                    t.gen.model = alter.applyTo(t.gen.model);
                    result.ddlsAtStartup++;
                }
            }
        }
    }

    /** Bounded restarts, quick: a TaskManager killed on purpose counts as one failure. */
    private static Configuration restarts() {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "failure-rate");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL, 8);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL, Duration.ofMinutes(10));
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY, Duration.ofMillis(500));
        return c;
    }

    // ---- rounds ----

    private void runRound() throws Exception {
        Map<Table, List<Step>> plans = new LinkedHashMap<>();
        for (Table t : tables) {
            if (t.failed) continue;
            List<Step> plan = new ArrayList<>();
            if (!t.created) {
                if (round == 1)
                    plan.add(new Step(t, () -> {
                        createWithRows(t);
                        if (t.created) result.liveCreates++;
                    }));
                else continue;
            }
            int changes = 2 + t.gen.r.nextInt(6);
            for (int i = 0; i < changes; i++) plan.add(new Step(t, () -> execRow(t, t.gen.change())));
            if (t.gen.r.nextInt(2) == 0) addSchemaChange(t, plan);
            plans.put(t, plan);
        }
        int total = plans.values().stream().mapToInt(List::size).sum();
        int killAt = on(Feature.TASKMANAGER_KILL) && r.nextInt(2) == 0 ? r.nextInt(total + 1) : -1;
        int stopAt = on(Feature.SAVEPOINT_RESTART) && r.nextInt(3) == 0 ? r.nextInt(total + 1) : -1;
        int resumeAt = stopAt < 0 ? -1 : stopAt + r.nextInt(total - stopAt + 1);
        List<Table> order = new ArrayList<>(plans.keySet());
        int[] next = new int[order.size()];
        String savepoint = null;
        for (int step = 0; step <= total && !jobDead; step++) {
            if (step == killAt) killTaskManager(null, "mid-round " + round + " at step " + step + " of " + total);
            if (step == stopAt) savepoint = stopWithSavepoint();
            if (step == resumeAt && savepoint != null) {
                resume(savepoint);
                savepoint = null;
            }
            if (step == total) break;
            int pick;
            do {
                pick = r.nextInt(order.size());
            } while (next[pick] >= plans.get(order.get(pick)).size());
            plans.get(order.get(pick)).get(next[pick]++).action().run();
        }
        if (savepoint != null) resume(savepoint);
    }

    /** One schema change through one of the enabled paths, as steps of the table's plan. */
    private void addSchemaChange(Table t, List<Step> plan) {
        List<Feature> paths = new ArrayList<>();
        boolean keyed = !t.gen.model.uniqueKey().isEmpty();
        boolean related = t.gen.model.referenced || t.gen.model.foreignKey != null;
        for (Feature p : List.of(Feature.PLAIN_ALTER, Feature.GHOST_ATOMIC, Feature.GHOST_TWO_STEP, Feature.PT_OSC)) {
            if (!on(p)) continue;
            if (p != Feature.PLAIN_ALTER && (!keyed || related)) continue; // the tools need a key; FKs need options
            paths.add(p);
        }
        if (paths.isEmpty()) return;
        Feature path = paths.get(t.gen.r.nextInt(paths.size()));
        int at = t.gen.r.nextInt(plan.size() + 1);
        switch (path) {
            case PLAIN_ALTER -> plan.add(at, new Step(t, () -> plainAlter(t)));
            case PT_OSC -> plan.add(at, new Step(t, () -> ptOsc(t)));
            default -> {
                boolean twoStep = path == Feature.GHOST_TWO_STEP;
                int copyAt = at + t.gen.r.nextInt(plan.size() - at + 1);
                plan.add(at, new Step(t, () -> ghostStart(t)));
                plan.add(copyAt + 1, new Step(t, () -> ghostCopy(t)));
                plan.add(new Step(t, () -> ghostCutOver(t, twoStep)));
            }
        }
    }

    private void plainAlter(Table t) {
        TableGenerator.Alter alter = t.gen.alter(false);
        if (exec(t, "ALTER TABLE " + t.gen.table() + " " + alter.clauses())) {
            t.gen.model = alter.applyTo(t.gen.model);
            result.plainAlters++;
        }
    }

    private void ptOsc(Table t) {
        TableGenerator.Alter alter = t.gen.alter(true);
        String line = "pt-online-schema-change --alter \"" + alter.clauses() + "\"";
        boolean ascii = (t.name() + alter.clauses()).chars().allMatch(ch -> ch < 128);
        if (!ascii && !on(Feature.NON_ASCII_DDL)) {
            log(t, "SKIPPED (non-ASCII for pt-osc, whose connection is latin1)", line);
            return;
        }
        try {
            // As a user with utf8mb4 data runs it: on its default latin1 connection pt-osc rewrites non-latin1
            // text in the copied definition (a DEFAULT '日本' becomes '??' upstream).
            PtOsc.run(pair.upstream(), db, t.name(), alter.clauses(), "--charset=utf8mb4");
            t.gen.model = alter.applyTo(t.gen.model);
            result.ptOsc++;
            log(t, "OK", line);
        } catch (AssertionError | Exception e) {
            result.ptOscRefused++;
            log(t, "REFUSED by the tool (" + firstLine(e.getMessage()) + ")", line);
        }
    }

    private void ghostStart(Table t) {
        TableGenerator.Alter alter = t.gen.alter(true);
        GhostReplay ghost = new GhostReplay(pair.upstream(), db, t.name());
        try {
            ghost.start(alter.clauses());
            t.ghost = ghost;
            t.ghostAlter = alter;
            log(t, "OK", "gh-ost start: alter " + alter.clauses());
        } catch (RuntimeException e) {
            ghost.abort();
            result.ghostAborted++;
            log(t, "ABORTED gh-ost (" + firstLine(e.getMessage()) + ")", "gh-ost start: alter " + alter.clauses());
        }
    }

    private void ghostCopy(Table t) {
        if (t.ghost == null) return;
        ghostStatement(
                t, "insert /* gh-ost */ ignore into %s (%s) (select %s from %s lock in share mode)", "gh-ost copy");
    }

    private void ghostCutOver(Table t, boolean twoStep) {
        if (t.ghost == null) return;
        List<String> key = t.gen.model.uniqueKey();
        String ghost = TableModel.q(db) + "." + TableModel.q(t.ghost.ghost());
        String ghostKey = TableModel.names(
                key.stream().map(k -> t.ghostAlter.renames().getOrDefault(k, k)).toList());
        if (!ghostStatement(t, "replace /* gh-ost */ into %s (%s) select %s from %s", "gh-ost binlog apply")
                || !ghostSql(
                        t,
                        "delete /* gh-ost */ from " + ghost + " where (" + ghostKey + ") not in (select "
                                + TableModel.names(key) + " from " + t.gen.table() + ")",
                        "gh-ost binlog apply")) {
            return;
        }
        try {
            if (twoStep) t.ghost.cutOverTwoStep(String.format(Locale.ROOT, "%014d", 20260102150405L + round));
            else t.ghost.cutOverAtomic();
            t.gen.model = t.ghostAlter.applyTo(t.gen.model);
            if (twoStep) result.ghostTwoStep++;
            else result.ghostAtomic++;
            log(t, "OK", "gh-ost " + (twoStep ? "two-step" : "atomic") + " cut-over");
        } catch (RuntimeException e) {
            // Not expected: the history shows it if the table then differs.
            log(t, "FAILED upstream (" + firstLine(e.getMessage()) + ")", "gh-ost cut-over");
        } finally {
            t.ghost = null;
        }
    }

    /** A copy or apply statement over the columns both tables have; aborts the migration if refused. */
    private boolean ghostStatement(Table t, String template, String what) {
        TableModel after = t.ghostAlter.applyTo(t.gen.model);
        List<String> from = new ArrayList<>();
        List<String> to = new ArrayList<>();
        for (TableModel.Column c : t.gen.model.writable()) {
            String renamed = t.ghostAlter.renames().getOrDefault(c.name(), c.name());
            TableModel.Column target = after.column(renamed);
            if (target != null && target.generated() == null) {
                from.add(c.name());
                to.add(renamed);
            }
        }
        String ghost = TableModel.q(db) + "." + TableModel.q(t.ghost.ghost());
        return ghostSql(
                t, String.format(template, ghost, TableModel.names(to), TableModel.names(from), t.gen.table()), what);
    }

    private boolean ghostSql(Table t, String sql, String what) {
        if (exec(t, sql)) return true;
        t.ghost.abort();
        t.ghost = null;
        result.ghostAborted++;
        log(t, "ABORTED", "gh-ost: " + what + " refused, ghost and changelog dropped");
        return false;
    }

    // ---- failures ----

    private void killTaskManager(Table t, String when) {
        try {
            mini.terminateTaskManager(0).get();
            mini.startTaskManager();
        } catch (Exception e) {
            throw new IllegalStateException("could not kill and restart the TaskManager", e);
        }
        result.kills++;
        String line = "--- TaskManager killed " + when;
        startupHistory.add(line);
        for (Table x : tables) x.history.add("round " + round + ": " + line);
    }

    private String stopWithSavepoint() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                String path = job.stopWithSavepoint(savepoints);
                for (Table x : tables) x.history.add("round " + round + ": --- job stopped with a savepoint");
                return path;
            } catch (Exception e) {
                // Refused while the job's tasks are (re)starting, e.g. just after a kill: try again.
                boolean starting =
                        String.valueOf(e.getMessage()).contains("Not all required tasks are currently running");
                if (!starting || System.nanoTime() > deadline) {
                    jobFailed("stop-with-savepoint failed", org.apache.flink.util.ExceptionUtils.stringifyException(e));
                    return null;
                }
                Thread.sleep(500);
            }
        }
    }

    private void resume(String savepoint) throws Exception {
        job = TestJob.start(task, savepoint, restarts());
        result.savepoints++;
        for (Table x : tables) x.history.add("round " + round + ": --- job resumed from the savepoint");
    }

    // ---- the check ----

    private void check() throws Exception {
        if (jobDead) return;
        if (!tableExists(PROBE)) {
            exec(null, "CREATE TABLE IF NOT EXISTS " + TableModel.q(db) + "." + PROBE + " (round INT PRIMARY KEY)");
        }
        exec(null, "INSERT INTO " + TableModel.q(db) + "." + PROBE + " VALUES (" + round + ")");
        Map<Table, String> pending = new LinkedHashMap<>();
        for (Table t : tables) if (t.created && !t.failed) pending.put(t, "not compared yet");
        long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
        long probeSeen = 0;
        while (true) {
            JobStatus status = job.status();
            if (status == JobStatus.FAILED || status.isGloballyTerminalState()) {
                jobFailed("the job ended with " + status, job.awaitFailure());
                return;
            }
            for (Table t : List.copyOf(pending.keySet())) {
                try {
                    TableComparison.assertSameTable(pair.upstream(), db, t.name(), pair.downstream(), db, t.name());
                    pending.remove(t);
                } catch (AssertionError | RuntimeException e) {
                    pending.put(t, e.getMessage());
                }
            }
            if (pending.isEmpty()) break;
            long now = System.nanoTime();
            if (probeSeen == 0 && probeArrived()) probeSeen = now;
            if (probeSeen != 0 && now - probeSeen > SETTLE.toNanos() || now > deadline) break;
            Thread.sleep(300);
        }
        pending.forEach((t, why) -> fail(t, "downstream differs after round " + round, why));
        List<List<String>> leftovers = pair.downstream()
                .query(
                        "SELECT TABLE_NAME FROM information_schema.TABLES"
                                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME LIKE '\\_%'",
                        db);
        for (List<String> row : leftovers) {
            String name = row.get(0);
            Table owner = tables.stream()
                    .filter(t -> name.startsWith("_" + t.name() + "_"))
                    .findFirst()
                    .orElse(null);
            if (owner != null && owner.failed) continue;
            if (owner == null)
                result.failures.add(new Failure(
                        scenario, name, "ghost or trash table downstream", "downstream has " + name, startupHistory));
            else fail(owner, "ghost or trash table downstream", "downstream has " + name);
        }
        LOG.info(
                "differential seed {} round {}: {} tables equal, {} failures so far",
                scenario.seed(),
                round,
                tables.stream().filter(t -> t.created && !t.failed).count(),
                result.failures.size());
    }

    private boolean probeArrived() {
        try {
            return !pair.downstream()
                    .query("SELECT 1 FROM " + TableModel.q(db) + "." + PROBE + " WHERE round = ?", round)
                    .isEmpty();
        } catch (IllegalStateException e) {
            return false; // no probe table downstream yet
        }
    }

    private boolean tableExists(String name) {
        return !pair.upstream()
                .query("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", db, name)
                .isEmpty();
    }

    private void fail(Table t, String what, String detail) {
        t.failed = true;
        Failure failure = new Failure(scenario, t.name(), what, String.valueOf(detail), List.copyOf(t.history));
        result.failures.add(failure);
        LOG.error("differential failure:\n{}", failure);
    }

    /** The job is gone: every table the failure names fails with it, or the scenario does. */
    private void jobFailed(String what, String cause) {
        jobDead = true;
        // The exception lines of the cause chain, without stack frames.
        String causeText = cause.lines()
                .filter(l -> !l.stripLeading().startsWith("at ") && !l.contains("... ") && !l.isBlank())
                .map(l -> l.length() > 1500 ? l.substring(0, 1500) + "..." : l)
                .collect(Collectors.joining("\n"));
        List<Table> named = tables.stream()
                .filter(t -> !t.failed
                        && t.created
                        && (cause.contains(db + "." + t.name()) || cause.contains("`" + t.name() + "`")))
                .toList();
        if (named.isEmpty()) {
            List<String> all = new ArrayList<>(startupHistory);
            for (Table t : tables)
                t.history.stream().skip(Math.max(0, t.history.size() - 5)).forEach(h -> all.add(t.name() + ": " + h));
            result.failures.add(new Failure(scenario, "(whole job)", what, causeText, all));
            LOG.error("differential failure:\n{}", result.failures.get(result.failures.size() - 1));
        }
        for (Table t : named) fail(t, what, causeText);
    }

    // ---- statements ----

    /** Runs a statement upstream; false (logged in the history) when the server refuses it. */
    private boolean exec(Table t, String sql) {
        result.statements++;
        try {
            upStatement.execute(sql);
            if (t != null) log(t, "OK", sql);
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                throw new IllegalStateException("upstream connection lost: " + e.getMessage(), e);
            }
            result.rejected++;
            if (t != null)
                log(t, "REJECTED upstream (" + e.getErrorCode() + " " + firstLine(e.getMessage()) + ")", sql);
            else throw new IllegalStateException("upstream refused a fixed statement: " + sql, e);
            return false;
        }
    }

    private void execRow(Table t, String sql) {
        exec(t, sql);
    }

    private void log(Table t, String outcome, String sql) {
        int max = sql.startsWith("CREATE") || sql.startsWith("ALTER") ? 4000 : 400; // definitions in full
        String shown = sql.length() > max ? sql.substring(0, max) + "... (" + sql.length() + " chars)" : sql;
        t.history.add("round " + round + ": " + outcome + ": " + shown.replace("\n", " "));
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        String line = s.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** The database this scenario writes, for a caller that wants to look at it. */
    public String database() {
        return db;
    }

    static String describe(Set<Feature> features) {
        return features.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }
}
