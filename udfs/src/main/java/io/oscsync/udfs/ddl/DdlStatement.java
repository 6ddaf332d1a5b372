package io.oscsync.udfs.ddl;

import io.oscsync.udfs.TableId;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A DDL statement recognised by shape, with the position of every table name in its text, so
 * that names can be rewritten while every other byte (clauses, comments, spacing) is kept.
 * Shapes it cannot read with certainty raise {@link UnsupportedDdlException}.
 */
public final class DdlStatement implements Serializable {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    CREATE_TABLE, CREATE_TABLE_LIKE, ALTER_TABLE, DROP_TABLE, RENAME_TABLE, TRUNCATE_TABLE,
    CREATE_INDEX, DROP_INDEX, CREATE_DATABASE, DROP_DATABASE, ANALYZE_TABLE,
    /** Triggers, views, routines, events: the caller ignores them, nothing to rewrite. */
    OTHER_IGNORED
  }

  private final String sql;
  private final Kind kind;
  private final String eventType;
  private final List<NameRef> refs;
  private final List<int[]> renamePairs;
  private final NameRef database;

  DdlStatement(String sql, Kind kind, String eventType, List<NameRef> refs, List<int[]> renamePairs, NameRef database) {
    this.sql = sql;
    this.kind = kind;
    this.eventType = eventType;
    this.refs = List.copyOf(refs);
    this.renamePairs = new ArrayList<>(renamePairs);
    this.database = database;
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
        .map(p -> new RenamePair(refs.get(p[0]).resolve(defaultSchema, sql), refs.get(p[1]).resolve(defaultSchema, sql)))
        .toList();
  }

  /**
   * The original text with each table name replaced by {@code mapping.apply(table).quoted()}
   * (always schema-qualified) and every other character kept.
   */
  public String rewrite(String defaultSchema, UnaryOperator<TableId> mapping) {
    StringBuilder out = new StringBuilder(sql.length() + 32);
    int copied = 0;
    for (NameRef ref : refs) {
      out.append(sql, copied, ref.start()).append(mapping.apply(ref.resolve(defaultSchema, sql)).quoted());
      copied = ref.end();
    }
    return out.append(sql, copied, sql.length()).toString();
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
    return DdlNormalizer.normalize(MySqlLexer.tokenize(sql));
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
    if (kind != Kind.ALTER_TABLE && kind != Kind.CREATE_TABLE) {
      return List.of();
    }
    List<Token> tokens = MySqlLexer.tokenize(sql);
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
    return clause.size() >= 2 && ((clause.get(0).isWord("order") && clause.get(1).isWord("by"))
        || clause.get(1).isWord("partition"));
  }

  /**
   * ALTER TABLE as one statement per clause, in order, for a server that takes one change per
   * statement: the text up to the table name, then the clause verbatim. A RENAME TO clause goes
   * last, as MySQL renames after the other changes wherever it is written. A statement with
   * fewer than two clauses comes back unchanged.
   */
  public List<String> splitAlter() {
    if (kind != Kind.ALTER_TABLE) {
      throw new IllegalStateException("not an ALTER TABLE statement: " + sql);
    }
    List<List<Token>> clauses = clauses();
    if (clauses.size() < 2) {
      return List.of(sql);
    }
    String head = sql.substring(0, refs.get(0).end()) + " ";
    List<String> statements = new ArrayList<>();
    String rename = null;
    for (List<Token> clause : clauses) {
      String text = head + sql.substring(clause.get(0).start(), clause.get(clause.size() - 1).end());
      boolean tableRename = clause.get(0).isWord("rename") && clause.size() > 1
          && !(clause.get(1).isWord("column") || clause.get(1).isWord("index") || clause.get(1).isWord("key"));
      if (tableRename) {
        rename = text;
      } else {
        statements.add(text);
      }
    }
    if (rename != null) {
      statements.add(rename);
    }
    return statements;
  }

  @Override
  public String toString() {
    return kind + ": " + sql;
  }
}
