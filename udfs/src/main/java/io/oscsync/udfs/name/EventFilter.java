package io.oscsync.udfs.name;

import io.oscsync.udfs.TableId;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * DM's binlog event filter. An event is dropped when an Ignore rule of its table matches it,
 * or when its table has Do rules and none of them matches it. A rule matches an event by
 * event type or, for statements, by one of its SQL patterns.
 */
public final class EventFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<Compiled> rules = new ArrayList<>();

    public EventFilter(List<EventFilterRule> rules) {
        this(rules, false);
    }

    /** @param caseSensitive DM's {@code case-sensitive}: names must match the patterns' case */
    public EventFilter(List<EventFilterRule> rules, boolean caseSensitive) {
        for (EventFilterRule rule : rules) {
            this.rules.add(new Compiled(
                    rule,
                    Wildcard.of(rule.schemaPattern(), caseSensitive),
                    rule.tablePattern() == null || rule.tablePattern().isBlank()
                            ? null
                            : Wildcard.of(rule.tablePattern(), caseSensitive)));
        }
    }

    /**
     * @param eventType insert, update, delete or a DDL kind such as "alter table"; other DDL
     *     kinds (e.g. "create view") are accepted and only match the "all"/"all ddl" groups
     * @param sqlOrNull the statement text for DDL, null for row events
     */
    public boolean ignores(TableId table, String eventType, String sqlOrNull) {
        String event = EventFilterRule.canonical(eventType);
        boolean hasDoRule = false;
        boolean doMatched = false;
        for (Compiled c : rules) {
            if (!c.appliesTo(table)) {
                continue;
            }
            boolean matched = c.matches(event, sqlOrNull);
            if (c.rule.action() == EventFilterRule.Action.IGNORE) {
                if (matched) {
                    return true;
                }
            } else {
                hasDoRule = true;
                doMatched |= matched;
            }
        }
        return hasDoRule && !doMatched;
    }

    private static final class Compiled implements Serializable {
        private static final long serialVersionUID = 1L;
        final EventFilterRule rule;
        final Wildcard schema;
        final Wildcard table;
        transient List<Pattern> sql;

        Compiled(EventFilterRule rule, Wildcard schema, Wildcard table) {
            this.rule = rule;
            this.schema = schema;
            this.table = table;
        }

        /** A rule without a table pattern covers every table of its schemas. */
        boolean appliesTo(TableId t) {
            return schema.matches(t.schema()) && (table == null || table.matches(t.table()));
        }

        boolean matches(String event, String sqlText) {
            if (matchesEvent(event)) {
                return true;
            }
            if (sqlText == null) {
                return false;
            }
            if (sql == null) {
                sql = rule.compiledSqlPatterns();
            }
            return sql.stream().anyMatch(p -> p.matcher(sqlText).find());
        }

        /** DM reads the list in order and the first group that decides, decides ("none" stops). */
        private boolean matchesEvent(String event) {
            boolean dml = EventFilterRule.DML.contains(event);
            for (String e : rule.events()) {
                switch (e) {
                    case "all":
                        return true;
                    case "none":
                        return false;
                    case "all dml":
                        if (dml) {
                            return true;
                        }
                        break;
                    case "none dml":
                        if (dml) {
                            return false;
                        }
                        break;
                    case "all ddl":
                        if (!dml) {
                            return true;
                        }
                        break;
                    case "none ddl":
                        if (!dml) {
                            return false;
                        }
                        break;
                    default:
                        if (e.equals(event)) {
                            return true;
                        }
                }
            }
            return false;
        }
    }
}
