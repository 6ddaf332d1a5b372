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
    KEYLESS_TABLES("NEW, not minimized: a keyless table's snapshot lost rows; with a UNIQUE key the sink fails on 'Duplicate entry'"),
    COMPOSITE_KEYS(null),
    UNIQUE_KEYS(null),
    GENERATED_COLUMNS("NEW: the sink writes values into generated columns (MariaDB error 1906, TiDB 3105)"),
    FOREIGN_KEYS("foreign keys break start-up (child created before parent)"),
    FK_CASCADE("NEW: ON DELETE SET NULL/CASCADE changes are not in the binlog and the sink runs with foreign_key_checks=0: child rows keep the deleted parent's id"),
    CHARSETS(null),
    BINARY_CHARSET("NEW: text types with CHARACTER SET binary (column or table): bytes double-encoded (x'E6' -> x'C3A6') after DDL through the binlog, 'Data too long', non-ASCII names mangled"),
    LATIN1_KEYS("NEW, not minimized: tables with a latin1 VARCHAR key column end with extra rows downstream"),
    NON_ASCII_DDL("NEW: non-ASCII column names / ENUM members in latin1 tables are mangled downstream (at start-up too); pt-osc's latin1 connection"),
    ODD_NAMES(null),
    BACKTICK_NAMES("backtick in column names double-escaped"),
    KEYWORD_NAMES("non-reserved keywords as column names unreadable by the DDL reader"),
    CURRENT_TIMESTAMP_DEFAULTS(null),
    TIMESTAMP_DEFAULT_IN_ALTER("NEW: a TIMESTAMP DEFAULT literal in DDL read from the binlog (ALTER, or CREATE of a table created live) is shifted by the upstream's zone offset"),
    BINARY_DEFAULTS("NEW: a binary column's DEFAULT with non-UTF-8 bytes is changed downstream"),
    BINARY_ENUM_SET("NEW: ENUM/SET with the binary charset (a DEFAULT CHARSET=binary table) arrive as NULL; NOT NULL fails the job"),
    // Values
    NEGATIVE_TIME("NEW: a negative TIME(fsp>0) value with a zero fraction is shifted ('-302:20:35' -> '-302:20:36.1474'); at '-838:59:59' the job fails"),
    COMMA_ENUM_MEMBERS("NEW, not minimized: ENUM value 'last,no' (a member with a comma) refused downstream"),
    NULL_WITH_DEFAULT("NULL read as the column default (nullable columns with DEFAULT)"),
    ZERO_DATES("zero dates / YEAR 0 changed"),
    LARGE_ROWS("rows > ~half max_allowed_packet fail"),
    KEY_UPDATES(null),
    // Schema changes, by path
    PLAIN_ALTER(null),
    COLUMN_TWICE_IN_ALTER("NEW: ALTER ... ADD COLUMN c ... AFTER x, MODIFY COLUMN c ...: the source's table schema gets the column order wrong, rows are decoded against the wrong columns ('Unexpected value for JDBC type'), the job fails"),
    GHOST_ATOMIC(null),
    GHOST_TWO_STEP(null),
    PT_OSC(null),
    TABLES_CREATED_LIVE(null),
    // Start-up and failures
    EMPTY_START("an empty database cannot start"),
    DDL_AT_STARTUP("schema change between start-up and snapshot lost"),
    TOOL_LEFTOVERS_AT_START("ghost/trash tables read by the snapshot"),
    TASKMANAGER_KILL(null),
    SAVEPOINT_RESTART("NEW: a pt-osc run after a savepoint resume fails: 'did not see this migration start'"),
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
                        throw new IllegalArgumentException("unknown feature '" + name + "' in osc.diff.features; "
                                + "use ci, all or one of " + EnumSet.allOf(Feature.class), e);
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
