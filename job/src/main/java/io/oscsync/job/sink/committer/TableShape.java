package io.oscsync.job.sink.committer;

import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.ddl.Token;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A downstream table's definition as its server prints it ({@code SHOW CREATE TABLE}: one column or
 * key per line), compared with another table's on the same server, so both sides are normalized
 * alike. Foreign keys and CHECK constraints are left out: tools rename them on their shadows.
 */
record TableShape(
        Map<String, String> columns,
        Map<String, String> columnTypes,
        String primaryKey,
        Map<String, String> keys,
        Options options) {

    /** The table options that matter downstream; null members are the server's defaults. */
    record Options(String charset, String collation, String comment) {}

    private static final Pattern CHARSET = Pattern.compile("\\bDEFAULT CHARSET=(\\w+)");
    private static final Pattern COLLATE = Pattern.compile("\\bCOLLATE=(\\w+)");
    private static final Pattern COMMENT = Pattern.compile("\\bCOMMENT='((?:[^'\\\\]|\\\\.|'')*)'");

    static TableShape read(Connection c, TableId t) throws SQLException {
        String create;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + t.quoted())) {
            rs.next();
            create = rs.getString(2);
        }
        Map<String, String> types = new LinkedHashMap<>();
        // What a definition read from the binlog knows of a column, in the server's own terms
        // (display widths left out: the binlog's definition does not keep them).
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, "
                + "NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, COLUMN_TYPE, IS_NULLABLE FROM "
                + "information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, t.schema());
            ps.setString(2, t.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    String full = rs.getString(7).toLowerCase(java.util.Locale.ROOT);
                    String enumOrSet = type.equalsIgnoreCase("enum") || type.equalsIgnoreCase("set") ? full : "";
                    types.put(
                            rs.getString(1),
                            String.join(
                                    " ",
                                    type,
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getString(6),
                                    full.contains("unsigned") ? "unsigned" : "",
                                    enumOrSet,
                                    "NO".equals(rs.getString(8)) ? "NOT NULL" : "NULL"));
                }
            }
        }
        return parse(create, types);
    }

    static TableShape parse(String showCreate, Map<String, String> columnTypes) {
        Map<String, String> columns = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        String primaryKey = null;
        Options options = new Options(null, null, null);
        for (String raw : showCreate.split("\n")) {
            String line = raw.strip();
            if (line.endsWith(",")) line = line.substring(0, line.length() - 1);
            if (line.startsWith("`")) {
                columns.put(leadingName(line), line);
            } else if (line.startsWith("PRIMARY KEY")) {
                primaryKey = line;
            } else if (line.matches("(?:UNIQUE |FULLTEXT |SPATIAL |VECTOR )?(?:KEY|INDEX) `.*")) {
                keys.put(leadingName(line.substring(line.indexOf('`'))), line);
            } else if (line.startsWith(")")) {
                options = new Options(find(CHARSET, line), find(COLLATE, line), find(COMMENT, line));
            }
        }
        return new TableShape(columns, columnTypes, primaryKey, keys, options);
    }

    /**
     * The ALTER clauses that turn this table into {@code want}: keys dropped, columns dropped, added,
     * changed and moved into {@code want}'s order, keys added. Columns compare by their whole line
     * when {@code whole}, else by type and nullability only (a definition that knows no more);
     * secondary keys are compared only when {@code whole}. Empty when nothing differs.
     */
    List<String> clausesTo(TableShape want, boolean whole) {
        List<String> clauses = new ArrayList<>();
        if (whole) {
            keys.forEach((name, line) -> {
                if (!line.equals(want.keys.get(name))) clauses.add("DROP INDEX " + TableId.quote(name));
            });
        }
        boolean pkChanges = !Objects.equals(primaryKey, want.primaryKey);
        if (pkChanges && primaryKey != null) clauses.add("DROP PRIMARY KEY");
        List<String> order = new ArrayList<>();
        for (String name : columns.keySet()) {
            if (want.columns.containsKey(name)) order.add(name);
            else clauses.add("DROP COLUMN " + TableId.quote(name));
        }
        String previous = null;
        int i = 0;
        for (Map.Entry<String, String> col : want.columns.entrySet()) {
            String name = col.getKey();
            String place = previous == null ? " FIRST" : " AFTER " + TableId.quote(previous);
            if (!order.contains(name)) {
                clauses.add("ADD COLUMN " + col.getValue() + place);
                order.add(i, name);
            } else if (order.indexOf(name) != i || !sameColumn(name, want, whole)) {
                clauses.add("MODIFY COLUMN " + col.getValue() + place);
                order.remove(name);
                order.add(i, name);
            }
            previous = name;
            i++;
        }
        if (pkChanges && want.primaryKey != null) clauses.add("ADD " + want.primaryKey);
        if (whole) {
            want.keys.forEach((name, line) -> {
                if (!line.equals(keys.get(name))) clauses.add("ADD " + line);
            });
        }
        return clauses;
    }

    /**
     * The column names, their nullability and the primary key of a CREATE TABLE as osc-sync writes
     * it from the binlog's definition (one {@code `name` TYPE [NOT] NULL ...} per column, then
     * {@code PRIMARY KEY (...)}): enough for {@link #columnDifferences}, with no table to create.
     */
    static TableShape ofCreate(DdlStatement create) {
        Map<String, String> columns = new LinkedHashMap<>();
        Map<String, String> nullability = new LinkedHashMap<>();
        String primaryKey = null;
        String sql = create.sql();
        for (List<Token> e : create.clauses()) {
            String text = sql.substring(e.get(0).start(), e.get(e.size() - 1).end());
            if (e.get(0).isWord("PRIMARY")) {
                primaryKey = text;
            } else if (e.get(0).isIdentifier()) {
                boolean notNull = false;
                for (int i = 1; i + 1 < e.size(); i++)
                    notNull |= e.get(i).isWord("NOT") && e.get(i + 1).isWord("NULL");
                columns.put(e.get(0).identifier(), text);
                nullability.put(e.get(0).identifier(), notNull ? "NOT NULL" : "NULL");
            }
        }
        return new TableShape(columns, nullability, primaryKey, Map.of(), new Options(null, null, null));
    }

    /**
     * {@code create} (a CREATE TABLE of the target) for the scratch table {@code scratch}, without
     * its foreign keys and named constraints, whose names are unique per schema and taken by the target.
     */
    static DdlStatement scratchCreate(DdlStatement create, TableId target, TableId scratch) {
        DdlStatement renamed = create.rewritten(target.schema(), t -> t.equals(target) ? scratch : t);
        String sql = renamed.sql();
        List<List<Token>> elements = renamed.clauses();
        if (elements.isEmpty()) return renamed;
        StringJoiner kept = new StringJoiner(", ");
        for (List<Token> e : elements) {
            Token first = e.get(0);
            if (first.isWord("CONSTRAINT") || first.isWord("FOREIGN") || first.isWord("CHECK")) continue;
            kept.add(sql.substring(first.start(), e.get(e.size() - 1).end()));
        }
        List<Token> last = elements.get(elements.size() - 1);
        return DdlStatement.parse(sql.substring(0, elements.get(0).get(0).start())
                + kept
                + sql.substring(last.get(last.size() - 1).end()));
    }

    /**
     * How this table differs from {@code want} in column names, order and nullability and in its
     * primary key's columns, for a person to read; empty when they agree.
     */
    List<String> columnDifferences(TableShape want) {
        List<String> found = new ArrayList<>();
        if (!List.copyOf(columns.keySet()).equals(List.copyOf(want.columns.keySet()))) {
            found.add("columns " + columns.keySet() + " where the upstream has " + want.columns.keySet());
        }
        for (String name : columns.keySet()) {
            String mine = columnTypes.get(name);
            String theirs = want.columnTypes.get(name);
            if (mine != null && theirs != null && mine.endsWith("NOT NULL") != theirs.endsWith("NOT NULL")) {
                found.add("column " + name + " is " + (mine.endsWith("NOT NULL") ? "NOT NULL" : "NULL")
                        + " where the upstream's is not");
            }
        }
        if (!Objects.equals(keyColumns(primaryKey), keyColumns(want.primaryKey))
                && !(primaryKey == null && uniqueKeyOn(keyColumns(want.primaryKey)))) {
            found.add(
                    "primary key " + keyColumns(primaryKey) + " where the upstream has " + keyColumns(want.primaryKey));
        }
        return found;
    }

    /**
     * Whether a UNIQUE key of this table has exactly these columns. The binlog's definition of a
     * table without a primary key names its first unique key of NOT NULL columns as one, as the
     * CDC library reads it (InnoDB clusters the table on that key too).
     */
    private boolean uniqueKeyOn(String columns) {
        return columns != null
                && keys.values().stream().anyMatch(k -> k.startsWith("UNIQUE") && columns.equals(keyColumns(k)));
    }

    /** A key line's column list, {@code (`a`,`b`)}; null for no key. */
    private static String keyColumns(String line) {
        if (line == null) return null;
        int open = line.indexOf('(');
        int close = line.indexOf(')', open);
        return (open < 0 || close < 0 ? line : line.substring(open, close + 1)).replace(" ", "");
    }

    /** The table options clause that gives {@code want}'s options, or null when they match. */
    String optionsTo(TableShape want) {
        if (options.equals(want.options)) return null;
        StringJoiner clause = new StringJoiner(" ");
        if (!Objects.equals(options.charset(), want.options.charset())
                || !Objects.equals(options.collation(), want.options.collation())) {
            if (want.options.charset() != null) clause.add("DEFAULT CHARSET=" + want.options.charset());
            if (want.options.collation() != null) clause.add("COLLATE=" + want.options.collation());
        }
        if (!Objects.equals(options.comment(), want.options.comment())) {
            clause.add("COMMENT='" + (want.options.comment() == null ? "" : want.options.comment()) + "'");
        }
        return clause.length() == 0 ? null : clause.toString();
    }

    private boolean sameColumn(String name, TableShape want, boolean whole) {
        return whole
                ? columns.get(name).equals(want.columns.get(name))
                : Objects.equals(columnTypes.get(name), want.columnTypes.get(name));
    }

    /** The backquoted name a line starts with, with doubled backquotes halved. */
    private static String leadingName(String line) {
        StringBuilder name = new StringBuilder();
        for (int i = 1; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '`') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '`') {
                    name.append('`');
                    i++;
                } else {
                    break;
                }
            } else {
                name.append(ch);
            }
        }
        return name.toString();
    }

    private static String find(Pattern p, String line) {
        Matcher m = p.matcher(line);
        return m.find() ? m.group(1) : null;
    }
}
