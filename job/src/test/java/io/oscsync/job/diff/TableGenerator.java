package io.oscsync.job.diff;

import io.oscsync.job.diff.ColumnType.Kind;
import io.oscsync.job.diff.TableModel.Column;
import io.oscsync.job.diff.TableModel.Generated;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * One table's statements, from the table's own random stream (so a table's history depends on
 * the seed and its index only): its CREATE TABLE, its row changes, its schema changes. The
 * model moves on only when the caller reports that the server accepted a statement.
 */
final class TableGenerator {
    /** A schema change: the clauses after {@code ALTER TABLE t}, what it does to the model, columns renamed. */
    record Alter(String clauses, Consumer<TableModel> apply, java.util.Map<String, String> renames) {
        TableModel applyTo(TableModel m) {
            TableModel copy = m.copy();
            apply.accept(copy);
            return copy;
        }
    }

    final SplittableRandom r;
    final Set<Feature> f;
    final String db;
    TableModel model;
    private final TableGenerator parent;
    private int names;

    private TableGenerator(SplittableRandom r, Set<Feature> f, String db, TableModel model, TableGenerator parent) {
        this.r = r;
        this.f = f;
        this.db = db;
        this.model = model;
        this.parent = parent;
    }

    /** A new table; {@code parent} non-null makes it a child with a foreign key to the parent's key. */
    static TableGenerator create(
            SplittableRandom r, Set<Feature> f, String db, String name, TableGenerator parent, boolean referenced) {
        String charset =
                f.contains(Feature.CHARSETS) && r.nextInt(3) == 0 ? (r.nextBoolean() ? "latin1" : "binary") : "utf8mb4";
        if (charset.equals("binary") && !f.contains(Feature.BINARY_CHARSET)) charset = "utf8mb4";
        TableGenerator g = new TableGenerator(r, f, db, new TableModel(name, charset), parent);
        g.fill(referenced);
        return g;
    }

    private void fill(boolean referenced) {
        TableModel m = model;
        Set<String> taken = new HashSet<>();
        if (referenced) {
            String id = name(taken, "id");
            m.columns.add(new Column(id, ColumnType.of(Kind.INT), false, null, false, null));
            m.primaryKey.add(id);
            m.referenced = true;
        } else {
            int shape = r.nextInt(10);
            int keyParts = f.contains(Feature.KEYLESS_TABLES) && shape < 2
                    ? 0
                    : f.contains(Feature.COMPOSITE_KEYS) && shape < 5 ? 2 + r.nextInt(2) : 1;
            for (int i = 0; i < keyParts; i++) {
                ColumnType t = keyType();
                String n = name(taken, "k" + i + "_" + plain(t));
                m.columns.add(new Column(n, t, false, null, false, null));
                m.primaryKey.add(n);
            }
        }
        int others = 3 + r.nextInt(8);
        for (int i = 0; i < others; i++) m.addColumn(newColumn(taken, false), r.nextBoolean() ? null : "");
        if (f.contains(Feature.UNIQUE_KEYS) && r.nextInt(3) == 0) {
            ColumnType t = keyType();
            String n = name(taken, "u_" + plain(t));
            // Without a primary key a unique key with a nullable column is refused at start (by design).
            m.columns.add(new Column(n, t, !m.primaryKey.isEmpty() && r.nextBoolean(), null, false, null));
            m.indexes.put("uk_" + n, List.of(n));
            m.unique.put("uk_" + n, true);
        }
        if (f.contains(Feature.GENERATED_COLUMNS) && r.nextInt(2) == 0) m.columns.add(generatedColumn(taken));
        if (parent != null) {
            String n = name(taken, "parent_id");
            m.columns.add(new Column(n, ColumnType.of(Kind.INT), true, null, false, null));
            String onDelete = f.contains(Feature.FK_CASCADE)
                    ? List.of("CASCADE", "SET NULL", "RESTRICT").get(r.nextInt(3))
                    : "RESTRICT";
            m.foreignKey = new TableModel.ForeignKey(
                    "fk_" + m.lowerName().replaceAll("[^a-z0-9]", "") + "_parent",
                    n,
                    parent.model.name,
                    parent.model.primaryKey.get(0),
                    onDelete);
        }
    }

