package io.oscsync.udfs.name;

import io.oscsync.udfs.TableId;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * DM's table router: a matching table-level rule wins over a matching schema-level rule; no
 * match keeps the name; two matching rules of the same level are a conflict (an error).
 */
public final class Router implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<CompiledRule> tableRules = new ArrayList<>();
    private final List<CompiledRule> schemaRules = new ArrayList<>();

    public Router(List<RouteRule> rules) {
        this(rules, false);
    }

    /** @param caseSensitive DM's {@code case-sensitive}: names must match the patterns' case */
    public Router(List<RouteRule> rules, boolean caseSensitive) {
        validate(rules);
        for (RouteRule rule : rules) {
            CompiledRule compiled = new CompiledRule(
                    rule,
                    Wildcard.of(rule.schemaPattern(), caseSensitive),
                    rule.isSchemaLevel() ? null : Wildcard.of(rule.tablePattern(), caseSensitive));
            (rule.isSchemaLevel() ? schemaRules : tableRules).add(compiled);
        }
    }

    /** Checks what DM checks when a task starts; the message names the faulty rule. */
    public static void validate(List<RouteRule> rules) {
        if (rules == null) {
            throw new IllegalArgumentException("routes must not be null");
        }
        for (RouteRule rule : rules) {
            if (rule == null) {
                throw new IllegalArgumentException("routes contain an empty entry");
            }
            if (rule.schemaPattern() == null || rule.schemaPattern().isBlank()) {
                throw new IllegalArgumentException(rule.label() + ": schema-pattern must not be empty");
            }
            if (rule.targetSchema() == null || rule.targetSchema().isBlank()) {
                throw new IllegalArgumentException(rule.label() + ": target-schema must not be empty");
            }
            if (rule.isSchemaLevel()
                    && rule.targetTable() != null
                    && !rule.targetTable().isBlank()) {
                // DM would silently keep the table name; saying so is kinder than ignoring the field.
                throw new IllegalArgumentException(
                        rule.label() + ": target-table needs a table-pattern (a schema-level route keeps table names)");
            }
        }
    }

    public TableId route(TableId upstream) {
        CompiledRule tableRule = single(tableRules, upstream, true);
        if (tableRule != null) {
            RouteRule r = tableRule.rule;
            String table = r.targetTable() == null || r.targetTable().isBlank() ? upstream.table() : r.targetTable();
            return new TableId(r.targetSchema(), table);
        }
        CompiledRule schemaRule = single(schemaRules, upstream, false);
        return schemaRule == null ? upstream : new TableId(schemaRule.rule.targetSchema(), upstream.table());
    }

    /** Where a schema-level statement (CREATE/DROP DATABASE) goes: schema-level rules only. */
    public String routeSchema(String schema) {
        CompiledRule rule = single(schemaRules, new TableId(schema, ""), false);
        return rule == null ? schema : rule.rule.targetSchema();
    }

    private static CompiledRule single(List<CompiledRule> rules, TableId t, boolean tableLevel) {
        CompiledRule found = null;
        for (CompiledRule candidate : rules) {
            if (candidate.matches(t)) {
                if (found != null) {
                    throw new IllegalArgumentException(
                            "table " + t + " matches two " + (tableLevel ? "table" : "schema") + "-level routes: "
                                    + found.rule.label() + " and " + candidate.rule.label());
                }
                found = candidate;
            }
        }
        return found;
    }

    private record CompiledRule(RouteRule rule, Wildcard schema, Wildcard table) implements Serializable {
        boolean matches(TableId t) {
            return schema.matches(t.schema()) && (table == null || table.matches(t.table()));
        }
    }
}
