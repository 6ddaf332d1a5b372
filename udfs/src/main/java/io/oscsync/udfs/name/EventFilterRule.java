package io.oscsync.udfs.name;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One DM binlog event filter rule. Event names are checked against DM's list and SQL patterns
 * compiled when the rule is built, so a bad task file fails at start, naming the rule.
 */
public record EventFilterRule(
        String name,
        String schemaPattern,
        String tablePattern,
        List<String> events,
        List<String> sqlPatterns,
        Action action)
        implements Serializable {

    public enum Action {
        IGNORE,
        DO
    }

    static final List<String> DML = List.of("insert", "update", "delete");
    static final List<String> DDL = List.of(
            "create database",
            "drop database",
            "create table",
            "create index",
            "drop table",
            "truncate table",
            "rename table",
            "drop index",
            "alter table");
    static final List<String> GROUPS = List.of("all", "all dml", "all ddl", "none", "none dml", "none ddl");

    public EventFilterRule {
        if (schemaPattern == null || schemaPattern.isBlank()) {
            throw new IllegalArgumentException(label(name) + ": schema-pattern must not be empty");
        }
        if (action == null) {
            throw new IllegalArgumentException(label(name) + ": action must be Ignore or Do");
        }
        events = events == null
                ? List.of()
                : events.stream().map(e -> checkedEvent(name, e)).toList();
        sqlPatterns = sqlPatterns == null ? List.of() : List.copyOf(sqlPatterns);
        for (String p : sqlPatterns) {
            compile(name, p);
        }
    }

    /** Lower case with single spaces: the form event names are compared in. */
    /** Compiled once: this runs for every event (String.replaceAll compiled the regex on each call). */
    private static final Pattern SPACES = Pattern.compile("\\s+");

    static String canonical(String event) {
        return SPACES.matcher(event.trim()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    List<Pattern> compiledSqlPatterns() {
        return sqlPatterns.stream().map(p -> compile(name, p)).toList();
    }

    private static String checkedEvent(String rule, String event) {
        String e = event == null ? "" : canonical(event);
        if (!GROUPS.contains(e) && !DML.contains(e) && !DDL.contains(e)) {
            throw new IllegalArgumentException(label(rule) + ": unknown event '" + event + "'; valid events are "
                    + String.join(", ", GROUPS) + ", " + String.join(", ", DML) + ", " + String.join(", ", DDL));
        }
        return e;
    }

    private static Pattern compile(String rule, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException | NullPointerException e) {
            throw new IllegalArgumentException(
                    label(rule) + ": invalid sql-pattern '" + regex + "': "
                            + (e.getMessage() == null ? "null" : e.getMessage()),
                    e);
        }
    }

    static String label(String name) {
        return "filter '" + (name == null || name.isBlank() ? "(unnamed)" : name) + "'";
    }
}