    /** A key column's type; latin1 text keys only with {@link Feature#LATIN1_KEYS}. */
    private ColumnType keyType() {
        ColumnType t = ColumnType.randomKeyable(r, f);
        if (t.kind.text() && "latin1".equals(t.valueCharset(model.charset)) && !f.contains(Feature.LATIN1_KEYS)) {
            t = new ColumnType(t.kind, false, t.length, 0, t.members, "utf8mb4");
        }
        return t;
    }

    /**
     * A column name; non-ASCII only in utf8mb4 tables unless {@link Feature#NON_ASCII_DDL} (the same
     * draws either way, so a seed keeps its values).
     */
    private String name(Set<String> taken, String plain) {
        String n = Names.column(r, f, taken, plain);
        boolean ascii = n.chars().allMatch(ch -> ch < 128);
        if (ascii || "utf8mb4".equals(model.charset) || f.contains(Feature.NON_ASCII_DDL)) return n;
        taken.remove(n.toLowerCase(Locale.ROOT));
        taken.add(plain.toLowerCase(Locale.ROOT));
        return plain;
    }

    private static String plain(ColumnType t) {
        return t.kind.name().toLowerCase(Locale.ROOT);
    }

    /** A new stored column with a fresh name; {@code added}: for ALTER ADD on a table that may hold rows. */
    private Column newColumn(Set<String> taken, boolean added) {
        ColumnType t = ColumnType.random(r, f);
        boolean enumOrSet = t.kind == Kind.ENUM || t.kind == Kind.SET;
        if (enumOrSet && "binary".equals(model.charset) && !f.contains(Feature.BINARY_ENUM_SET)) {
            t = new ColumnType(t.kind, false, 0, 0, t.members, "utf8mb4");
        }
        String n = name(taken, "c" + (names++) + "_" + plain(t) + (added ? "_a" : ""));
        boolean nullable = r.nextInt(5) < 3;
        String def = null;
        boolean onUpdate = false;
        boolean timeType = t.kind == Kind.TIMESTAMP || t.kind == Kind.DATETIME;
        if (!added
                && timeType
                && f.contains(Feature.CURRENT_TIMESTAMP_DEFAULTS)
                && r.nextInt(3) == 0
                && (!nullable || f.contains(Feature.NULL_WITH_DEFAULT))) {
            def = "CURRENT_TIMESTAMP" + (t.length > 0 ? "(" + t.length + ")" : "");
            onUpdate = r.nextBoolean();
        } else if (r.nextInt(3) == 0
                && (!nullable || f.contains(Feature.NULL_WITH_DEFAULT))
                && defaultAllowed(t, added)) {
            def = t.smallLiteral(r, model.charset);
        }
        // ALTER ADD of a NOT NULL temporal column without default fills existing rows with zero dates.
        if (added && !nullable && def == null && t.kind.temporal() && !f.contains(Feature.ZERO_DATES)) nullable = true;
        return new Column(n, t, nullable, def, onUpdate, null);
    }

    private Column generatedColumn(Set<String> taken) {
        return generatedColumn(taken, true);
    }

    /** @param storedAllowed false in an ALTER: TiDB cannot add a STORED one, so osc-sync refuses it by design */
    private Column generatedColumn(Set<String> taken, boolean storedAllowed) {
        // MariaDB refuses expressions whose value depends on sql_mode, as CHAR padding does.
        List<Column> bases = model.writable().stream()
                .filter(c -> c.type().kind != Kind.CHAR)
                .toList();
        if (bases.isEmpty()) bases = List.of(model.columns.get(0));
        Column base = bases.get(r.nextInt(bases.size()));
        String b = TableModel.q(base.name());
        Kind k = base.type().kind;
        String expr;
        ColumnType type;
        // MariaDB refuses expressions whose value depends on sql_mode (CHAR padding): no CHAR_LENGTH of a CHAR.
        if (k.text() && k != Kind.CHAR && !"binary".equals(base.type().valueCharset(model.charset))) {
            expr = "CHAR_LENGTH(" + b + ")";
            type = ColumnType.of(Kind.BIGINT);
        } else if (k.binary() || k == Kind.BIT || k == Kind.JSON || k == Kind.VARCHAR || k.text() && k != Kind.CHAR) {
            expr = "LENGTH(" + b + ")";
            type = ColumnType.of(Kind.BIGINT);
        } else if (r.nextBoolean() || k == Kind.CHAR) {
            expr = b + " IS NULL";
            type = ColumnType.of(Kind.TINYINT);
        } else {
            expr = "CONCAT(" + b + ", '#')";
            type = new ColumnType(Kind.VARCHAR, false, 120, 0, List.of(), null);
        }
        String n = name(taken, "g" + (names++) + (storedAllowed && r.nextBoolean() ? "_stored" : "_virtual"));
        return new Column(
                n,
                type,
                true,
                null,
                false,
                new Generated(expr, n.endsWith("_stored") || storedAllowed && r.nextBoolean(), base.name()));
    }

