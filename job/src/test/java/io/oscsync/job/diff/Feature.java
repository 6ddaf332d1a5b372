package io.oscsync.job.diff;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the differential generator may produce. Every feature is on in {@link #ALL}; {@link #CI}
 * leaves out the ones that expose a bug nobody has fixed yet ({@link #knownBug}), so the short
 * set stays green while the fixes land. Switch one on by removing its note from {@code knownBug}.
 */
public enum Feature {
    // Schemas
    KEYLESS_TABLES(null),
    COMPOSITE_KEYS(null),
    UNIQUE_KEYS(null),
    GENERATED_COLUMNS(null),
    FOREIGN_KEYS(null),
    FK_CASCADE("refused at start by design: the binlog never carries the rows a CASCADE or SET NULL changes"),
    CHARSETS(null),
    BINARY_CHARSET(null),
    LATIN1_KEYS(null),
    NON_ASCII_DDL(null),
    ODD_NAMES(null),
    BACKTICK_NAMES(
            "the snapshot of a table with a backtick in a column name is refused at start (Flink CDC's chunk SQL)"),
    KEYWORD_NAMES(null),
    CURRENT_TIMESTAMP_DEFAULTS(null),
    TIMESTAMP_DEFAULT_IN_ALTER(null),
    BINARY_DEFAULTS(null),
    BINARY_ENUM_SET(null),
    // Values
    NEGATIVE_TIME(
            "NEW: a negative TIME(fsp>0) value with a zero fraction is shifted ('-302:20:35' -> '-302:20:36.1474'); at '-838:59:59' the job fails"),
    COMMA_ENUM_MEMBERS(null),
    NULL_WITH_DEFAULT(null),
    ZERO_DATES(
            "a zero DATE/DATETIME in a NOT NULL column stops the job by design; in a nullable one it arrives as NULL (Debezium drops it)"),
    LARGE_ROWS(null),
    KEY_UPDATES(null),
    // Schema changes, by path
    PLAIN_ALTER(null),
    COLUMN_TWICE_IN_ALTER(
            "NEW: ALTER ... ADD COLUMN c ... AFTER x, MODIFY COLUMN c ...: the source's table schema gets the column order wrong, rows are decoded against the wrong columns ('Unexpected value for JDBC type'), the job fails"),
    GHOST_ATOMIC(null),
    GHOST_TWO_STEP(null),
    PT_OSC(null),
    TABLES_CREATED_LIVE(null),
    // Start-up and failures
    EMPTY_START(null),
    DDL_AT_STARTUP(
            "a column change that lands after Flink CDC split the table and before its chunk is read stops the job (restartably): the split holds the old columns; before the split it is handled (SnapshotDefinitionIT), so this feature's timing makes it flaky"),
    TOOL_LEFTOVERS_AT_START(null),
    TASKMANAGER_KILL(null),
    SAVEPOINT_RESTART(null),
    KILL_BEFORE_FIRST_CHECKPOINT(null);

    /** Every feature. */
    public static final Set<Feature> ALL = EnumSet.allOf(Feature.class);
    /** Every feature that exposes no known, unfixed bug: what the normal test command runs. */
    public static final Set<Feature> CI = ci();

    private final String knownBug;

    Feature(String knownBug) {
        this.knownBug = knownBug;
    }

    /** The known, not yet fixed bug this feature exposes; null when none. */
    public String knownBug() {
        return knownBug;
    }

    private static Set<Feature> ci() {
        EnumSet<Feature> s = EnumSet.noneOf(Feature.class);
        for (Feature f : values()) if (f.knownBug == null) s.add(f);
        return s;
    }

    /**
     * Parses {@code -Dosc.diff.features}: comma separated; {@code ci} and {@code all} are the sets
     * above, a name adds a feature, {@code -NAME} removes one. Example: {@code ci,ZERO_DATES,-PT_OSC}.
     */
    public static Set<Feature> parse(String spec) {
        EnumSet<Feature> s = EnumSet.noneOf(Feature.class);
        for (String raw : spec.split(",")) {
            String token = raw.trim();
            if (token.isEmpty()) continue;
            boolean remove = token.startsWith("-");
            String name = (remove ? token.substring(1) : token).toUpperCase(Locale.ROOT);
            Set<Feature> named = switch (name) {
                case "ALL" -> ALL;
                case "CI" -> CI;
                default -> {
                    try {
                        yield EnumSet.of(valueOf(name));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(
                                "unknown feature '" + name + "' in osc.diff.features; " + "use ci, all or one of "
                                        + EnumSet.allOf(Feature.class),
                                e);
                    }
                }
            };
            if (remove) s.removeAll(named);
            else s.addAll(named);
        }
        return s;
    }

    /** A spec that {@link #parse} reads back as {@code features}: {@code all} minus what is off (stable as bugs get fixed). */
    public static String spec(Set<Feature> features) {
        StringBuilder b = new StringBuilder("all");
        for (Feature f : values()) if (!features.contains(f)) b.append(",-").append(f);
        return b.toString();
    }
}
