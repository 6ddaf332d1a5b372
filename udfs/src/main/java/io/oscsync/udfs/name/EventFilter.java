package io.oscsync.udfs.name;

import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.AlterClause;
import io.oscsync.udfs.ddl.DdlStatement;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * DM's binlog event filter (tiflow pkg/binlog-filter, BinlogEvent.Filter). Each rule whose
 * patterns match the table is read on its own: an Ignore rule whose events or SQL patterns match
 * ignores the event; an Error rule that matches stops replication; a Do rule ignores the event
 * when its events do not match, or when it has SQL patterns and the statement matches none. DM
 * returns at the first rule that decides, in the order of its rule tree; here an Error anywhere
 * wins over an Ignore, so a rule meant to stop replication is never masked.
 *
 * <p>An ALTER TABLE is filtered clause by clause, each with DM's type for it (see
 * {@link DmEvents}) and the whole statement's text for the SQL patterns, as DM does after
 * splitting it.
 */
public final class EventFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<Compiled> rules = new ArrayList<>();

    /** What a filter decides for one event or clause. */
    public record Verdict(EventFilterRule.Action action, String rule, boolean uncertain) {
        static final Verdict DO = new Verdict(EventFilterRule.Action.DO, null, false);

        public boolean ignored() {
            return action == EventFilterRule.Action.IGNORE;
        }

        public boolean error() {
            return action == EventFilterRule.Action.ERROR;
        }
    }

    /** Case-insensitive names, DM's default (case-sensitive: false). */
    public EventFilter(List<EventFilterRule> rules) {
        this(rules, false);
    }

    public EventFilter(List<EventFilterRule> rules, boolean caseSensitive) {
        for (EventFilterRule rule : rules) {
            this.rules.add(new Compiled(
                    rule,
                    Wildcard.of(rule.schemaPattern(), caseSensitive),
                    rule.tablePattern() == null || rule.tablePattern().isEmpty()
                            ? null
                            : Wildcard.of(rule.tablePattern(), caseSensitive)));
        }
    }

    /** True when there is no rule: every event passes whole. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Shorthand for {@link #decide}: true when the event is ignored (an Error verdict is not). */
    public boolean ignores(TableId table, String eventType, String sqlOrNull) {
        return decide(table, eventType, sqlOrNull).ignored();
    }

    /**
     * @param eventType insert, update, delete or a DDL type such as "alter table"; a type DM does
     *     not know (e.g. "create trigger") only meets SQL patterns, as DM's NullEvent does
     * @param sqlOrNull the statement text for DDL, null for row events
     */
    public Verdict decide(TableId table, String eventType, String sqlOrNull) {
        String event = eventType == null ? "" : DmEvents.canonical(eventType);
        boolean known = event.equals(DmEvents.MODIFY_OR_CHANGE_COLUMN) || !event.isEmpty() && DmEvents.isKnown(event);
        Verdict result = Verdict.DO;
        for (Compiled c : rules) {
            if (!c.appliesTo(table)) continue;
            Verdict v = c.decide(known ? event : null, sqlOrNull);
            if (v.error()) return v;
            if (v.ignored() && !result.ignored()) result = v;
        }
        return result;
    }

    /**
     * The verdict for each clause of a statement: one per ALTER TABLE clause (in
     * {@link DdlStatement#alterClauses()} order), a single one for any other statement.
     */
    public List<Verdict> decideClauses(TableId table, DdlStatement stmt) {
        if (stmt.kind() != DdlStatement.Kind.ALTER_TABLE || stmt.alterClauses().isEmpty()) {
            return List.of(decide(table, stmt.eventType(), stmt.sql()));
        }
        List<Verdict> out = new ArrayList<>();
        for (AlterClause c : stmt.alterClauses()) {
            String type = DmEvents.ofAlterClause(stmt.sql().substring(c.start(), c.end()));
            out.add(decide(table, type, stmt.sql()));
        }
        return out;
    }

    private static final class Compiled implements Serializable {
        private static final long serialVersionUID = 1L;
        final EventFilterRule rule;
        final Wildcard schema;
        final Wildcard table;
        transient Pattern sql;

        Compiled(EventFilterRule rule, Wildcard schema, Wildcard table) {
            this.rule = rule;
            this.schema = schema;
            this.table = table;
        }

        /** A rule without a table pattern covers every table of its schemas. */
        boolean appliesTo(TableId t) {
            return schema.matches(t.schema()) && (table == null || table.matches(t.table()));
        }

        /** DM's per-rule reading: the event first, then the SQL patterns. */
        Verdict decide(String eventOrNull, String sqlText) {
            EventFilterRule.Action action = rule.action();
            if (eventOrNull != null) {
                boolean matched = rule.matchesEvent(eventOrNull);
                if (matched && action != EventFilterRule.Action.DO) {
                    boolean uncertain =
                            eventOrNull.equals(DmEvents.MODIFY_OR_CHANGE_COLUMN) && !rule.decidesModifyColumn();
                    return new Verdict(action, rule.name(), uncertain);
                }
                if (!matched && action == EventFilterRule.Action.DO) {
                    return new Verdict(EventFilterRule.Action.IGNORE, rule.name(), false);
                }
            }
            if (sqlText == null || sqlText.isEmpty() || rule.sqlPatterns().isEmpty()) {
                return Verdict.DO;
            }
            if (sql == null) sql = rule.compiledSqlPattern();
            boolean matched = sql.matcher(sqlText).find();
            if (matched && action != EventFilterRule.Action.DO) return new Verdict(action, rule.name(), false);
            if (!matched && action == EventFilterRule.Action.DO) {
                return new Verdict(EventFilterRule.Action.IGNORE, rule.name(), false);
            }
            return Verdict.DO;
        }
    }
}
