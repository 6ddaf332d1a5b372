package io.oscsync.udfs.name;

import io.oscsync.udfs.ddl.MySqlLexer;
import io.oscsync.udfs.ddl.Token;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The event types of DM's binlog event filter (tiflow pkg/binlog-filter) and the type DM gives
 * each ALTER TABLE clause (tiflow dm/syncer, which splits an ALTER into one statement per clause
 * and filters each). DM's own mapping is followed, not the names: an ADD COLUMN is "alter table"
 * and an ADD INDEX / KEY / PRIMARY KEY / UNIQUE / CONSTRAINT is "modify constraint".
 */
final class DmEvents {
    private DmEvents() {}

    static final Set<String> DML = Set.of("insert", "update", "delete");

    /** DDL that is not an "incompatible ddl change". */
    static final Set<String> COMPATIBLE_DDL = Set.of(
            "create database",
            "alter database",
            "create table",
            "create index",
            "create view",
            "drop view",
            "alter table",
            "add table partition");

    static final Set<String> INCOMPATIBLE_DDL = Set.of(
            "value range decrease",
            "precision decrease",
            "modify column",
            "rename column",
            "rename index",
            "drop column",
            "drop primary key",
            "drop unique key",
            "modify default value",
            "modify constraint",
            "modify columns order",
            "modify charset",
            "modify collation",
            "remove auto increment",
            "modify storage engine",
            "reorganize table partition",
            "rebuild table partition",
            "coalesce table partition",
            "split table partition",
            "exchange table partition",
            "add foreign key",
            "drop foreign key",
            "drop database",
            "drop table",
            "drop index",
            "rename table",
            "truncate table",
            "drop table partition",
            "truncate table partition",
            "modify schema charset and collate",
            "modify table charset and collate",
            "modify table comment",
            "recover table",
            "alter table partitioning",
            "remove table partitioning",
            "add column",
            "set default value",
            "rebase auto id",
            "add primary key",
            "alter index visibility",
            "alter ttl info",
            "alter ttl remove",
            "multi schema change");

    static final Set<String> GROUPS =
            Set.of("all", "all dml", "all ddl", "none", "none dml", "none ddl", "incompatible ddl changes");

    static final Map<String, String> ALIASES = Map.of(
            "create schema", "create database", "drop schema", "drop database", "alter schema", "alter database");

    /**
     * Names DM accepts whose type DM's syncer never gives a MySQL binlog event (TiCDC produces
     * them from TiDB's DDL jobs): in DM a rule never matches on them.
     */
    static final Set<String> NEVER_PRODUCED = Set.of(
            "add table partition",
            "split table partition",
            "add foreign key",
            "drop foreign key",
            "modify schema charset and collate",
            "modify table charset and collate",
            "modify table comment",
            "recover table",
            "alter table partitioning",
            "remove table partitioning",
            "add column",
            "set default value",
            "rebase auto id",
            "add primary key",
            "alter index visibility",
            "alter ttl info",
            "alter ttl remove",
            "multi schema change");

    /**
     * The types DM may give a MODIFY or CHANGE COLUMN clause: it compares the new definition with
     * the old one (tiflow dm/syncer/ddl.go, handleModifyColumn), which osc-sync does not keep.
     */
    static final String MODIFY_OR_CHANGE_COLUMN = "(modify or change column)";

    static final List<String> MODIFY_FAMILY = List.of(
            "value range decrease",
            "precision decrease",
            "modify column",
            "remove auto increment",
            "drop primary key",
            "drop unique key",
            "modify default value",
            "modify charset",
            "modify collation",
            "modify columns order",
            "rename column",
            "alter table");

    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** Lower case with single spaces, aliases resolved: the form event names are compared in. */
    static String canonical(String event) {
        String e = SPACES.matcher(event.trim()).replaceAll(" ").toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(e, e);
    }

    static boolean isKnown(String canonical) {
        return canonical.isEmpty()
                || GROUPS.contains(canonical)
                || DML.contains(canonical)
                || COMPATIBLE_DDL.contains(canonical)
                || INCOMPATIBLE_DDL.contains(canonical);
    }

    /**
     * DM's type for one ALTER TABLE clause (the text after the table name, one top-level comma
     * part), as dm/syncer's AstToDDLEvent gives it; {@link #MODIFY_OR_CHANGE_COLUMN} where DM
     * would compare with the old column.
     */
    static String ofAlterClause(String clause) {
        List<Token> t = MySqlLexer.tokenize(clause);
        if (t.isEmpty()) return "alter table";
        String first = t.get(0).lowerText();
        String second = t.size() > 1 ? t.get(1).lowerText() : "";
        switch (first) {
            case "add":
                return Set.of(
                                        "index",
                                        "key",
                                        "unique",
                                        "primary",
                                        "fulltext",
                                        "spatial",
                                        "constraint",
                                        "foreign",
                                        "check")
                                .contains(second)
                        ? "modify constraint"
                        : "alter table"; // ADD [COLUMN], ADD PARTITION
            case "drop":
                return switch (second) {
                    case "index", "key" -> "drop index";
                    case "primary" -> "drop primary key";
                    case "partition" -> "drop table partition";
                    case "foreign", "check", "constraint" -> "alter table";
                    default -> "drop column";
                };
            case "modify", "change":
                return MODIFY_OR_CHANGE_COLUMN;
            case "alter":
                return Set.of("index", "key", "constraint", "check").contains(second)
                        ? "alter table"
                        : "modify default value";
            case "rename":
                return switch (second) {
                    case "column" -> "rename column";
                    case "index", "key" -> "rename index";
                    default -> "rename table";
                };
            case "truncate":
                return "truncate table partition";
            case "reorganize":
                return "reorganize table partition";
            case "rebuild":
                return "rebuild table partition";
            case "coalesce":
                return "coalesce table partition";
            case "exchange":
                return "exchange table partition";
            default:
                return tableOptions(t);
        }
    }

    /** Table options: the first charset, collation or engine option decides; any other is "alter table". */
    private static String tableOptions(List<Token> t) {
        for (Token x : t) {
            if (x.isWord("charset") || x.isWord("character")) return "modify charset";
            if (x.isWord("collate")) return "modify collation";
            if (x.isWord("engine")) return "modify storage engine";
        }
        return "alter table";
    }
}
