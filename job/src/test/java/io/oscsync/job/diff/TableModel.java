package io.oscsync.job.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the generator believes a table looks like upstream: enough to write statements the server
 * accepts. It changes only after the server accepted a statement; the check itself reads the
 * servers' catalogs, never this model.
 */
final class TableModel {
    /** A column; {@code defaultSql} null means no DEFAULT clause, {@code generated} null a stored base column. */
    record Column(
            String name,
            ColumnType type,
            boolean nullable,
            String defaultSql,
            boolean onUpdateNow,
            Generated generated) {
        String definition() {
            StringBuilder b = new StringBuilder(q(name)).append(' ').append(type.sql());
            if (generated != null) {
                return b.append(" GENERATED ALWAYS AS (")
                        .append(generated.expression())
                        .append(") ")
                        .append(generated.stored() ? "STORED" : "VIRTUAL")
                        .toString();
            }
            b.append(nullable ? " NULL" : " NOT NULL");
            if (defaultSql != null) b.append(" DEFAULT ").append(defaultSql);
            if (onUpdateNow)
                b.append(" ON UPDATE CURRENT_TIMESTAMP").append(type.length > 0 ? "(" + type.length + ")" : "");
            return b.toString();
        }

        Column renamed(String to) {
            return new Column(to, type, nullable, defaultSql, onUpdateNow, generated);
        }
    }

    record Generated(String expression, boolean stored, String baseColumn) {}

    /** A foreign key of this (child) table: {@code column} references {@code parent}'s single-column key. */
    record ForeignKey(String name, String column, String parent, String parentColumn, String onDelete) {}

    final String name;
    final String charset;
    final List<Column> columns = new ArrayList<>();
    final List<String> primaryKey = new ArrayList<>();
    /** Secondary indexes by name: their columns, and whether they are unique. */
    final Map<String, List<String>> indexes = new LinkedHashMap<>();

    final Map<String, Boolean> unique = new LinkedHashMap<>();
    ForeignKey foreignKey;
    /** Next value of a single integer primary key that a foreign key references (parents only). */
    int nextParentId = 1;

    boolean referenced;

    TableModel(String name, String charset) {
        this.name = name;
        this.charset = charset;
    }

    TableModel copy() {
        TableModel t = new TableModel(name, charset);
        t.columns.addAll(columns);
        t.primaryKey.addAll(primaryKey);
        t.indexes.putAll(indexes);
        t.unique.putAll(unique);
        t.foreignKey = foreignKey;
        t.nextParentId = nextParentId;
        t.referenced = referenced;
        return t;
    }

    String createSql(String db) {
        List<String> parts = columns.stream().map(Column::definition).collect(Collectors.toCollection(ArrayList::new));
        if (!primaryKey.isEmpty()) parts.add("PRIMARY KEY (" + names(primaryKey) + ")");
        indexes.forEach(
                (n, cols) -> parts.add((unique.get(n) ? "UNIQUE KEY " : "KEY ") + q(n) + " (" + names(cols) + ")"));
        if (foreignKey != null) {
            parts.add("CONSTRAINT " + q(foreignKey.name()) + " FOREIGN KEY (" + q(foreignKey.column()) + ") REFERENCES "
                    + q(db) + "." + q(foreignKey.parent()) + " (" + q(foreignKey.parentColumn()) + ") ON DELETE "
                    + foreignKey.onDelete());
        }
        return "CREATE TABLE " + q(db) + "." + q(name) + " (\n  " + String.join(",\n  ", parts) + "\n) DEFAULT CHARSET="
                + charset;
    }

    Column column(String name) {
        for (Column c : columns) if (c.name().equalsIgnoreCase(name)) return c;
        return null;
    }

    boolean hasColumn(String name) {
        return column(name) != null;
    }

    /** Columns that an INSERT or UPDATE may set. */
    List<Column> writable() {
        return columns.stream().filter(c -> c.generated() == null).toList();
    }

    boolean inAnyKey(String column) {
        if (contains(primaryKey, column)) return true;
        if (foreignKey != null && foreignKey.column().equalsIgnoreCase(column)) return true;
        for (List<String> cols : indexes.values()) if (contains(cols, column)) return true;
        for (Column c : columns) {
            if (c.generated() != null && c.generated().baseColumn().equalsIgnoreCase(column)) return true;
        }
        return false;
    }

    /** A primary key, or a unique key over NOT NULL columns: what gh-ost and pt-osc need. */
    List<String> uniqueKey() {
        if (!primaryKey.isEmpty()) return primaryKey;
        for (var e : indexes.entrySet()) {
            if (unique.get(e.getKey())
                    && e.getValue().stream()
                            .allMatch(c -> column(c) != null && !column(c).nullable())) {
                return e.getValue();
            }
        }
        return List.of();
    }

    void replaceColumn(String name, Column with) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                columns.set(i, with);
                if (!name.equals(with.name())) renameInKeys(name, with.name());
                return;
            }
        }
        throw new IllegalStateException("no column " + name + " in the model of " + this.name);
    }

    private void renameInKeys(String from, String to) {
        primaryKey.replaceAll(c -> c.equalsIgnoreCase(from) ? to : c);
        indexes.replaceAll((n, cols) ->
                cols.stream().map(c -> c.equalsIgnoreCase(from) ? to : c).toList());
        if (foreignKey != null && foreignKey.column().equalsIgnoreCase(from)) {
            foreignKey = new ForeignKey(
                    foreignKey.name(), to, foreignKey.parent(), foreignKey.parentColumn(), foreignKey.onDelete());
        }
    }

    void dropColumn(String name) {
        columns.removeIf(c -> c.name().equalsIgnoreCase(name));
        primaryKey.removeIf(c -> c.equalsIgnoreCase(name));
        // MariaDB drops the column from each index, and an index left empty.
        for (String idx : List.copyOf(indexes.keySet())) {
            List<String> left = indexes.get(idx).stream()
                    .filter(c -> !c.equalsIgnoreCase(name))
                    .toList();
            if (left.isEmpty()) {
                indexes.remove(idx);
                unique.remove(idx);
            } else {
                indexes.put(idx, left);
            }
        }
    }

    /** Inserts after {@code after} (null: at the end, "" : first). */
    void addColumn(Column c, String after) {
        if (after == null) columns.add(c);
        else if (after.isEmpty()) columns.add(0, c);
        else {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equalsIgnoreCase(after)) {
                    columns.add(i + 1, c);
                    return;
                }
            }
            columns.add(c);
        }
    }

    static boolean contains(List<String> names, String name) {
        return names.stream().anyMatch(n -> n.equalsIgnoreCase(name));
    }

    static String names(List<String> cols) {
        return cols.stream().map(TableModel::q).collect(Collectors.joining(", "));
    }

    static String q(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    String lowerName() {
        return name.toLowerCase(Locale.ROOT);
    }
}
