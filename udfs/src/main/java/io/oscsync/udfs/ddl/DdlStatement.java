package io.oscsync.udfs.ddl;

import io.oscsync.udfs.TableId;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A DDL statement recognised by shape, with the position of every table name in its text, so
 * that names can be rewritten while every other byte (clauses, comments, spacing) is kept, and
 * its changes read as {@link AlterClause}s. Shapes it cannot read with certainty raise
 * {@link UnsupportedDdlException}.
 *
 * <p>A statement is parsed once, where it enters the job; rewriting its names, splitting it into
 * clauses and {@link #writeTo serializing} it keep the parsed form, so nothing after the source
 * reads the text again.
 */
public final class DdlStatement implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        CREATE_TABLE,
        CREATE_TABLE_LIKE,
        ALTER_TABLE,
        DROP_TABLE,
        RENAME_TABLE,
        TRUNCATE_TABLE,
        CREATE_INDEX,
        DROP_INDEX,
        CREATE_DATABASE,
        DROP_DATABASE,
        ANALYZE_TABLE,
        /** Triggers, views, routines, events: the caller ignores them, nothing to rewrite. */
        OTHER_IGNORED
    }

    private final String sql;
    private final Kind kind;
    private final String eventType;
    private final List<NameRef> refs;
    private final List<int[]> renamePairs;
    private final NameRef database;
    private final List<AlterClause> alterClauses;
    private transient String normalized;

    private DdlStatement(
            String sql,
            Kind kind,
            String eventType,
            List<NameRef> refs,
            List<int[]> renamePairs,
            NameRef database,
            List<AlterClause> alterClauses) {
        this.sql = sql;
        this.kind = kind;
        this.eventType = eventType;
        this.refs = List.copyOf(refs);
        this.renamePairs = new ArrayList<>(renamePairs);
        this.database = database;
        this.alterClauses = List.copyOf(alterClauses);
    }

    /** A parsed statement; {@code tokens} are its text's, for reading its clauses. */
    static DdlStatement parsed(
            String sql,
            List<Token> tokens,
            Kind kind,
            String eventType,
            List<NameRef> refs,
            List<int[]> renamePairs,
            NameRef database) {
        List<AlterClause> clauses = switch (kind) {
            case ALTER_TABLE ->
                bodyOf(tokens, kind, refs).stream()
                        .filter(t -> !t.isEmpty())
                        .map(AlterClause::of)
                        .toList();
            case CREATE_INDEX -> List.of(AlterClause.createIndex(tokens, sql));
            case DROP_INDEX -> List.of(AlterClause.dropIndex(tokens, sql));
            default -> List.of();
        };
        return new DdlStatement(sql, kind, eventType, refs, renamePairs, database, clauses);
    }

    /** @throws UnsupportedDdlException for anything that is not one of the shapes of {@link Kind} */
    public static DdlStatement parse(String sql) {
        return DdlParser.parse(sql);
    }

    public String sql() {
        return sql;
    }

    public Kind kind() {
        return kind;
    }

    /** The DM binlog-filter event name, e.g. "alter table"; for ignored kinds e.g. "create trigger". */
    public String eventType() {
        return eventType;
    }

    /** Every table named, in text order; a missing schema is taken from {@code defaultSchema}. */
    public List<TableId> tables(String defaultSchema) {
        return refs.stream().map(r -> r.resolve(defaultSchema, sql)).toList();
    }

    /** The table the statement is about (the first named), or null when it names none. */
    public TableId subject(String defaultSchema) {
        return refs.isEmpty() ? null : refs.get(0).resolve(defaultSchema, sql);
    }

    /** The database of CREATE/DROP DATABASE, null for every other kind. */
    public String databaseName() {
        return database == null ? null : database.name();
    }

    /** For RENAME TABLE each pair in order; for ALTER TABLE ... RENAME the one rename; else empty. */
    public List<RenamePair> renames(String defaultSchema) {
        return renamePairs.stream()
                .map(p -> new RenamePair(
                        refs.get(p[0]).resolve(defaultSchema, sql),
                        refs.get(p[1]).resolve(defaultSchema, sql)))
                .toList();
    }

    /**
     * The original text with each table name replaced by {@code mapping.apply(table).quoted()}
     * (always schema-qualified) and every other character kept.
     */
    public String rewrite(String defaultSchema, UnaryOperator<TableId> mapping) {
        return rewritten(defaultSchema, mapping).sql;
    }

    /** As {@link #rewrite}, keeping the parsed form: names and clauses moved to where they are in the new text. */
    public DdlStatement rewritten(String defaultSchema, UnaryOperator<TableId> mapping) {
        StringBuilder out = new StringBuilder(sql.length() + 32);
        List<NameRef> newRefs = new ArrayList<>(refs.size());
        int[] oldEnds = new int[refs.size()];
        int[] shifts = new int[refs.size()];
        int copied = 0;
        for (int i = 0; i < refs.size(); i++) {
            NameRef ref = refs.get(i);
            TableId to = mapping.apply(ref.resolve(defaultSchema, sql));
            out.append(sql, copied, ref.start());
            int start = out.length();
            out.append(to.quoted());
            newRefs.add(new NameRef(start, out.length(), to.schema(), to.table()));
            oldEnds[i] = ref.end();
            shifts[i] = out.length() - ref.end();
            copied = ref.end();
        }
        out.append(sql, copied, sql.length());
        List<AlterClause> clauses = new ArrayList<>(alterClauses.size());
        for (AlterClause c : alterClauses) {
            clauses.add(c.shifted(moved(c.start(), oldEnds, shifts), moved(c.end(), oldEnds, shifts)));
        }
        return new DdlStatement(out.toString(), kind, eventType, newRefs, renamePairs, database, clauses);
    }

    /** Where {@code position} (never inside a name) is after the names ending at or before it were replaced. */
    private static int moved(int position, int[] oldEnds, int[] shifts) {
        int shift = 0;
        for (int i = 0; i < oldEnds.length && oldEnds[i] <= position; i++) {
            shift = shifts[i];
        }
        return position + shift;
    }

    /** What an ALTER TABLE's clauses do, in order; a CREATE/DROP INDEX's one change; empty for other kinds. */
    public List<AlterClause> alterClauses() {
        return alterClauses;
    }

    /** An ALTER that only sets AUTO_INCREMENT (gh-ost sets it on its ghost): a counter, no schema. */
    public boolean onlySetsAutoIncrement() {
        return kind == Kind.ALTER_TABLE
                && !alterClauses.isEmpty()
                && alterClauses.stream().allMatch(c -> c.kind() == AlterClause.Kind.AUTO_INCREMENT);
    }

    /**
     * This statement without an ALTER's ALGORITHM= and LOCK= clauses, which say how the server runs
     * the change and not what it changes; null when the ALTER had no other clause.
     */
    public DdlStatement withoutAlgorithmAndLock() {
        if (kind != Kind.ALTER_TABLE) return this;
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < alterClauses.size(); i++) {
            AlterClause.Kind k = alterClauses.get(i).kind();
            if (k != AlterClause.Kind.ALGORITHM && k != AlterClause.Kind.LOCK) keep.add(i);
        }
        if (keep.size() == alterClauses.size()) return this;
        return keep.isEmpty() ? null : withClauses(keep);
    }

    /** For CREATE/DROP DATABASE: the text with the database name replaced, everything else kept. */
    public String rewriteDatabase(String newName) {
        if (database == null) {
            throw new IllegalStateException("not a database statement: " + sql);
        }
        return sql.substring(0, database.start()) + TableId.quote(newName) + sql.substring(database.end());
    }

    /** A canonical form for comparing statements; see {@link DdlNormalizer}. */
    public String normalized() {
        if (normalized == null) {
            normalized = DdlNormalizer.normalize(MySqlLexer.tokenize(sql));
        }
        return normalized;
    }

    /** The canonical form of a run of tokens, e.g. one clause's column definition. */
    public static String normalize(List<Token> tokens) {
        return DdlNormalizer.normalize(tokens);
    }

    /** {@code RENAME TABLE a TO b, c TO d} as one fully qualified statement per pair. */
    public static List<String> splitRename(String sql, String defaultSchema) {
        DdlStatement statement = parse(sql);
        if (statement.kind != Kind.RENAME_TABLE) {
            throw new IllegalArgumentException("not a RENAME TABLE statement: " + sql);
        }
        return statement.renames(defaultSchema).stream()
                .map(p -> "RENAME TABLE " + p.from().quoted() + " TO " + p.to().quoted())
                .toList();
    }

    /**
     * The top-level parts of the body, as token runs: for ALTER TABLE each clause after the table
     * name, for CREATE TABLE each column or index definition; empty for every other kind. A
     * clause that takes a list ({@code ORDER BY a, b}, {@code DROP PARTITION p1, p2}) is one part.
     */
    public List<List<Token>> clauses() {
        return bodyOf(MySqlLexer.tokenize(sql), kind, refs);
    }

    private static List<List<Token>> bodyOf(List<Token> tokens, Kind kind, List<NameRef> refs) {
        if (kind != Kind.ALTER_TABLE && kind != Kind.CREATE_TABLE) {
            return List.of();
        }
        int end = tokens.size();
        while (end > 0 && tokens.get(end - 1).isSymbol(";")) {
            end--;
        }
        int from = 0;
        while (from < end && tokens.get(from).start() < refs.get(0).end()) {
            from++;
        }
        if (kind == Kind.ALTER_TABLE) {
            return splitAtCommas(tokens.subList(from, end), true);
        }
        int close = from;
        for (int depth = 0; close < end; close++) {
            depth += tokens.get(close).isSymbol("(") ? 1 : tokens.get(close).isSymbol(")") ? -1 : 0;
            if (depth == 0) {
                break;
            }
        }
        return splitAtCommas(tokens.subList(from + 1, close), false);
    }

    /** Splits a token run at the commas outside parentheses, e.g. the column list of {@code ADD (a INT, b INT)}. */
    public static List<List<Token>> splitAtCommas(List<Token> tokens) {
        return splitAtCommas(tokens, false);
    }

    private static List<List<Token>> splitAtCommas(List<Token> tokens, boolean alter) {
        List<List<Token>> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            depth += t.isSymbol("(") ? 1 : t.isSymbol(")") ? -1 : 0;
            if (depth == 0 && t.isSymbol(",") && !(alter && takesList(tokens.subList(start, i)))) {
                parts.add(List.copyOf(tokens.subList(start, i)));
                start = i + 1;
            }
        }
        if (start < tokens.size()) {
            parts.add(List.copyOf(tokens.subList(start, tokens.size())));
        }
        return parts;
    }

    /** ORDER BY and the partition operations (DROP PARTITION ...) list names after commas, to the end. */
    private static boolean takesList(List<Token> clause) {
        return clause.size() >= 2
                && ((clause.get(0).isWord("order") && clause.get(1).isWord("by"))
                        || clause.get(1).isWord("partition"));
    }

    /**
     * ALTER TABLE as one statement per clause, in order, for a server that takes one change per
     * statement: the text up to the table name, then the clause verbatim. A RENAME TO clause goes
     * last, as MySQL renames after the other changes wherever it is written. A statement with
     * fewer than two clauses comes back unchanged.
     */
    public List<String> splitAlter() {
        return clauseStatements().stream().map(DdlStatement::sql).toList();
    }

    /** As {@link #splitAlter}, each part a statement of its own, built from this one's parsed form. */
    public List<DdlStatement> clauseStatements() {
        if (kind != Kind.ALTER_TABLE) {
            throw new IllegalStateException("not an ALTER TABLE statement: " + sql);
        }
        if (alterClauses.size() < 2) {
            return List.of(this);
        }
        List<DdlStatement> statements = new ArrayList<>();
        DdlStatement rename = null;
        for (AlterClause c : alterClauses) {
            DdlStatement part = clauseStatement(c);
            if (c.kind() == AlterClause.Kind.RENAME_TABLE) {
                rename = part;
            } else {
                statements.add(part);
            }
        }
        if (rename != null) {
            statements.add(rename);
        }
        return statements;
    }

    /**
     * This ALTER TABLE with only the clauses at {@code keep} (indexes into {@link #alterClauses()},
     * in order), joined by commas after the table name: what is left when a filter drops the others.
     */
    public DdlStatement withClauses(List<Integer> keep) {
        if (kind != Kind.ALTER_TABLE || keep.isEmpty()) {
            throw new IllegalArgumentException("needs an ALTER TABLE and at least one clause: " + sql);
        }
        if (keep.size() == alterClauses.size()) {
            return this;
        }
        StringBuilder text = new StringBuilder(sql.substring(0, refs.get(0).end())).append(' ');
        List<NameRef> partRefs = new ArrayList<>(List.of(refs.get(0)));
        List<AlterClause> clauses = new ArrayList<>();
        List<int[]> pairs = new ArrayList<>();
        for (int k : keep) {
            AlterClause c = alterClauses.get(k);
            if (!clauses.isEmpty()) text.append(", ");
            int shift = text.length() - c.start();
            for (NameRef r : refs.subList(1, refs.size())) {
                if (r.start() >= c.start() && r.end() <= c.end()) {
                    if (c.kind() == AlterClause.Kind.RENAME_TABLE) pairs.add(new int[] {0, partRefs.size()});
                    partRefs.add(new NameRef(r.start() + shift, r.end() + shift, r.schema(), r.name()));
                }
            }
            text.append(sql, c.start(), c.end());
            clauses.add(c.shifted(c.start() + shift, c.end() + shift));
        }
        return new DdlStatement(text.toString(), kind, eventType, partRefs, pairs, database, clauses);
    }

    private DdlStatement clauseStatement(AlterClause c) {
        String head = sql.substring(0, refs.get(0).end()) + " ";
        int shift = head.length() - c.start();
        List<NameRef> partRefs = new ArrayList<>(List.of(refs.get(0)));
        for (NameRef r : refs.subList(1, refs.size())) {
            if (r.start() >= c.start() && r.end() <= c.end()) {
                partRefs.add(new NameRef(r.start() + shift, r.end() + shift, r.schema(), r.name()));
            }
        }
        List<int[]> pairs = c.kind() == AlterClause.Kind.RENAME_TABLE ? List.of(new int[] {0, 1}) : List.of();
        return new DdlStatement(
                head + sql.substring(c.start(), c.end()),
                kind,
                eventType,
                partRefs,
                pairs,
                database,
                List.of(c.shifted(c.start() + shift, c.end() + shift)));
    }

    /** Format of {@link #writeTo}: 1 = first. */
    private static final int FORMAT = 1;

    /** The parsed statement in binary form, for Flink state and the wire; {@link #readFrom} reads it. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        writeString(sql, out);
        writeString(kind.name(), out);
        writeString(eventType, out);
        out.writeInt(refs.size());
        for (NameRef r : refs) {
            writeRef(r, out);
        }
        out.writeInt(renamePairs.size());
        for (int[] p : renamePairs) {
            out.writeInt(p[0]);
            out.writeInt(p[1]);
        }
        out.writeBoolean(database != null);
        if (database != null) {
            writeRef(database, out);
        }
        out.writeInt(alterClauses.size());
        for (AlterClause c : alterClauses) {
            writeString(c.kind().name(), out);
            writeString(c.name(), out);
            writeString(c.definition(), out);
            out.writeInt(c.start());
            out.writeInt(c.end());
        }
    }

    public static DdlStatement readFrom(DataInput in) throws IOException {
        int format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("parsed DDL in format " + format + ", this build reads " + FORMAT
                    + "; was the state written by a newer osc-sync?");
        }
        String sql = readString(in);
        Kind kind = Kind.valueOf(readString(in));
        String eventType = readString(in);
        List<NameRef> refs = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            refs.add(readRef(in));
        }
        List<int[]> pairs = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            pairs.add(new int[] {in.readInt(), in.readInt()});
        }
        NameRef database = in.readBoolean() ? readRef(in) : null;
        List<AlterClause> clauses = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            clauses.add(new AlterClause(
                    AlterClause.Kind.valueOf(readString(in)),
                    readString(in),
                    readString(in),
                    in.readInt(),
                    in.readInt()));
        }
        return new DdlStatement(sql, kind, eventType, refs, pairs, database, clauses);
    }

    private static void writeRef(NameRef r, DataOutput out) throws IOException {
        out.writeInt(r.start());
        out.writeInt(r.end());
        writeString(r.schema(), out);
        writeString(r.name(), out);
    }

    private static NameRef readRef(DataInput in) throws IOException {
        return new NameRef(in.readInt(), in.readInt(), readString(in), readString(in));
    }

    private static void writeString(String s, DataOutput out) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DdlStatement d)) {
            return false;
        }
        return sql.equals(d.sql)
                && kind == d.kind
                && Objects.equals(eventType, d.eventType)
                && refs.equals(d.refs)
                && Objects.equals(database, d.database)
                && alterClauses.equals(d.alterClauses)
                && renamePairs.size() == d.renamePairs.size()
                && java.util.stream.IntStream.range(0, renamePairs.size())
                        .allMatch(i -> java.util.Arrays.equals(renamePairs.get(i), d.renamePairs.get(i)));
    }

    @Override
    public int hashCode() {
        return Objects.hash(sql, kind);
    }

    @Override
    public String toString() {
        return kind + ": " + sql;
    }
}