    String createSql() {
        return model.createSql(db);
    }

    String table() {
        return TableModel.q(db) + "." + TableModel.q(model.name);
    }

    // ---- rows ----

    /** One row-changing statement. */
    String change() {
        int pick = r.nextInt(10);
        if (pick < 5) return insert();
        if (pick < 8) return update();
        return delete();
    }

    String insert() {
        List<Column> cols = new ArrayList<>();
        for (Column c : model.writable()) {
            boolean optional =
                    (c.nullable() || c.defaultSql() != null) && !TableModel.contains(model.primaryKey, c.name());
            if (!optional || r.nextInt(5) > 0) cols.add(c);
        }
        if (cols.isEmpty()) return "INSERT INTO " + table() + " () VALUES ()";
        StringJoiner rows = new StringJoiner(", ");
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            StringJoiner values = new StringJoiner(", ", "(", ")");
            for (Column c : cols) values.add(value(c));
            rows.add(values.toString());
        }
        String names = TableModel.names(cols.stream().map(Column::name).toList());
        int verb = r.nextInt(6);
        boolean keyed = !model.uniqueKey().isEmpty();
        if (keyed && verb == 0) return "REPLACE INTO " + table() + " (" + names + ") VALUES " + rows;
        String insert =
                "INSERT " + (verb == 1 ? "IGNORE " : "") + "INTO " + table() + " (" + names + ") VALUES " + rows;
        if (keyed && verb == 2) {
            Column c = cols.get(r.nextInt(cols.size()));
            return insert + " ON DUPLICATE KEY UPDATE " + TableModel.q(c.name()) + " = " + value(c);
        }
        return insert;
    }

    String update() {
        List<Column> settable = new ArrayList<>();
        for (Column c : model.writable()) {
            boolean key = TableModel.contains(model.primaryKey, c.name());
            if (model.referenced && key) continue;
            if (!key || f.contains(Feature.KEY_UPDATES) && r.nextInt(4) == 0) settable.add(c);
        }
        if (settable.isEmpty()) return delete();
        StringJoiner sets = new StringJoiner(", ");
        int n = 1 + r.nextInt(Math.min(3, settable.size()));
        boolean keyChange = false;
        for (int i = 0; i < n; i++) {
            Column c = settable.remove(r.nextInt(settable.size()));
            keyChange |= TableModel.contains(model.primaryKey, c.name()) || model.inAnyKey(c.name());
            sets.add(TableModel.q(c.name()) + " = " + value(c));
        }
        return "UPDATE " + table() + " SET " + sets + " ORDER BY RAND(" + r.nextInt(1000) + ") LIMIT "
                + (keyChange ? 1 : 1 + r.nextInt(3));
    }

    String delete() {
        return "DELETE FROM " + table() + " ORDER BY RAND(" + r.nextInt(1000) + ") LIMIT " + (1 + r.nextInt(2));
    }

    private String value(Column c) {
        if (model.referenced && TableModel.contains(model.primaryKey, c.name())) {
            return String.valueOf(model.nextParentId++);
        }
        if (model.foreignKey != null && model.foreignKey.column().equalsIgnoreCase(c.name())) {
            return r.nextInt(5) == 0 ? "NULL" : String.valueOf(1 + r.nextInt(Math.max(1, parent.model.nextParentId)));
        }
        if (c.nullable() && r.nextInt(5) == 0) return "NULL";
        boolean key = model.inAnyKey(c.name());
        return c.type().literal(r, key ? Set.of() : f, model.charset, false);
    }

    // ---- schema changes ----

    /**
     * A schema change of 1-3 clauses. {@code online}: one that gh-ost and pt-osc copy faithfully
     * (their INSERT IGNORE copy would silently drop or convert rows a narrowing change refuses).
     */
    Alter alter(boolean online) {
        List<String> clauses = new ArrayList<>();
        List<Consumer<TableModel>> steps = new ArrayList<>();
        java.util.Map<String, String> renames = new java.util.HashMap<>();
        TableModel scratch = model.copy();
        Set<String> taken = new HashSet<>();
        for (Column c : scratch.columns) taken.add(c.name().toLowerCase(Locale.ROOT));
        Set<String> touched = new HashSet<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n * 3 && clauses.size() < n; i++) {
            int pick = r.nextInt(9);
            String clause = null;
            Consumer<TableModel> step = null;
            List<Column> plainCols = scratch.columns.stream()
                    .filter(c ->
                            c.generated() == null && !scratch.inAnyKey(c.name()) && !renames.containsValue(c.name()))
                    .toList();
            Set<String> before = new HashSet<>();
            for (Column c : scratch.columns) before.add(c.name().toLowerCase(Locale.ROOT));
            Column drawn = plainCols.isEmpty() ? null : plainCols.get(r.nextInt(plainCols.size()));
            // One clause per column unless COLUMN_TWICE_IN_ALTER (checked after the draw: seeds keep their values).
            Column target = drawn != null
                            && touched.contains(drawn.name().toLowerCase(Locale.ROOT))
                            && !f.contains(Feature.COLUMN_TWICE_IN_ALTER)
                    ? null
                    : drawn;
            switch (pick) {
                case 0, 1 -> {
                    Column c = f.contains(Feature.GENERATED_COLUMNS) && r.nextInt(4) == 0 && !online
                            ? generatedFor(scratch, taken)
                            : newColumn(taken, true);
                    String after = r.nextInt(3) == 0
                            ? ""
                            : r.nextBoolean() || scratch.columns.isEmpty()
                                    ? null
                                    : scratch.columns
                                            .get(r.nextInt(scratch.columns.size()))
                                            .name();
                    clause = "ADD COLUMN " + c.definition()
                            + (after == null ? "" : after.isEmpty() ? " FIRST" : " AFTER " + TableModel.q(after));
                    step = m -> m.addColumn(c, after);
                }
                case 2 -> {
                    if (target == null || scratch.columns.size() < 3) continue;
                    clause = "DROP COLUMN " + TableModel.q(target.name());
                    step = m -> m.dropColumn(target.name());
                }
                case 3 -> {
                    if (target == null) continue;
                    ColumnType wider = target.type().widened(r);
                    if (wider == null) continue;
                    boolean toNull = !target.nullable() && r.nextInt(3) == 0;
                    boolean keepDefault = target.defaultSql() != null
                            && (!toNull || f.contains(Feature.NULL_WITH_DEFAULT))
                            && defaultAllowed(wider, true)
                            && !(wider.kind == Kind.TEXT)
                            && !target.defaultSql().startsWith("CURRENT_TIMESTAMP");
                    Column c = new Column(
                            target.name(),
                            wider,
                            target.nullable() || toNull,
                            keepDefault ? target.defaultSql() : null,
                            false,
                            null);
                    clause = "MODIFY COLUMN " + c.definition();
                    step = m -> m.replaceColumn(target.name(), c);
                }
                case 4 -> {
                    if (target == null) continue;
                    String to = name(taken, "r" + (names++) + "_" + plain(target.type()));
                    Column c = target.renamed(to);
                    clause = "CHANGE COLUMN " + TableModel.q(target.name()) + " " + c.definition();
                    renames.put(target.name(), to);
                    step = m -> m.replaceColumn(target.name(), c);
                }
                case 5 -> {
                    if (target == null || target.type().kind == Kind.JSON) continue;
                    if (target.defaultSql() != null && r.nextBoolean()) {
                        clause = "ALTER COLUMN " + TableModel.q(target.name()) + " DROP DEFAULT";
                        Column c = new Column(
                                target.name(), target.type(), target.nullable(), null, target.onUpdateNow(), null);
                        step = m -> m.replaceColumn(target.name(), c);
                    } else {
                        if (target.nullable() && !f.contains(Feature.NULL_WITH_DEFAULT)
                                || !defaultAllowed(target.type(), true)) {
                            continue;
                        }
                        String def = target.type().smallLiteral(r, scratch.charset);
                        clause = "ALTER COLUMN " + TableModel.q(target.name()) + " SET DEFAULT " + def;
                        Column c = new Column(
                                target.name(), target.type(), target.nullable(), def, target.onUpdateNow(), null);
                        step = m -> m.replaceColumn(target.name(), c);
                    }
                }
                case 6, 7 -> {
                    List<Column> keyable = scratch.writable().stream()
                            .filter(c -> indexable(c.type()))
                            .toList();
                    if (keyable.isEmpty()) continue;
                    Column c = keyable.get(r.nextInt(keyable.size()));
                    String ix = "ix" + (names++);
                    // Known gap: a keyless table given a nullable unique key later is not refused (only at start).
                    boolean uniq = !online
                            && f.contains(Feature.UNIQUE_KEYS)
                            && r.nextInt(3) == 0
                            && (!scratch.primaryKey.isEmpty() || !c.nullable());
                    clause = "ADD " + (uniq ? "UNIQUE " : "") + "INDEX " + TableModel.q(ix) + " ("
                            + TableModel.q(c.name()) + ")";
                    step = m -> {
                        m.indexes.put(ix, List.of(c.name()));
                        m.unique.put(ix, uniq);
                    };
                }
                default -> {
                    List<String> droppable = scratch.indexes.keySet().stream()
                            .filter(ix -> !ix.startsWith("uk_") || !online)
                            .toList();
                    if (droppable.isEmpty() || scratch.foreignKey != null) continue;
                    String ix = droppable.get(r.nextInt(droppable.size()));
                    clause = "DROP INDEX " + TableModel.q(ix);
                    step = m -> {
                        m.indexes.remove(ix);
                        m.unique.remove(ix);
                    };
                }
            }
            clauses.add(clause);
            steps.add(step);
            step.accept(scratch);
            if (target != null) touched.add(target.name().toLowerCase(Locale.ROOT));
            for (Column c : scratch.columns) {
                if (!before.contains(c.name().toLowerCase(Locale.ROOT)))
                    touched.add(c.name().toLowerCase(Locale.ROOT));
            }
        }
        if (clauses.isEmpty()) {
            Column c = newColumn(taken, true);
            clauses.add("ADD COLUMN " + c.definition());
            steps.add(m -> m.addColumn(c, null));
        }
        return new Alter(String.join(", ", clauses), m -> steps.forEach(s -> s.accept(m)), renames);
    }

    private Column generatedFor(TableModel scratch, Set<String> taken) {
        TableModel saved = model;
        model = scratch;
        try {
            return generatedColumn(taken, false);
        } finally {
            model = saved;
        }
    }

    /**
     * Binary DEFAULTs (random bytes, not UTF-8) only with {@link Feature#BINARY_DEFAULTS}; a TIMESTAMP
     * literal DEFAULT in an ALTER only with {@link Feature#TIMESTAMP_DEFAULT_IN_ALTER}.
     */
    private boolean defaultAllowed(ColumnType t, boolean inAlter) {
        boolean binary = t.kind.binary() || "binary".equals(t.valueCharset(model.charset));
        boolean timestamp = inAlter && t.kind == Kind.TIMESTAMP;
        return (!binary || f.contains(Feature.BINARY_DEFAULTS))
                && (!timestamp || f.contains(Feature.TIMESTAMP_DEFAULT_IN_ALTER));
    }

    private static boolean indexable(ColumnType t) {
        return t.kind.integer()
                || t.kind == Kind.DECIMAL
                || t.kind.temporal()
                || t.kind == Kind.CHAR
                || t.kind == Kind.VARCHAR && t.length <= 200
                || t.kind == Kind.BINARY
                || t.kind == Kind.VARBINARY
                || t.kind == Kind.ENUM
                || t.kind == Kind.BIT
                || t.kind == Kind.FLOAT
                || t.kind == Kind.DOUBLE;
    }
}
