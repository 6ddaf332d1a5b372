package io.oscsync.job.route;

import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.event.CrossKeyBarrier;
import io.oscsync.job.event.TableChanges;
import io.oscsync.job.event.VersionedTypeInfo;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.ddl.RenamePair;
import io.oscsync.udfs.ddl.UnsupportedDdlException;
import io.oscsync.udfs.expr.ExpressionException;
import io.oscsync.udfs.expr.ExpressionFilter;
import io.oscsync.udfs.name.EventFilter;
import io.oscsync.udfs.osc.Classification;
import io.oscsync.udfs.osc.TableRole;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Per instance, before keyBy: block-allow list, event filters, online-DDL table roles, and the
 * route to the target table. Its only state is the DDL of shadows whose names do not say their
 * table ({@link ShadowOrigins}). Everything that leaves has its target set, so the
 * keyBy that follows brings every event of one logical table to one coordinator key.
 */
public final class ClassifyAndRoute extends ProcessFunction<ChangeEvent, ChangeEvent> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ClassifyAndRoute.class);

    private final InstanceRules rules;
    private transient Counter filteredEvents;
    private final int namedLikeTools;
    private transient Counter ghostRowsSkipped;
    private transient Counter trashRowsSkipped;
    private transient Counter expressionFilteredRows;
    /** Per upstream table with expression filters: its rules bound to the column layout last seen. */
    private transient Map<TableId, BoundFilter> expressionFilters;
    /** Per upstream table: its role and where its rows go (names and rules only, so never stale). */
    private transient Map<TableId, TableRoute> routes;

    /** Nameless shadows (Vitess): their DDL waits for the statement that says their table. */
    private transient ShadowOrigins shadows;

    private transient ListState<ChangeEvent> waitingState;
    /**
     * Cross-key barrier ids: this attempt's and a count. Both sides of a barrier are made here
     * together and land in the same checkpoint, so an id never has to survive a restart.
     */
    private transient String attempt;

    private transient long barriers;
    private transient ListState<String> originsState;

    private record BoundFilter(String[] columns, ExpressionFilter.TableFilter filter) {}

    /**
     * A table's role and, for an allowed real table, its target (null: not replicated) and the
     * event filters' verdict on its rows by DM event type (it depends on the name only).
     */
    private record TableRoute(TableRole role, TableId target, Map<String, EventFilter.Verdict> rowVerdicts) {}

    public ClassifyAndRoute(InstanceRules rules) {
        this(rules, 0);
    }

    /** @param namedLikeTools how many upstream tables the start found named like ghost or trash tables of no table */
    public ClassifyAndRoute(InstanceRules rules, int namedLikeTools) {
        this.rules = rules;
        this.namedLikeTools = namedLikeTools;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        var store = context.getOperatorStateStore();
        waitingState =
                store.getListState(new ListStateDescriptor<>("shadow-ddl-waiting", VersionedTypeInfo.CHANGE_EVENT));
        originsState = store.getListState(new ListStateDescriptor<>("shadow-origins", Types.STRING));
        shadows = new ShadowOrigins(rules::classify);
        Map<TableId, TableId> learned = new HashMap<>();
        Map<TableId, TableId> moved = new HashMap<>();
        for (String entry : originsState.get()) {
            String[] f = entry.split("\u0000", -1); // kind, table, its real table
            (f[0].equals("moved") ? moved : learned).put(new TableId(f[1], f[2]), new TableId(f[3], f[4]));
        }
        List<ChangeEvent> waiting = new ArrayList<>();
        waitingState.get().forEach(waiting::add);
        shadows.restore(
                learned,
                moved,
                waiting,
                e -> DdlStatement.parse(e.ddl()).subject(e.table().schema()));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        waitingState.update(shadows.waitingEvents());
        List<String> entries = new ArrayList<>();
        shadows.origins().forEach((shadow, origin) -> entries.add(entry("origin", shadow, origin)));
        shadows.movedAway().forEach((trash, real) -> entries.add(entry("moved", trash, real)));
        originsState.update(entries);
    }

    private static String entry(String kind, TableId table, TableId real) {
        return String.join("\u0000", kind, table.schema(), table.table(), real.schema(), real.table());
    }

    @Override
    public void open(Configuration parameters) {
        var metrics = getRuntimeContext().getMetricGroup();
        filteredEvents = metrics.counter("filteredEvents");
        ghostRowsSkipped = metrics.counter("ghostRowsSkipped");
        trashRowsSkipped = metrics.counter("trashRowsSkipped");
        expressionFilteredRows = metrics.counter("expressionFilteredRows");
        metrics.gauge("tablesNamedLikeTools", (Gauge<Integer>) () -> namedLikeTools);
        expressionFilters = new HashMap<>();
        attempt = UUID.randomUUID().toString();
        routes = new HashMap<>();
    }

    @Override
    public void processElement(ChangeEvent e, Context ctx, Collector<ChangeEvent> out) {
        if (e.kind().isRow()) {
            row(e, out);
            return;
        }
        if (e.kind() == ChangeEvent.Kind.DEFINITION) {
            definition(e, out);
            return;
        }
        ddl(e, out);
    }

    private void row(ChangeEvent e, Collector<ChangeEvent> out) {
        TableRoute route = routes.computeIfAbsent(e.table(), this::routeOf);
        // Rows of ghost and trash tables (row copy, binlog apply, triggers, changelog) never go downstream.
        if (route.role() == TableRole.GHOST) ghostRowsSkipped.inc();
        else if (route.role() == TableRole.TRASH) trashRowsSkipped.inc();
        else if (route.target() == null) filteredEvents.inc();
        else {
            EventFilter.Verdict v = route.rowVerdicts().get(dmEventType(e.kind()));
            if (v.error()) throw filterError(e, v, e.table(), "a " + dmEventType(e.kind()) + " row event");
            if (v.ignored()) filteredEvents.inc();
            else if (droppedByExpression(e)) expressionFilteredRows.inc();
            else out.collect(e.routedTo(route.target()));
        }
    }

    /**
     * DM's expression-filter on a binlog row (DM filters incremental changes only, so snapshot
     * rows pass). The rules are bound again when the table's columns change.
     */
    private boolean droppedByExpression(ChangeEvent e) {
        if (e.kind() == ChangeEvent.Kind.SNAPSHOT
                || rules.expressionFilter().rules().isEmpty()) return false;
        BoundFilter bound = expressionFilters.get(e.table());
        if (bound == null || (bound.filter() != null && !Arrays.equals(bound.columns(), e.columns()))) {
            try {
                bound = new BoundFilter(e.columns(), rules.expressionFilter().bind(e.table(), e.columns()));
            } catch (ExpressionException ex) {
                // A restart would read the same row: fail for good, saying what to change.
                throw new SuppressRestartsException(new IllegalStateException("source " + e.sourceId() + " at "
                        + e.binlogFile() + ":" + e.binlogPos() + ": " + ex.getMessage() + " (its columns: "
                        + String.join(", ", e.columns()) + "). Fix the expression in the task file and restart "
                        + "from the latest checkpoint."));
            }
            expressionFilters.put(e.table(), bound);
        }
        ExpressionFilter.TableFilter f = bound.filter();
        if (f == null) return false;
        return switch (e.kind()) {
            case INSERT -> f.dropsInsert(e.after());
            case UPDATE -> f.dropsUpdate(e.before(), e.after());
            case DELETE -> f.dropsDelete(e.before());
            default -> false;
        };
    }

    /** A snapshot definition goes where the table's rows go; event filters do not apply (it is no binlog DDL). */
    private void definition(ChangeEvent e, Collector<ChangeEvent> out) {
        TableRoute route = routes.computeIfAbsent(e.table(), this::routeOf);
        if (route.role() == TableRole.REAL && route.target() != null) {
            out.collect(e.routedTo(route.target(), DdlStatement.parse(e.ddl())));
        }
    }

    private TableRoute routeOf(TableId t) {
        Classification c = rules.classify(t);
        if (!rules.blockAllowList().allows(new TableId(t.schema(), c.origin()))) {
            return new TableRoute(TableRole.REAL, null, Map.of());
        }
        if (!c.isReal()) return new TableRoute(c.role(), null, Map.of());
        Map<String, EventFilter.Verdict> verdicts = new HashMap<>();
        for (String type : List.of("insert", "update", "delete"))
            verdicts.put(type, rules.filter().decide(t, type, null));
        return new TableRoute(c.role(), rules.router().route(t), verdicts);
    }

    private void ddl(ChangeEvent e, Collector<ChangeEvent> out) {
        DdlStatement stmt = parse(e, rules);
        if (stmt == null) {
            filteredEvents.inc();
            return;
        }
        switch (stmt.kind()) {
            case OTHER_IGNORED, ANALYZE_TABLE, CREATE_DATABASE, DROP_DATABASE -> {
                filteredEvents.inc();
                return;
            }
            default -> {}
        }
        String schema = e.table().schema();
        TableId subject = stmt.subject(schema);
        // A ghost's or trash table's DDL is keyed by its origin's target: one lifecycle, one key.
        TableId origin = shadows.originOf(subject);
        if (stmt.kind() == DdlStatement.Kind.CREATE_TABLE_LIKE) {
            shadows.learnFromLike(stmt, schema);
            if (origin == null) origin = shadows.originOf(subject);
        }
        List<RenamePair> renames = stmt.renames(schema);
        if (!renames.isEmpty()) {
            ShadowOrigins.Release release = shadows.release(renames, subject);
            if (origin == null) origin = release.subjectOrigin();
            release.waiting().forEach((pair, events) -> {
                for (ChangeEvent waited : events) emit(waited, DdlStatement.parse(waited.ddl()), pair.to(), out);
            });
        }
        if (origin == null) {
            if (!shadows.holds(e, stmt, subject)) filteredEvents.inc();
            return;
        }
        if (stmt.kind() == DdlStatement.Kind.DROP_TABLE) shadows.forget(stmt.tables(schema));
        emit(e, stmt, origin, out);
    }

    /** Routes a DDL to its origin's target, through the allow list and the filters; counts what they drop. */
    private void emit(ChangeEvent e, DdlStatement stmt, TableId origin, Collector<ChangeEvent> out) {
        if (!rules.blockAllowList().allows(origin)) {
            filteredEvents.inc();
            return;
        }
        stmt = filtered(e, origin, stmt);
        if (stmt == null) {
            filteredEvents.inc();
            return;
        }
        if (stmt.kind() == DdlStatement.Kind.CREATE_TABLE || stmt.kind() == DdlStatement.Kind.ALTER_TABLE) {
            String action = ReferentialActions.find(e.ddl());
            if (action != null) {
                throw new SuppressRestartsException(new IllegalStateException("source " + e.sourceId() + " at "
                        + e.binlogFile() + ":" + e.binlogPos() + ": table " + origin + " gets a foreign key with "
                        + action + ". " + ReferentialActions.ADVICE + "; skip this statement with a `filters` rule "
                        + "(sql-pattern matching it, action: Ignore) and resume from the latest checkpoint."));
            }
        }
        TableId target = rules.router().route(origin);
        ChangeEvent routed = e.routedTo(target, stmt);
        List<TableId> participants = participants(stmt, e.table().schema(), target);
        if (participants.isEmpty()) {
            out.collect(routed);
            return;
        }
        // A DDL spanning target keys: the owner and each participant meet in the sink (CrossKeyBarrier).
        String id = e.sourceId() + "@" + e.binlogFile() + ":" + e.binlogPos() + "#" + (++barriers) + "/" + attempt;
        LOG.info(
                "source {}: {} spans {} and {}: cross-key barrier {}", e.sourceId(), e.ddl(), target, participants, id);
        out.collect(routed.withBarrier(new CrossKeyBarrier(id, CrossKeyBarrier.Role.AWAIT, participants)));
        for (TableId p : participants) {
            out.collect(e.joining(p, new CrossKeyBarrier(id, CrossKeyBarrier.Role.JOIN, List.of())));
        }
    }

    /**
     * The replicated target tables, other than {@code owner}, that a statement names: a rename's
     * other side, a LIKE's source, the other tables of a DROP, a foreign key's parent. Each is
     * another key, so possibly another subtask: the statement must stay in binlog order with them.
     */
    private List<TableId> participants(DdlStatement stmt, String schema, TableId owner) {
        Set<TableId> out = new LinkedHashSet<>();
        for (TableId t : stmt.tables(schema)) {
            TableId origin = shadows.originOf(t);
            if (origin == null || !rules.blockAllowList().allows(origin)) continue;
            TableId target = rules.router().route(origin);
            if (!target.equals(owner)) out.add(target);
        }
        return List.copyOf(out);
    }

    /**
     * The statement as the event filters leave it: null when they ignore it, an ALTER TABLE
     * without the clauses they ignore (DM filters each clause on its own). A clause an Error rule
     * matches stops the job.
     */
    private DdlStatement filtered(ChangeEvent e, TableId origin, DdlStatement stmt) {
        List<EventFilter.Verdict> verdicts = rules.filter().decideClauses(origin, stmt);
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            EventFilter.Verdict v = verdicts.get(i);
            if (v.error()) throw filterError(e, v, origin, "the statement " + e.ddl());
            if (!v.ignored()) keep.add(i);
        }
        if (keep.isEmpty()) return null;
        if (keep.size() == verdicts.size()) return stmt;
        DdlStatement kept = stmt.withClauses(keep);
        LOG.info("source {}: filters dropped clauses of {}; applying {}", e.sourceId(), e.ddl(), kept.sql());
        return kept;
    }

    /** Stopping for good: restarting would read the same event and stop again. */
    private static SuppressRestartsException filterError(
            ChangeEvent e, EventFilter.Verdict v, TableId table, String what) {
        return new SuppressRestartsException(new IllegalStateException("source " + e.sourceId() + " at "
                + e.binlogFile() + ":" + e.binlogPos() + ": filter '" + v.rule() + "' (action: Error) matches "
                + what + " on table " + table
                + (v.uncertain()
                        ? " (DM stops here only if the column change is one of the rule's events; it compares "
                                + "with the old column definition, which osc-sync does not keep, so it stops on "
                                + "every MODIFY or CHANGE COLUMN that may be one)"
                        : "")
                + ". To apply it, take it out of the rule (or change the rule's action) and resume from the latest "
                + "checkpoint; to skip it, add a filter with action: Ignore that matches it (e.g. a sql-pattern) "
                + "and resume from the latest checkpoint."));
    }

    /**
     * The statement, or null for one osc-sync cannot read that only touches tables this task
     * does not replicate (Debezium's table list says which). Any other unreadable statement stops
     * the job: guessing could corrupt a table.
     */
    static DdlStatement parse(ChangeEvent e, InstanceRules rules) {
        try {
            return DdlStatement.parse(e.ddl());
        } catch (UnsupportedDdlException ex) {
            // DM skips a statement it cannot parse when a filter's sql-pattern matches it (skipSQLByPattern).
            EventFilter.Verdict v = rules.filter().decide(new TableId(e.table().schema(), ""), null, e.ddl());
            if (v.error()) throw filterError(e, v, new TableId(e.table().schema(), ""), "the statement " + e.ddl());
            if (v.ignored()) {
                LOG.info("source {}: filter '{}' ignores a statement: {}", e.sourceId(), v.rule(), e.ddl());
                return null;
            }
            List<TableId> touched = TableChanges.tables(e.tableChanges());
            if (!touched.isEmpty()
                    && touched.stream().noneMatch(t -> rules.blockAllowList().allows(rules.origin(t)))) {
                LOG.warn(
                        "source {}: ignoring a DDL osc-sync cannot read, on tables it does not replicate {}: {}",
                        e.sourceId(),
                        touched,
                        ex.getMessage());
                return null;
            }
            // Restarting would read the same statement again: fail for good, saying where.
            throw new SuppressRestartsException(new IllegalStateException(
                    "source " + e.sourceId() + " at "
                            + e.binlogFile() + ":" + e.binlogPos() + ": cannot read DDL on schema "
                            + e.table().schema()
                            + ": " + ex.getMessage() + ". Exclude the table with block-allow-list or a filter "
                            + "(sql-pattern, action: Ignore), or apply the change downstream by hand and restart "
                            + "from a later binlog position.",
                    ex));
        }
    }

    private static String dmEventType(ChangeEvent.Kind kind) {
        return switch (kind) {
            case SNAPSHOT, INSERT -> "insert";
            case UPDATE -> "update";
            case DELETE -> "delete";
            case DDL, DEFINITION, BARRIER -> throw new IllegalArgumentException("DDL has its own event type");
        };
    }
}
