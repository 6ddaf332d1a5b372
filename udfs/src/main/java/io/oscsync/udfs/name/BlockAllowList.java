package io.oscsync.udfs.name;

import io.oscsync.udfs.TableId;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * DM's block-allow-list, evaluated in DM's documented order: schema level (do-dbs; only when
 * do-dbs is empty, ignore-dbs), then table level (do-tables, ignore-tables, and finally
 * "blocked when do-tables is set"). System schemas are never allowed.
 */
public final class BlockAllowList implements Serializable {
    private static final long serialVersionUID = 1L;

    static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "sys", "information_schema", "performance_schema");

    private final List<Wildcard> doDbs;
    private final List<TablePattern> doTables;
    private final List<Wildcard> ignoreDbs;
    private final List<TablePattern> ignoreTables;

    /** Every string and every field of a TableId is a wildcard pattern; names match ignoring case. */
    public BlockAllowList(
            List<String> doDbs, List<TableId> doTables, List<String> ignoreDbs, List<TableId> ignoreTables) {
        this(doDbs, doTables, ignoreDbs, ignoreTables, false);
    }

    /** @param caseSensitive DM's {@code case-sensitive}: names must match the patterns' case */
    public BlockAllowList(
            List<String> doDbs,
            List<TableId> doTables,
            List<String> ignoreDbs,
            List<TableId> ignoreTables,
            boolean caseSensitive) {
        this.doDbs = wildcards(doDbs, caseSensitive);
        this.doTables = tablePatterns(doTables, caseSensitive);
        this.ignoreDbs = wildcards(ignoreDbs, caseSensitive);
        this.ignoreTables = tablePatterns(ignoreTables, caseSensitive);
    }

    public static BlockAllowList allowAll() {
        return new BlockAllowList(List.of(), List.of(), List.of(), List.of());
    }

    /**
     * Whether any table of this schema can pass, which is also what decides schema-level DDL
     * (CREATE/DROP DATABASE). With only do-tables set, a schema none of them names is blocked.
     */
    public boolean allowsSchema(String schema) {
        if (!passesSchemaLevel(schema)) {
            return false;
        }
        return doTables.isEmpty() || doTables.stream().anyMatch(p -> p.schema.matches(schema));
    }

    public boolean allows(TableId t) {
        if (!passesSchemaLevel(t.schema())) {
            return false;
        }
        if (doTables.stream().anyMatch(p -> p.matches(t))) {
            return true;
        }
        if (ignoreTables.stream().anyMatch(p -> p.matches(t))) {
            return false;
        }
        return doTables.isEmpty();
    }

    private boolean passesSchemaLevel(String schema) {
        if (SYSTEM_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (!doDbs.isEmpty()) {
            return doDbs.stream().anyMatch(w -> w.matches(schema));
        }
        return ignoreDbs.stream().noneMatch(w -> w.matches(schema));
    }

    /**
     * One regex over {@code schema.table} (the caller anchors it, and may compile it
     * case-insensitively) that matches every table {@link #allows} could accept. It contains no
     * comma, since Flink CDC splits its table list on commas. Ignore rules become negative
     * lookaheads; a lookahead may end in {@code $} so that it rejects only whole names.
     */
    public String captureRegex() {
        StringBuilder re = new StringBuilder();
        re.append("(?!")
                .append(alternatives(SYSTEM_SCHEMAS.stream().sorted().toList()))
                .append("\\.)");
        if (doDbs.isEmpty() && !ignoreDbs.isEmpty()) {
            re.append("(?!").append(alternatives(regexes(ignoreDbs))).append("\\.)");
        }
        if (!doTables.isEmpty()) {
            // do-tables win over ignore-tables, and nothing outside do-tables passes.
            if (!doDbs.isEmpty()) {
                re.append("(?=").append(alternatives(regexes(doDbs))).append("\\.)");
            }
            return re.append(alternatives(
                            doTables.stream().map(TablePattern::regex).toList()))
                    .toString();
        }
        if (!ignoreTables.isEmpty()) {
            re.append("(?!")
                    .append(alternatives(
                            ignoreTables.stream().map(TablePattern::regex).toList()))
                    .append("$)");
        }
        String schemaPart = doDbs.isEmpty() ? ".+" : alternatives(regexes(doDbs));
        return re.append(schemaPart).append("\\..+").toString();
    }

    private static String alternatives(List<String> regexes) {
        return "(?:" + String.join("|", regexes) + ")";
    }

    private static List<String> regexes(List<Wildcard> wildcards) {
        return wildcards.stream().map(Wildcard::toRegex).toList();
    }

    private static List<Wildcard> wildcards(List<String> patterns, boolean caseSensitive) {
        return patterns == null
                ? List.of()
                : patterns.stream().map(p -> Wildcard.of(p, caseSensitive)).toList();
    }

    private static List<TablePattern> tablePatterns(List<TableId> ids, boolean caseSensitive) {
        return ids == null
                ? List.of()
                : ids.stream()
                        .map(id -> new TablePattern(
                                Wildcard.of(id.schema(), caseSensitive), Wildcard.of(id.table(), caseSensitive)))
                        .collect(Collectors.toUnmodifiableList());
    }

    private record TablePattern(Wildcard schema, Wildcard table) implements Serializable {
        boolean matches(TableId t) {
            return schema.matches(t.schema()) && table.matches(t.table());
        }

        String regex() {
            return schema.toRegex() + "\\." + table.toRegex();
        }
    }
}
