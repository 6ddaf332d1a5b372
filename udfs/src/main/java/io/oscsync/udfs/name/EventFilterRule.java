package io.oscsync.udfs.name;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One DM binlog event filter rule. Event names are checked against DM's list and SQL patterns
 * compiled when the rule is built, so a bad task file fails at start, naming the rule (DM itself
 * logs such a rule and drops it). As in DM, the SQL patterns are joined with {@code |} and
 * ignore case.
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
        DO,
        /** Stop replication with an error when a matching event arrives. */
        ERROR
    }

    public EventFilterRule {
        if (schemaPattern == null || schemaPattern.isBlank()) {
            throw new IllegalArgumentException(label(name) + ": schema-pattern must not be empty");
        }
        if (action == null) {
            throw new IllegalArgumentException(label(name) + ": action must be Ignore, Do or Error");
        }
        checkPattern(name, "schema-pattern", schemaPattern);
        if (tablePattern != null && !tablePattern.isEmpty()) checkPattern(name, "table-pattern", tablePattern);
        events = events == null
                ? List.of()
                : events.stream().map(e -> checkedEvent(name, e)).toList();
        sqlPatterns = sqlPatterns == null ? List.of() : List.copyOf(sqlPatterns);
        compiledSqlPattern(name, sqlPatterns);
        if (action != Action.ERROR && !decidesModifyColumn(events)) {
            throw new IllegalArgumentException(label(name) + ": with events " + events + " DM decides whether a "
                    + "MODIFY or CHANGE COLUMN matches by comparing it with the column's old definition (e.g. "
                    + "'value range decrease' for a narrower type, 'alter table' for a wider one), which osc-sync "
                    + "does not keep; match those statements with a sql-pattern instead (e.g. '^ALTER\\s.*\\s(MODIFY|"
                    + "CHANGE)\\s'), or use 'all ddl', or action: Error, which stops on every one that may match");
        }
    }

    /** Names DM accepts in this rule that never match a MySQL binlog event in DM (see {@link DmEvents#NEVER_PRODUCED}). */
    public List<String> neverMatchingEvents() {
        return events.stream().filter(DmEvents.NEVER_PRODUCED::contains).toList();
    }

    /** DM's matchEvent: groups and names in list order, the first that decides, decides. */
    boolean matchesEvent(String event) {
        if (event.equals(DmEvents.MODIFY_OR_CHANGE_COLUMN)) {
            // Only an Error rule may be undecided here (see the constructor): it stops on a possible match.
            return DmEvents.MODIFY_FAMILY.stream().anyMatch(this::matchesEvent);
        }
        boolean dml = DmEvents.DML.contains(event);
        boolean incompatible = DmEvents.INCOMPATIBLE_DDL.contains(event);
        for (String e : events) {
            switch (e) {
                case "all":
                    return true;
                case "none":
                    return false;
                case "all ddl":
                    if (!dml) return true;
                    break;
                case "none ddl":
                    if (!dml) return false;
                    break;
                case "all dml":
                    if (dml) return true;
                    break;
                case "none dml":
                    if (dml) return false;
                    break;
                case "incompatible ddl changes":
                    if (incompatible) return true;
                    break;
                default:
                    if (e.equals(event)) return true;
            }
        }
        return false;
    }

    /** True when the rule gives every type DM may give a MODIFY / CHANGE COLUMN the same answer. */
    boolean decidesModifyColumn() {
        return decidesModifyColumn(events);
    }

    private static boolean decidesModifyColumn(List<String> events) {
        EventFilterRule probe = new EventFilterRule("probe", "*", null, events, List.of(), Action.ERROR);
        long matching =
                DmEvents.MODIFY_FAMILY.stream().filter(probe::matchesEvent).count();
        return matching == 0 || matching == DmEvents.MODIFY_FAMILY.size();
    }

    Pattern compiledSqlPattern() {
        return compiledSqlPattern(name, sqlPatterns);
    }

    /** DM's form: the patterns joined with | and compiled ignoring case; null when there are none. */
    private static Pattern compiledSqlPattern(String rule, List<String> patterns) {
        if (patterns.isEmpty()) return null;
        StringBuilder joined = new StringBuilder();
        for (String p : patterns) {
            if (p == null) throw new IllegalArgumentException(label(rule) + ": a sql-pattern is empty");
            try {
                joined.append(joined.length() == 0 ? "" : "|").append(GoRegex.toJava(p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(label(rule) + ": sql-pattern: " + e.getMessage(), e);
            }
        }
        try {
            return Pattern.compile(joined.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    label(rule) + ": invalid sql-pattern " + patterns + ": " + e.getDescription(), e);
        }
    }

    private static void checkPattern(String rule, String field, String pattern) {
        if (NamePattern.isRegex(pattern)) {
            throw new IllegalArgumentException(label(rule) + ": " + field + " '" + pattern + "': DM's binlog event "
                    + "filter does not read ~ as a regular expression (only block-allow-list and routes do), so "
                    + "this rule would only apply to a name starting with '~'; use wildcards (*, ?, [a-z]) here");
        }
        int star = pattern.indexOf('*');
        if (star >= 0 && star < pattern.length() - 1) {
            throw new IllegalArgumentException(label(rule) + ": " + field + " '" + pattern
                    + "': DM allows * only at the end of a pattern (it drops this rule)");
        }
    }

    private static String checkedEvent(String rule, String event) {
        String e = event == null ? "" : DmEvents.canonical(event);
        if (!DmEvents.isKnown(e)) {
            throw new IllegalArgumentException(label(rule) + ": unknown event '" + event
                    + "' (DM would drop this whole rule); valid events are " + validEvents());
        }
        return e;
    }

    private static String validEvents() {
        return String.join(
                ", ",
                new java.util.TreeSet<>(java.util.stream.Stream.of(
                                DmEvents.GROUPS, DmEvents.DML, DmEvents.COMPATIBLE_DDL, DmEvents.INCOMPATIBLE_DDL)
                        .flatMap(java.util.Collection::stream)
                        .toList()));
    }

    static String label(String name) {
        return "filter '" + (name == null || name.isBlank() ? "(unnamed)" : name) + "'";
    }
}
